"""The Loch Arden demo's stage 4: ten learning activities, capability counted for each
organisation at two dates, and the iMatter staff engagement indicators with a few years of
figures. Loch Arden is invented, and so is all of this: every record says it is
illustrative."""

import datetime

from django.utils import timezone

from pif import history_writes
from pif.lib.periods import Period
from pif.measures.demo.common import ILLUSTRATIVE_NOTE, ILLUSTRATIVE_SOURCE
from pif.measures.writing import ObservationInput, write_observations
from pif.partnerships.demo import demo_actor
from pif.partnerships.models import Organisation
from pif.people import services
from pif.people.models import CapabilityLevel, LearningActivity

ILLUSTRATIVE = "Illustrative: invented for the Loch Arden demo."

# (title, kind, audience, days into the financial year, length in days, participants,
#  organisation codes, outcome codes)
ACTIVITIES = [
    ("Quality improvement foundations", "e_learning", "All staff", 10, 0, 64,
     ["NHSLA", "LAC"], ["LO2"]),
    ("Model for Improvement workshop", "workshop", "Team leaders", 30, 1, 22,
     ["LAC", "NHSLA", "LATSI"], ["LO1"]),
    ("Measurement for improvement: run charts", "course", "Analysts and project leads", 45, 0,
     18, ["NHSLA", "LAC"], ["LO2"]),
    ("Scottish Improvement Leader programme, cohort place", "learning_set",
     "Improvement leads", 60, 180, 3, ["NHSLA", "LAC"], []),
    ("Board development session on improvement", "workshop", "Partnership board members",
     75, 0, 12, ["LAC", "NHSLA", "PSLA", "SFRS", "LATSI", "ACCF"], ["LO4"]),
    ("Coaching for improvement project teams", "coaching", "Falls project team", 90, 60, 8,
     ["NHSLA"], ["LO2"]),
    ("Money advice referral training", "course", "Health visitors", 110, 0, 35,
     ["NHSLA", "LAC"], ["P1.1", "P1.1a"]),
    ("Home fire safety visit refresher", "e_learning", "Community firefighters", 130, 0, 41,
     ["SFRS"], ["P3.1"]),
    ("Community engagement learning set", "learning_set", "Community council members", 150,
     90, 15, ["ACCF", "LATSI"], ["LO4"]),
    ("Loch Arden improvement showcase", "conference", "Everyone working in Loch Arden", 200,
     0, 120, ["LAC", "NHSLA", "PSLA", "SFRS", "LATSI", "ACCF"], ["LO1", "LO2", "LO3"]),
]

# People at each level (in the order of the NES levels), per organisation: a year ago and now.
COUNTS = {
    "LAC": ([8, 140, 18, 2], [9, 185, 24, 3]),
    "NHSLA": ([11, 420, 60, 7], [12, 510, 71, 9]),
    "PSLA": ([2, 35, 4, 0], [2, 48, 6, 1]),
    "SFRS": ([1, 28, 3, 0], [2, 40, 5, 1]),
    "LATSI": ([3, 22, 2, 0], [3, 30, 4, 1]),
    "ACCF": ([0, 6, 0, 0], [1, 11, 1, 0]),
}

# iMatter figures by survey year (none in 2020, when a shorter pulse survey ran instead).
IMATTER = {
    "IMATTER-EEI": {"2021": 75, "2022": 76, "2023": 77, "2024": 76, "2025": 78},
    "IMATTER-RESPONSE": {"2021": 54, "2022": 55, "2023": 58, "2024": 57, "2025": 61},
    "IMATTER-ACTION": {"2021": 41, "2022": 48, "2023": 55, "2024": 57, "2025": 63},
}


def load(partnership, users) -> None:
    editor = users.get("editor") or users.get("admin")
    actor = demo_actor(editor)
    today = timezone.localdate()
    organisations = {o.short_code: o for o in Organisation.objects.filter(
        partnership=partnership)}
    _activities(actor, partnership, organisations, today)
    _counts(actor, partnership, organisations, today)
    _settings(actor, partnership)
    _indicators(actor, partnership, organisations)


def _activities(actor, partnership, organisations, today) -> None:
    from pif.improvement.models import Project
    from pif.outcomes.models import Outcome

    start = Period.financial_year_containing(today).start
    outcomes = {o.code: o for o in Outcome.objects.filter(partnership=partnership)}
    projects = list(Project.objects.filter(partnership=partnership)[:2])
    for number, (title, kind, audience, offset, length, participants, codes,
                 outcome_codes) in enumerate(ACTIVITIES):
        begins = min(start + datetime.timedelta(days=offset), today)
        activity = LearningActivity(
            partnership=partnership, title=title, kind=kind, audience=audience,
            start_date=begins,
            end_date=begins + datetime.timedelta(days=length) if length else None,
            participants=participants, description=ILLUSTRATIVE)
        services.save_activity(actor, activity, loaded_version=None, m2m={
            "organisations": [organisations[c] for c in codes if c in organisations],
            "outcomes": [outcomes[c] for c in outcome_codes if c in outcomes],
            "projects": projects[:1] if number in (1, 5) else []})


def _counts(actor, partnership, organisations, today) -> None:
    levels = list(CapabilityLevel.objects.filter(partnership=partnership))
    now = today.replace(day=1) - datetime.timedelta(days=1)  # the end of last month
    before = now.replace(year=now.year - 1)
    for when, index in ((before, 0), (now, 1)):
        values = {}
        for code, figures in COUNTS.items():
            if code in organisations:
                for level, people in zip(levels, figures[index], strict=False):
                    values[(organisations[code].pk, level.pk)] = people
        services.save_counts(actor, partnership, counted_on=when, values=values, today=today)


def _settings(actor, partnership) -> None:
    services.save_settings(actor, partnership, loaded_version=0, keep_personal_records=False,
                           capability_note="Illustrative figures invented for the Loch Arden "
                                           "demo: they describe no real organisation.")


def _indicators(actor, partnership, organisations) -> None:
    owner = organisations.get("NHSLA") or next(iter(organisations.values()))
    created = services.add_staff_engagement_indicators(actor, partnership, owner=owner)
    history_writes.update(actor, created, data_source=ILLUSTRATIVE_SOURCE,
                          quality_note=ILLUSTRATIVE_NOTE, reason="Demo figures are invented")
    rows = [ObservationInput(indicator=indicator, period=Period.from_key(f"CY{year}"),
                             value=float(value))
            for indicator in created for year, value in IMATTER.get(indicator.code, {}).items()]
    if rows:
        write_observations(actor, rows, approve=True, partnership=partnership,
                           source="illustrative demo figures")

