"""The shared test world: two partnerships, their organisations, one user per role and an
outsider. Tests across PIF's apps build on it (see conftest.py's `world` fixture)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from pif.partnerships.models import Membership, Organisation, Partnership

PASSWORD = "correct-horse-battery-staple"
ROLES = ("viewer", "contributor", "editor", "admin")


@dataclass
class World:
    partnership: Partnership
    other_partnership: Partnership
    council: Organisation
    health_board: Organisation
    other_council: Organisation
    users: dict
    outsider: object

    def membership(self, role: str) -> Membership:
        return Membership.objects.get(partnership=self.partnership, user=self.users[role])

    def sample_indicator(self):
        """An indicator owned by the contributor's organisation, with a little data."""
        from pif.measures.testing import make_indicator

        if not hasattr(self, "_indicator"):
            self._indicator = make_indicator(self.partnership, owner=self.health_board,
                                             code="AE-4HR", values=[90.1, 91.2, 89.5, 92.0])
        return self._indicator

    def sample_upload(self):
        from pif.measures.models import Upload

        if not hasattr(self, "_upload"):
            self._upload = Upload.objects.create(
                partnership=self.partnership, uploaded_by=self.contributor,
                filename="values.csv",
                content=b"indicator,period,value\nAE-4HR,2024-05,90.5\n")
        return self._upload

    @property
    def admin(self):
        return self.users["admin"]

    @property
    def editor(self):
        return self.users["editor"]

    @property
    def contributor(self):
        return self.users["contributor"]

    @property
    def viewer(self):
        return self.users["viewer"]


def make_user(email: str, full_name: str = "", **extra):
    return get_user_model().objects.create_user(email=email, password=PASSWORD,
                                                full_name=full_name, **extra)


def build_world() -> World:
    partnership = Partnership.objects.create(name="Alpha Partnership", short_name="alpha")
    other = Partnership.objects.create(name="Beta Partnership", short_name="beta")
    council = Organisation.objects.create(partnership=partnership, name="Alpha Council",
                                          kind="council", short_code="AC")
    health_board = Organisation.objects.create(partnership=partnership, name="NHS Alpha",
                                               kind="health_board", short_code="NHSA")
    other_council = Organisation.objects.create(partnership=other, name="Beta Council",
                                                kind="council", short_code="BC")
    users = {}
    for role in ROLES:
        users[role] = make_user(f"{role}@alpha.test", role.capitalize())
        # Each invited by the partnership's admin, who typed their name.
        Membership.objects.create(partnership=partnership, user=users[role], role=role,
                                  organisation=health_board if role == "contributor" else council,
                                  name_given_here=True)
    outsider = make_user("outsider@beta.test", "Outsider")
    Membership.objects.create(partnership=other, user=outsider, role="admin",
                              organisation=other_council, name_given_here=True)
    return World(partnership, other, council, health_board, other_council, users, outsider)


# Sample values for URL keyword arguments, used by the test that walks every URL pattern.
# A new URL with a new keyword needs a sample here, or that test fails and says so. The walk
# makes every sample once, before its first request, and shares them between its tests.
URL_KWARG_SAMPLES = {
    "short_name": lambda world: world.partnership.short_name,
    "slug": lambda world: "vision",
    "organisation_id": lambda world: world.council.pk,
    "membership_id": lambda world: world.membership("viewer").pk,
    "uidb64": lambda world: "MQ",
    "token": lambda world: "not-a-real-token",
    "code": lambda world: world.sample_indicator().code,
    "fmt": lambda world: "csv",
    "upload_id": lambda world: world.sample_upload().pk,
}

# Where a page's answer differs from what its access rule alone implies.
URL_STATUS_OVERRIDES = {
    # Signed-in people are sent on from the sign-in page.
    ("login", "GET"): {"outsider": 302, "viewer": 302, "contributor": 302, "editor": 302,
                       "admin": 302},
    # Signing out is POST only.
    ("logout", "GET"): {"outsider": 405, "viewer": 405, "contributor": 405, "editor": 405,
                        "admin": 405},
}
