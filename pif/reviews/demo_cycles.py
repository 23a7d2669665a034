"""The demo's cycles: last year's, closed with a review (its snapshot kept), and this year's,
open. The demo does not roll last year over: its targets and actions were entered for this
year already, so the roll-over would only add "Carried into" notes to every action."""

import datetime

from django.utils import timezone

from pif.editing import PROGRAM_CHANGE
from pif.partnerships.demo import demo_actor
from pif.partnerships.models import Membership
from pif.reviews.services import cycles as services

WHAT_WORKED = (
    "The falls huddle at each shift change in our care homes: the did-it-work register shows "
    "the falls rate shifted down after it began. Naloxone supply in hostels reached every "
    "project by the autumn.")
LESSONS = (
    "Agree each indicator's data source before the year starts: three indicators had no "
    "data until the third quarter. Follow up meeting commitments at the next meeting, not "
    "by email.")


def load(partnership, users, today: datetime.date | None = None) -> None:
    editor = demo_actor(users[Membership.Role.EDITOR])
    this_year = services.year_containing(partnership, today or timezone.localdate())
    last = services.start_cycle(editor, partnership, first_year=this_year - 1)
    services.close_cycle(editor, last, loaded_version=PROGRAM_CHANGE,
                         what_worked=WHAT_WORKED, lessons=LESSONS,
                         performance_summary=services.draft_summary(last))
    services.start_cycle(editor, partnership, first_year=this_year)
