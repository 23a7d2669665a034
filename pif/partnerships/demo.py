"""The demo partnership that `pif demo` loads.

Loch Arden is an invented area: the partnership, its people and its organisations are
made up for the demo (later stages add real published data, stated as such).
Other apps extend the demo with `register(step)`; each step receives the partnership and
the demo users by role, and must be safe to run once on a fresh partnership.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from pif import history_writes
from pif.actors import DEMO, Actor
from pif.partnerships import services
from pif.partnerships.models import Membership, Organisation, Partnership

SHORT_NAME = "loch-arden"
NAME = "Loch Arden Community Planning Partnership"
ORGANISATIONS = [
    ("Loch Arden Council", Organisation.Kind.COUNCIL, "LAC"),
    ("NHS Loch Arden", Organisation.Kind.HEALTH_BOARD, "NHSLA"),
    ("Police Scotland, Loch Arden Division", Organisation.Kind.POLICE, "PSLA"),
    ("Scottish Fire and Rescue Service, Loch Arden", Organisation.Kind.FIRE, "SFRS"),
    ("Loch Arden Third Sector Interface", Organisation.Kind.THIRD_SECTOR, "LATSI"),
    ("Arden Community Councils Forum", Organisation.Kind.COMMUNITY, "ACCF"),
]


@dataclass(frozen=True)
class DemoUser:
    role: str
    email: str
    full_name: str
    password: str
    organisation_code: str = ""


DEMO_USERS = [
    DemoUser(Membership.Role.ADMIN, "admin@example.org", "Morag Campbell",
             "admin-demo-2026", "LAC"),
    DemoUser(Membership.Role.EDITOR, "editor@example.org", "Priya Shah",
             "editor-demo-2026", "LAC"),
    DemoUser(Membership.Role.CONTRIBUTOR, "contributor@example.org", "Alasdair Fraser",
             "contributor-demo-2026", "NHSLA"),
    DemoUser(Membership.Role.VIEWER, "viewer@example.org", "Joan Kerr",
             "viewer-demo-2026", "LATSI"),
]

DemoStep = Callable[[Partnership, dict], None]
_steps: list[DemoStep] = []


def register(step: DemoStep) -> None:
    if step not in _steps:
        _steps.append(step)


def demo_actor(user) -> Actor:
    """Who makes the demo's changes: `user`, through the demo, so History says so."""
    return Actor(user=user, via=DEMO)


def _user(demo_user: DemoUser):
    user, _ = get_user_model().objects.get_or_create(
        email=demo_user.email, defaults={"full_name": demo_user.full_name})
    user.full_name = demo_user.full_name
    user.is_staff = demo_user.role == Membership.Role.ADMIN
    user.set_password(demo_user.password)
    user.save()
    return user


@transaction.atomic
def load(reset: bool = False) -> Partnership | None:
    """Create the demo partnership. Returns None when it exists already (and not reset)."""
    existing = Partnership.objects.filter(short_name=SHORT_NAME).first()
    if existing and not reset:
        for demo_user in DEMO_USERS:
            _user(demo_user)  # make sure the printed passwords work
        return None
    if existing:
        existing.delete()
    users = {demo_user.role: _user(demo_user) for demo_user in DEMO_USERS}
    admin = demo_actor(users[Membership.Role.ADMIN])
    partnership = services.create_partnership(admin, name=NAME, short_name=SHORT_NAME)
    organisations = {
        code: services.add_organisation(admin, partnership, name=name, kind=kind,
                                        short_code=code)
        for name, kind, code in ORGANISATIONS
    }
    for demo_user in DEMO_USERS:
        membership, _ = services.add_member(
            admin, partnership, email=demo_user.email, role=demo_user.role,
            organisation=organisations.get(demo_user.organisation_code))
        # The demo made these accounts and gave them their names, as an invitation would.
        history_writes.update(admin, [membership], name_given_here=True,
                              reason="Demo account, named by the demo")
    for step in _steps:
        step(partnership, users)
    return partnership
