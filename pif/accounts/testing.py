"""Samples for the test that walks every URL (pif/partnerships/tests/test_access_walk.py)."""

from pif.accounts.models import ExternalIdentity

PEOPLE_SIGNED_IN = ("outsider", "viewer", "contributor", "editor", "admin")


def _viewers_identity(world) -> int:
    identity = ExternalIdentity.objects.create(
        user=world.viewer, provider="council", issuer="https://login.alpha.test",
        subject="viewer-subject", email=world.viewer.email)
    return identity.pk


URL_KWARG_SAMPLES = {
    # The walk runs with no providers set up, so every provider's address answers 404.
    "provider": lambda world: "council",
    "identity_id": _viewers_identity,
}

URL_STATUS_OVERRIDES = {
    ("sso_start", "GET"): dict.fromkeys(("anonymous",) + PEOPLE_SIGNED_IN, 404),
    ("sso_callback", "GET"): dict.fromkeys(("anonymous",) + PEOPLE_SIGNED_IN, 404),
    # Only its owner may open an organisation sign-in's unlink page.
    ("sso_unlink", "GET"): {"outsider": 404, "contributor": 404, "editor": 404, "admin": 404},
}
