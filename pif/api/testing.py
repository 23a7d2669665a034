"""URL samples for the test that walks every URL: API tokens' pages."""

from datetime import timedelta

from django.utils import timezone

from pif.actors import COMMAND_LINE


def _personal_token(world) -> int:
    """A token of the world's viewer: the only person whose revoke page opens for it."""
    from pif.api import tokens

    token, _ = tokens.create_personal(COMMAND_LINE, world.viewer, "Walk sample",
                                      timezone.now() + timedelta(days=30))
    return token.pk


def _service_token(world) -> int:
    from pif.api import tokens

    token, _ = tokens.create_service(COMMAND_LINE, world.council, "Walk sample", "viewer",
                                     timezone.now() + timedelta(days=30))
    return token.pk


URL_KWARG_SAMPLES = {
    "token_id": _personal_token,
    "service_token_id": _service_token,
}
URL_STATUS_OVERRIDES = {
    # A person opens only their own token's page; anyone else's is "not found".
    ("api_token_revoke", "GET"): dict.fromkeys(("outsider", "contributor", "editor", "admin"),
                                               404),
}
