"""The Loch Arden demo's reporting half of stage 5: what the partnership shows the public and
the reports it keeps.

- Some actions (`PUBLISHED_ACTIONS`) and some commentary (`PUBLIC_COMMENTARY`, the latest on
  each of those indicators) are chosen for the public pages by the editor, good news and
  not so good: the other apps' demos add them unmarked.
- The public page settings: the Open Government Licence, small numbers below 10 flagged,
  and a contact address at the invented partnership's own domain (``.example``, reserved,
  so it reaches nobody).
- A board report for the public on the published indicators only (so it names nothing the
  public pages leave out), signed off by the editor and so published; an internal exception
  report, signed off; and the annual LOIP progress report on the last reporting year, a
  draft whose "how well community bodies took part" section is still to be written (it
  cannot be signed off until it is). All are as things stood on the day the demo loads (not
  the end of last month, as first planned): a report shows what had been recorded by the end
  of its day, and the demo records everything as it loads.
- A monthly scorecard schedule that emails the editor, first produced on the 1st of next
  month (by `pif worker`; loading the demo produces and emails nothing).
- Small counts of `SUPPRESSED` (accidental dwelling fires, a few a month) are suppressed
  through the service, so the demo shows the suppression path: the public pages show those
  values as "Not shown: small number", and no chart of it.
- Finally the public pages are published, so a visitor who is not signed in sees them.

Loch Arden is invented, and so is everything here (`ILLUSTRATIVE`). Every change goes
through the services with `demo_actor`, so history and events read as a person's would,
and the demo emails nobody. The flags are set with `pif.history_writes` (in history as the
editor's choice), which the services of the other apps' demos leave unset.

Registered from `pif/reports/registrations.py` with `demo.register(reports_demo.load)`.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from pif import history_writes
from pif.editing import PROGRAM_CHANGE
from pif.improvement.models import Action
from pif.measures.models import Commentary, Indicator
from pif.partnerships.demo import demo_actor
from pif.partnerships.models import Membership
from pif.reports.models import Audience, Licence, ReportFormat, ReportKind
from pif.reports.models.schedules import Frequency
from pif.reports.services import publishing, reports, schedules

ILLUSTRATIVE = "Illustrative: invented for the Loch Arden demo."
CHOSEN = "Chosen for the public pages by the demo"

# Actions on published indicators, on track and not: public reporting shows both.
PUBLISHED_ACTIONS = ("A03", "A04", "A07", "A08", "A20", "A27", "A29", "A31")
# Indicators whose latest commentary is shown with them on the public pages.
PUBLIC_COMMENTARY = ("ACCF-INFLUENCE", "LAC-FOI", "LAC-REPAIRS", "NHSLA-CAMHS",
                     "NHSLA-SMOKE", "PSLA-ASB", "SFRS-ADF")

# Published, with counts below SMALL_NUMBERS: suppressed before publishing.
SUPPRESSED = ("SFRS-ADF",)
CONTACT_EMAIL = "performance@loch-arden.example"
SMALL_NUMBERS = 10
# Asked for only if the selection looks rosier than the plan as a whole.
REASON = ("The indicators with approved figures this year are published; the others follow "
          "when their data is approved. " + ILLUSTRATIVE)
OVERVIEW = ("The partnership made steady progress on most of its local outcomes this year. "
            "More young people moved into positive destinations and fewer homes had "
            "accidental fires, but waits for some health services grew. " + ILLUSTRATIVE)


def first_of_next_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _choose_for_the_public(editor, partnership) -> str:
    """Mark the chosen actions published and the chosen commentary public (only on
    indicators the partnership publishes: nothing else reaches the public pages), and say
    what was chosen."""
    actions = list(Action.objects.filter(partnership=partnership,
                                         reference__in=PUBLISHED_ACTIONS, published=False))
    history_writes.update(editor, actions, reason=CHOSEN, published=True)
    latest: dict[int, Commentary] = {}
    for note in (Commentary.objects.filter(indicator__partnership=partnership,
                                           indicator__published=True,
                                           indicator__code__in=PUBLIC_COMMENTARY)
                 .order_by("indicator_id", "-period_start")):
        latest.setdefault(note.indicator_id, note)
    history_writes.update(editor, latest.values(), reason=CHOSEN, is_public=True)
    return (f"First publication of the performance pages: the published indicators, "
            f"progress on {len(actions)} actions and the latest commentary on "
            f"{len(latest)} indicators. {ILLUSTRATIVE}")


def _reports(editor, partnership, today: datetime.date) -> None:
    # As of today: a report shows what had been recorded by the end of its day, and the
    # demo records everything as it loads, so a report of an earlier day would be empty.
    as_of = today
    published = list(Indicator.objects.filter(partnership=partnership, published=True)
                     .order_by("code").values_list("pk", flat=True))
    board = reports.create_report(
        editor, partnership, kind=ReportKind.BOARD, as_of=as_of, audience=Audience.PUBLIC,
        title=f"Performance report to the partnership board, "
              f"{as_of.day} {as_of:%B %Y}",
        options={"indicators": published})
    reports.sign_off(editor, board, loaded_version=PROGRAM_CHANGE)
    exception = reports.create_report(
        editor, partnership, kind=ReportKind.EXCEPTION, as_of=as_of,
        audience=Audience.INTERNAL)
    reports.sign_off(editor, exception, loaded_version=PROGRAM_CHANGE)
    loip = reports.create_report(editor, partnership, kind=ReportKind.LOIP_PROGRESS,
                                 as_of=as_of, audience=Audience.PUBLIC)
    # Its overview is written; how well community bodies took part is not yet.
    reports.set_narrative(editor, loip, section_key="overview", text=OVERVIEW,
                          loaded_version=PROGRAM_CHANGE)


@transaction.atomic
def load(partnership, users, today: datetime.date | None = None) -> None:
    """The reports demo step: `users` maps demo roles to users, as `pif.partnerships.demo`
    passes them; `today` fixes the reports' day and the schedule's first date."""
    today = today or timezone.localdate()
    users = {str(role): user for role, user in users.items()}
    editor_user = users[Membership.Role.EDITOR]
    editor = demo_actor(editor_user)
    admin = demo_actor(users[Membership.Role.ADMIN])
    note = _choose_for_the_public(editor, partnership)
    publishing.set_public_settings(admin, partnership, licence=Licence.OGL_3,
                                   small_number_threshold=SMALL_NUMBERS,
                                   contact_email=CONTACT_EMAIL, loaded_version=0)
    _reports(editor, partnership, today)
    schedules.create_schedule(
        editor, partnership, kind=ReportKind.SCORECARD, title="Monthly scorecard",
        next_run_on=first_of_next_month(today), frequency=Frequency.MONTHLY,
        recipients=editor_user.email, format=ReportFormat.PDF)
    for indicator in Indicator.objects.filter(partnership=partnership, code__in=SUPPRESSED,
                                              published=True):
        publishing.suppress(editor, indicator)
    publishing.publish(editor, partnership, note=note, reason=REASON)
