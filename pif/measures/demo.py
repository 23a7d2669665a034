"""Demo indicators for the Loch Arden partnership: `load_measures_demo(partnership, users)`.

Loch Arden is an invented area. The demo has two kinds of indicator, and says which is which
in every indicator's `data_source` and `quality_note`:

* Real published data (Open Government Licence v3.0), read from the small extracts in
  `pif/measures/demo_data/` (see SOURCES.md there): Public Health Scotland A&E activity and
  delayed discharges for NHS Fife, Local Government Benchmarking Framework figures for all 32
  Scottish councils (the headline series is the Scotland figure, each council a breakdown),
  and one NHS England trust's A&E series. These describe the real areas named, not Loch Arden.
* Illustrative series invented for the demo, generated deterministically from
  `random.Random(2026)` with noise, seasonality, shifts and trends so that the SPC charts
  show both common and special cause variation.

Illustrative series end at the latest period a partnership would have by `today` (default:
the real date), so the demo looks current whenever it is loaded; the figures themselves come
from the fixed seed. The step never reads anything outside this package.
"""

import csv
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from pif.lib.periods import Period
from pif.measures import status
from pif.measures.collection import is_overdue
from pif.measures.models import (
    Annotation,
    Breakdown,
    Commentary,
    Indicator,
    IndicatorStatus,
    Tag,
    Target,
    TargetPoint,
)
from pif.measures.writing import ObservationInput, write_observations
from pif.partnerships.models import Organisation

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
SEED = 2026

ILLUSTRATIVE_SOURCE = "Illustrative figures invented for the demo."
ILLUSTRATIVE_NOTE = ("Illustrative figures invented for the Loch Arden demo: they describe no "
                     "real place or service.")
REAL_DATA = "Real published data, shown here to demonstrate PIF."
NOT_LOCH_ARDEN = ("This is real data for the area named, not for Loch Arden, which is an "
                  "invented area.")
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."

Unit, Improvement, Frequency = Indicator.Unit, Indicator.Improvement, Indicator.Frequency
MeasureKind, RbaKind, Chart = Indicator.MeasureKind, Indicator.RbaKind, Indicator.ChartType

# Tags: (name, group). Scorecard groups by the "Perspective" tags.
CUSTOMER, PROCESSES, LEARNING, FINANCIAL = ("Customer", "Internal processes",
                                            "Learning and growth", "Financial")
LDP = "LDP standard"
LGBF = "LGBF"
REAL = "Real open data"
TAGS = [
    (CUSTOMER, "Perspective"), (PROCESSES, "Perspective"), (LEARNING, "Perspective"),
    (FINANCIAL, "Perspective"),
    (LDP, "National standard"),
    ("NPF: Mental wellbeing", "National indicator"),
    ("NPF: Quality of public services", "National indicator"),
    ("NPF: Assets in community ownership", "National indicator"),
    (LGBF, "Benchmarking"),
    (REAL, "Demo data"),
]

# How long after a period ends its figure is normally in, for the latest illustrative period.
_LAG_DAYS = {Frequency.MONTHLY: 10, Frequency.QUARTERLY: 30, Frequency.FINANCIAL_YEAR: 120}


# --- periods -------------------------------------------------------------------------------

def _period_containing(frequency: str, day: date) -> Period:
    financial_year = day.year if day.month >= 4 else day.year - 1
    if frequency == Frequency.MONTHLY:
        return Period.month(day.year, day.month)
    if frequency == Frequency.QUARTERLY:
        return Period.financial_quarter(financial_year, (day.month - 4) % 12 // 3 + 1)
    return Period.financial_year(financial_year)


def latest_period(frequency: str, today: date) -> Period:
    """The latest period whose figure a partnership would normally have by `today`."""
    period = _period_containing(frequency, today)
    while period.end + timedelta(days=_LAG_DAYS[frequency]) > today:
        period = period.previous()
    return period


def _periods_ending(last: Period, count: int) -> list[Period]:
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


def _month(text: str) -> Period:
    text = text.strip().strip('"')
    return Period.month(int(text[:4]), int(text[4:6]))


def _financial_year(text: str) -> Period:
    return Period.financial_year(int(text[:4]))


# --- formatting for commentary ---------------------------------------------------------------

def _fmt(indicator: Indicator, value: float | None) -> str:
    if value is None:
        return "no figure"
    number = f"{value:,.{indicator.decimals}f}"
    if indicator.unit == Unit.PERCENTAGE:
        return f"{number}%"
    if indicator.unit == Unit.CURRENCY:
        return f"£{number}"
    if indicator.unit == Unit.DAYS:
        return f"{number} days"
    if indicator.unit == Unit.RATE and indicator.rate_per:
        return f"{number} per {indicator.rate_per:,}"
    return number


VARIATION_SENTENCES = {
    "common_cause": "The chart shows common cause variation only: no sign yet of a real change.",
    "improvement_high": "The chart shows special cause variation in the right direction.",
    "improvement_low": "The chart shows special cause variation in the right direction.",
    "concern_high": "The chart shows special cause variation that is a concern.",
    "concern_low": "The chart shows special cause variation that is a concern.",
    "neutral_high": "The chart shows special cause variation (higher than usual).",
    "neutral_low": "The chart shows special cause variation (lower than usual).",
}


def _what_it_shows(indicator: Indicator, state: IndicatorStatus) -> str:
    label = Period.from_key(state.latest_period).label
    latest, previous = state.latest_value, state.previous_value
    text = f"The figure for {label} is {_fmt(indicator, latest)}"
    if previous is not None:
        if round(latest, indicator.decimals) == round(previous, indicator.decimals):
            text += ", the same as the period before"
        else:
            word = "up" if latest > previous else "down"
            text += f", {word} from {_fmt(indicator, previous)} the period before"
    text += "."
    if state.target_value is not None:
        verdict = {"green": "meets", "amber": "is just short of",
                   "red": "is short of"}.get(state.rag, "is measured against")
        text += f" It {verdict} the target of {_fmt(indicator, state.target_value)}."
    sentence = VARIATION_SENTENCES.get(state.variation)
    if sentence:
        text += f" {sentence}"
    return text


# --- the specification of illustrative indicators -------------------------------------------

@dataclass(frozen=True)
class Gen:
    """How an illustrative series is generated, one value per period."""

    base: float
    noise: float = 0.0
    trend: float = 0.0                 # change per period
    shift_at: float | None = None      # fraction of the series where a sustained shift starts
    shift: float = 0.0
    season: float = 0.0                # amplitude; positive peaks in January, negative in July
    low: float | None = 0.0
    high: float | None = None
    poisson: bool = False              # counts drawn from a Poisson distribution
    denominator: int | None = None     # P charts: typical denominator per period


@dataclass(frozen=True)
class TargetSpec:
    value: float | None = None
    tolerance: float = 0.0
    kind: str = Target.ToleranceKind.RELATIVE
    source: str = ""
    level: str = Target.Level.STANDARD
    # A trajectory: (periods back from the latest, value) milestones; negative = future.
    trajectory: tuple[tuple[int, float], ...] = ()
    from_back: int | None = None       # valid from this many periods before the latest
    to_back: int | None = None         # valid to this many periods before the latest


@dataclass(frozen=True)
class Spec:
    code: str
    title: str
    definition: str
    owner: str
    frequency: str
    unit: str
    improvement: str
    gen: Gen
    periods: int
    decimals: int = 0
    rate_per: int | None = None
    measure_kind: str = MeasureKind.OUTCOME
    rba_kind: str = ""
    chart_type: str = Chart.XMR
    tags: tuple[str, ...] = ()
    targets: tuple[TargetSpec, ...] = ()
    published: bool = False
    due_days: int = 30
    lead: str = ""                     # a demo role
    baseline_back: int | None = None   # baseline period, periods before the latest
    overdue: bool = False
    unapproved: int = 0                # latest values entered by the contributor, unapproved
    missing: tuple[tuple[int, str, str, str], ...] = ()  # (periods back, code, status, note)
    estimated: tuple[tuple[int, str], ...] = ()          # (periods back, note)
    annotations: tuple[tuple[str, str, bool], ...] = ()  # ("shift" or periods back, text, rebase)
    why: str = ""
    actions: str = ""


def _illustrative_specs() -> list[Spec]:
    M, Q, FY = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.FINANCIAL_YEAR
    S, _R = Target.ToleranceKind, Target.Level
    return [
        # --- Loch Arden Council ---
        Spec("LAC-CTAX", "Council tax collected in the year",
             "Council tax received by 31 March for that year, as a percentage of the council "
             "tax due for the year.", "LAC", FY, Unit.PERCENTAGE, Improvement.HIGHER,
             Gen(95.1, 0.35, trend=0.1, low=None, high=99.5), 8, decimals=1,
             measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL, tags=(FINANCIAL,),
             targets=(TargetSpec(95.5, 1, S.RELATIVE, "Previous council budget strategy",
                                 to_back=3),
                      TargetSpec(96.0, 1, S.RELATIVE, "Current council budget strategy",
                                 from_back=2)),
             published=True, due_days=180, lead="editor"),
        Spec("LAC-FOI", "Freedom of information requests answered within 20 working days",
             "Numerator: requests answered within 20 working days of receipt. Denominator: "
             "requests whose deadline fell in the month.", "LAC", M, Unit.PERCENTAGE,
             Improvement.HIGHER, Gen(86.0, 2.5, shift_at=0.6, shift=7.0, low=None, high=99.0,
                                     denominator=72), 60, decimals=1,
             measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL, chart_type=Chart.P,
             tags=(PROCESSES,), published=True, lead="editor",
             targets=(TargetSpec(95.0, 5, S.ABSOLUTE, "Freedom of Information (Scotland) Act "
                                 "2002 timescale; local target"),),
             annotations=(("shift", "New case management system went live, with reminders "
                                    "to services at day 10 and day 15", False),),
             why="Compliance stepped up after the new case management system went live in "
                 "{shift_label}: services now get automatic reminders before the deadline.",
             actions="The information governance team is reviewing the late responses each "
                     "month with the services concerned, and will report repeat cases to the "
                     "corporate management team."),
        Spec("LAC-SICK", "Working days lost to sickness absence per council employee",
             "Working days lost to sickness absence in the quarter, divided by the number of "
             "full-time equivalent employees.", "LAC", Q, Unit.DAYS, Improvement.LOWER,
             Gen(2.55, 0.14, trend=0.004, season=0.35), 24, decimals=2,
             measure_kind=MeasureKind.OUTCOME, rba_kind=RbaKind.HOW_WELL, tags=(LEARNING,),
             targets=(TargetSpec(2.4, 10, S.RELATIVE, "Council workforce strategy"),),
             published=True, due_days=45, lead="admin",
             why="Absence follows a winter peak each year, mostly short-term respiratory "
                 "illness; long-term absence for stress and musculoskeletal reasons makes up "
                 "over half of the days lost.",
             actions="Occupational health is running fast-track physiotherapy referrals, and "
                     "managers in the three services with the highest absence are being "
                     "supported to hold return-to-work meetings within two days."),
        Spec("LAC-REPAIRS", "Average time to complete non-emergency housing repairs",
             "Average number of calendar days from the repair being reported to its "
             "completion, for non-emergency repairs completed in the month.", "LAC", M,
             Unit.DAYS, Improvement.LOWER,
             Gen(9.6, 0.75, shift_at=0.55, shift=-2.7, season=0.6, low=1.0), 72, decimals=1,
             measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL, tags=(CUSTOMER,),
             targets=(TargetSpec(7.0, 1.0, S.ABSOLUTE, "Tenant participation agreement"),),
             published=True, lead="editor", baseline_back=40,
             annotations=(("shift", "Repairs by appointment introduced for all council "
                                    "homes: limits recalculated from here", True),),
             why="Average times fell after repairs by appointment started in {shift_label}; "
                 "the chart's limits were recalculated from then, and the new level has held.",
             actions="The service is extending appointments to evenings and Saturday mornings, "
                     "and checking van stock against the 20 most common repairs."),
        Spec("LAC-HOMELESS", "Homeless applications",
             "Applications made to the council under the homelessness legislation in the "
             "month.", "LAC", M, Unit.COUNT, Improvement.NEITHER,
             Gen(92, 10, trend=0.18, season=6), 60, measure_kind=MeasureKind.PROCESS,
             rba_kind=RbaKind.HOW_MUCH, tags=(CUSTOMER,), published=False, lead="editor",
             missing=((17, "..", "final", "Not available: the figure was lost in the move to "
                                          "the new housing system."),)),
        Spec("LAC-RECYCLE", "Household waste recycled",
             "Household waste sent for recycling or composting in the quarter, as a "
             "percentage of all household waste collected.", "LAC", Q, Unit.PERCENTAGE,
             Improvement.HIGHER, Gen(43.5, 1.0, trend=0.22, season=-3.0, low=None, high=80),
             32, decimals=1, measure_kind=MeasureKind.OUTCOME, rba_kind=RbaKind.BETTER_OFF,
             tags=(PROCESSES,), published=True, due_days=60, lead="editor",
             baseline_back=12,
             targets=(TargetSpec(trajectory=((12, 45.0), (8, 47.5), (4, 50.0), (0, 52.5),
                                             (-4, 55.0)), tolerance=2.0, kind=S.ABSOLUTE,
                                 source="Waste strategy trajectory to 55%"),)),
        Spec("LAC-REFUSE-COST", "Net cost of refuse collection per household",
             "Net revenue spending on refuse collection divided by the number of households.",
             "LAC", FY, Unit.CURRENCY, Improvement.LOWER,
             Gen(66.0, 1.6, trend=1.3, low=None), 7, decimals=2,
             measure_kind=MeasureKind.BALANCING, tags=(FINANCIAL,),
             targets=(TargetSpec(75.0, 5, S.RELATIVE, "Council budget"),),
             published=True, due_days=180, lead="editor"),
        Spec("LAC-EMPLOY", "People helped into work through council employability programmes",
             "People on the council's employability programmes who started a job of 16 hours "
             "a week or more in the quarter.", "LAC", Q, Unit.COUNT, Improvement.HIGHER,
             Gen(54, 6.5, trend=0.75), 20, measure_kind=MeasureKind.OUTCOME,
             rba_kind=RbaKind.BETTER_OFF, tags=(CUSTOMER,),
             targets=(TargetSpec(70, 10, S.RELATIVE, "Local employability partnership plan"),),
             published=True, due_days=45, lead="editor",
             why="Job starts have grown steadily since the programme added in-work support, "
                 "and more employers have signed up to guaranteed interviews.",
             actions="Two new employer partnerships in care and hospitality start next "
                     "quarter; the team is also following up everyone who left the programme "
                     "early in the last year."),
        # --- NHS Loch Arden ---
        Spec("NHSLA-CAMHS",
             "Children and young people starting CAMHS treatment within 18 weeks of referral",
             "Numerator: patients who started treatment in the month and waited 18 weeks or "
             "less. Denominator: all patients who started treatment in the month.", "NHSLA", M,
             Unit.PERCENTAGE, Improvement.HIGHER,
             Gen(71.0, 3.0, shift_at=0.65, shift=13.0, low=None, high=99.5, denominator=85),
             72, decimals=1, measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL,
             chart_type=Chart.P, tags=(CUSTOMER, LDP), published=True, lead="contributor",
             unapproved=1,
             targets=(TargetSpec(90.0, 5, S.ABSOLUTE, "LDP standard: 90% within 18 weeks"),),
             annotations=(("shift", "Six additional clinicians in post after the waiting "
                                    "list initiative", False),),
             why="Performance improved after six additional clinicians came into post in "
                 "{shift_label}, but it is still short of the 90% standard.",
             actions="The service is validating the longest waits each week and has started a "
                     "group-work option for anxiety, which the clinical team expects to free "
                     "around 20 appointments a month."),
        Spec("NHSLA-PT", "People starting psychological therapy within 18 weeks of referral",
             "Percentage of people who started psychological therapy in the month who had "
             "waited 18 weeks or less.", "NHSLA", M, Unit.PERCENTAGE, Improvement.HIGHER,
             Gen(85.0, 2.4, trend=-0.04, low=None, high=99.5), 60, decimals=1,
             measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL,
             tags=(CUSTOMER, LDP), published=False, lead="contributor", unapproved=1,
             targets=(TargetSpec(90.0, 5, S.ABSOLUTE, "LDP standard: 90% within 18 weeks"),)),
        Spec("NHSLA-DRUGS",
             "People starting drug or alcohol treatment within 3 weeks of referral",
             "Percentage of people who started drug or alcohol treatment in the quarter who "
             "waited three weeks or less from referral.", "NHSLA", Q, Unit.PERCENTAGE,
             Improvement.HIGHER, Gen(93.0, 1.6, low=None, high=100), 24, decimals=1,
             measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL,
             tags=(CUSTOMER, LDP), published=False, due_days=60, lead="contributor",
             targets=(TargetSpec(90.0, 0, S.ABSOLUTE, "LDP standard: 90% within 3 weeks"),)),
        Spec("NHSLA-SMOKE",
             "Quits at 12 weeks in the 40% most deprived areas",
             "People from the 40% most deprived data zones who set a quit date with NHS "
             "smoking cessation services and were not smoking 12 weeks later.", "NHSLA", Q,
             Unit.COUNT, Improvement.HIGHER, Gen(47, 5.5, trend=0.35), 28,
             measure_kind=MeasureKind.OUTCOME, rba_kind=RbaKind.BETTER_OFF,
             tags=(CUSTOMER, LDP), published=True, due_days=90, lead="contributor",
             baseline_back=8,
             targets=(TargetSpec(trajectory=((8, 50), (4, 54), (0, 58), (-4, 62)),
                                 tolerance=10, source="Board smoking cessation trajectory"),),
             why="Quits have risen slowly as the pharmacy service has grown; the quarterly "
                 "figures are small, so single quarters move around a good deal.",
             actions="Community pharmacies in the two localities with the highest smoking "
                     "rates are piloting a text message follow-up at weeks 4 and 8."),
        Spec("NHSLA-ABI", "Alcohol brief interventions delivered",
             "Alcohol brief interventions delivered in priority settings (primary care, "
             "A&E and antenatal) in the quarter.", "NHSLA", Q, Unit.COUNT, Improvement.HIGHER,
             Gen(430, 38, season=25), 20, measure_kind=MeasureKind.PROCESS,
             rba_kind=RbaKind.HOW_MUCH, tags=(PROCESSES, LDP), due_days=60,
             lead="contributor", overdue=True,
             targets=(TargetSpec(450, 10, S.RELATIVE, "Board delivery plan"),)),
        Spec("NHSLA-SAB",
             "Staphylococcus aureus bacteraemia cases per 1,000 acute occupied bed days",
             "New cases of Staphylococcus aureus bacteraemia (including MRSA) in the quarter, "
             "per 1,000 acute occupied bed days.", "NHSLA", Q, Unit.RATE, Improvement.LOWER,
             Gen(0.27, 0.035, trend=-0.0015), 24, decimals=2, rate_per=1000,
             measure_kind=MeasureKind.OUTCOME, rba_kind=RbaKind.HOW_WELL,
             tags=(PROCESSES, LDP), published=True, due_days=60, lead="contributor",
             unapproved=1,
             targets=(TargetSpec(0.24, 10, S.RELATIVE,
                                 "LDP standard: 0.24 per 1,000 acute occupied bed days"),)),
        Spec("NHSLA-ANTENATAL", "Pregnant women booked for antenatal care by week 12",
             "Percentage of women booking for antenatal care in the quarter who booked by the "
             "12th week of pregnancy.", "NHSLA", Q, Unit.PERCENTAGE, Improvement.HIGHER,
             Gen(86.5, 1.7, low=None, high=100), 24, decimals=1,
             measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL,
             tags=(CUSTOMER, LDP), published=True, due_days=60, lead="contributor",
             targets=(TargetSpec(80.0, 0, S.ABSOLUTE, "LDP standard: at least 80%"),)),
        Spec("NHSLA-ABSENCE", "NHS staff sickness absence",
             "Hours lost to sickness absence as a percentage of contracted hours, all NHS "
             "Loch Arden staff.", "NHSLA", M, Unit.PERCENTAGE, Improvement.LOWER,
             Gen(5.1, 0.22, trend=0.006, season=0.55, low=None), 60, decimals=2,
             measure_kind=MeasureKind.BALANCING, rba_kind=RbaKind.HOW_WELL,
             tags=(LEARNING, LDP), published=True, lead="contributor", unapproved=1,
             targets=(TargetSpec(4.0, 10, S.RELATIVE, "LDP standard: sickness absence 4%"),),
             why="Absence has been above the 4% standard in almost every month; the winter "
                 "peak is mostly short-term illness, and long-term absence in two large wards "
                 "has kept the baseline high.",
             actions="Human resources are running attendance clinics with ward managers, and "
                     "the staff wellbeing hub has extended its opening hours to cover night "
                     "shifts."),
        # --- Police Scotland, Loch Arden Division ---
        Spec("PSLA-ASB", "Antisocial behaviour incidents reported to the police",
             "Incidents of antisocial behaviour reported to Police Scotland in the Loch Arden "
             "area in the month.", "PSLA", M, Unit.COUNT, Improvement.LOWER,
             Gen(525, 32, trend=-1.1, season=-55), 72, measure_kind=MeasureKind.OUTCOME,
             rba_kind=RbaKind.HOW_MUCH, tags=(CUSTOMER,), published=True, lead="admin",
             targets=(TargetSpec(550, 5, S.RELATIVE, "Previous local police plan",
                                 to_back=24),
                      TargetSpec(500, 5, S.RELATIVE, "Current local police plan",
                                 from_back=23)),
             annotations=((10, "Youth diversion programme started with youth work "
                               "partners", False),),
             why="Incidents peak each summer; the long-run trend is slowly downwards.",
             actions="Community officers and the council's community safety team are "
                     "targeting the three hotspots identified at the last tasking meeting, "
                     "and youth work partners are running evening sessions in two of them."),
        Spec("PSLA-DOMABUSE", "Domestic abuse incidents reported to the police",
             "Domestic abuse incidents recorded by Police Scotland in the Loch Arden area in "
             "the month.", "PSLA", M, Unit.COUNT, Improvement.NEITHER,
             Gen(138, 12, trend=0.2, season=10), 60, measure_kind=MeasureKind.PROCESS,
             rba_kind=RbaKind.HOW_MUCH, tags=(CUSTOMER,), published=False, lead="admin"),
        Spec("PSLA-KSI", "People killed or seriously injured in road collisions",
             "People killed or seriously injured in reported road collisions in the Loch "
             "Arden area in the quarter.", "PSLA", Q, Unit.COUNT, Improvement.LOWER,
             Gen(9.5, trend=-0.05, poisson=True), 28, measure_kind=MeasureKind.OUTCOME,
             rba_kind=RbaKind.BETTER_OFF, tags=(CUSTOMER,), due_days=60, lead="admin",
             targets=(TargetSpec(8, 15, S.RELATIVE, "Road safety framework (local share)"),)),
        Spec("PSLA-CONFIDENCE",
             "Residents who say the police in their area do a good or excellent job",
             "Percentage of respondents to the quarterly Loch Arden residents' panel survey "
             "who rate local policing as good or excellent.", "PSLA", Q, Unit.PERCENTAGE,
             Improvement.HIGHER, Gen(58.0, 2.2, shift_at=0.7, shift=-4.5, low=None, high=100),
             24, decimals=1, measure_kind=MeasureKind.OUTCOME, rba_kind=RbaKind.BETTER_OFF,
             tags=(CUSTOMER, "NPF: Quality of public services"), due_days=45, lead="admin"),
        # --- Scottish Fire and Rescue Service, Loch Arden ---
        Spec("SFRS-ADF", "Accidental dwelling fires",
             "Accidental fires in homes attended by the Scottish Fire and Rescue Service in "
             "the Loch Arden area in the month.", "SFRS", M, Unit.COUNT, Improvement.LOWER,
             Gen(11.5, shift_at=0.5, shift=-3.5, poisson=True), 72,
             measure_kind=MeasureKind.OUTCOME, rba_kind=RbaKind.BETTER_OFF,
             chart_type=Chart.C, tags=(CUSTOMER,), published=True, lead="admin",
             targets=(TargetSpec(10, 10, S.RELATIVE, "Local fire and rescue plan"),),
             why="Fires in the home have been lower since the home fire safety visit "
                 "programme was targeted at people over 65 living alone, from "
                 "{shift_label}. Monthly numbers are small, so single months vary a lot.",
             actions="Crews are following up every accidental dwelling fire with a visit to "
                     "neighbouring homes within a week, and referrals from home carers are "
                     "being promoted with the health and social care partnership."),
        Spec("SFRS-HFSV", "Home fire safety visits carried out",
             "Home fire safety visits completed by crews and community safety advocates in "
             "the month.", "SFRS", M, Unit.COUNT, Improvement.HIGHER,
             Gen(148, 16, trend=0.25, season=-12), 60, measure_kind=MeasureKind.PROCESS,
             rba_kind=RbaKind.HOW_MUCH, tags=(PROCESSES,), published=False, lead="admin",
             targets=(TargetSpec(160, 10, S.RELATIVE, "Local fire and rescue plan"),),
             missing=((23, "..", "final", "Not available: recording system outage."),)),
        Spec("SFRS-UFAS", "Unwanted fire alarm signals attended",
             "Automatic fire alarm calls attended that turned out not to be fires, in the "
             "month.", "SFRS", M, Unit.COUNT, Improvement.LOWER,
             Gen(96, 9.5, shift_at=0.72, shift=-39, season=6), 60,
             measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL,
             tags=(PROCESSES,), published=True, lead="admin",
             annotations=(("shift", "Call challenging of automatic fire alarms from "
                                    "workplaces introduced: limits recalculated from here",
                           True),),
             why="Calls fell by about 40% after call challenging of automatic fire alarms "
                 "from workplaces was introduced in {shift_label}; the limits were "
                 "recalculated from then.",
             actions="The fire safety team is writing to the ten premises with the most "
                     "alarm calls since the change, offering advice on alarm maintenance."),
        Spec("SFRS-CASUALTY", "Fire casualties per 100,000 population",
             "Non-fatal casualties in fires in the year, per 100,000 population (mid-year "
             "estimate).", "SFRS", FY, Unit.RATE, Improvement.LOWER,
             Gen(9.8, 1.3, trend=-0.3), 8, decimals=1, rate_per=100000,
             measure_kind=MeasureKind.OUTCOME, rba_kind=RbaKind.BETTER_OFF,
             tags=(CUSTOMER,), published=True, due_days=180, lead="admin",
             targets=(TargetSpec(8.0, 10, S.RELATIVE, "Local fire and rescue plan"),)),
        # --- Loch Arden Third Sector Interface ---
        Spec("LATSI-VOLHRS", "Volunteer hours recorded by member organisations",
             "Hours of volunteering recorded by Third Sector Interface member organisations "
             "that sent a return for the quarter.", "LATSI", Q, Unit.COUNT, Improvement.HIGHER,
             Gen(18400, 1400, trend=110, season=-1200), 24, measure_kind=MeasureKind.PROCESS,
             rba_kind=RbaKind.HOW_MUCH, tags=(LEARNING,), due_days=45, overdue=True,
             missing=((7, "..", "final", "Not available: fewer than half of member "
                                         "organisations sent a return."),),
             estimated=((11, "Estimated: two large organisations' hours carried forward "
                             "from the previous quarter."),)),
        Spec("LATSI-WELLBEING", "Participants whose wellbeing score improved after 12 weeks",
             "Percentage of people completing a 12-week community wellbeing programme whose "
             "short Warwick-Edinburgh Mental Wellbeing Scale score rose by 3 points or more.",
             "LATSI", Q, Unit.PERCENTAGE, Improvement.HIGHER,
             Gen(61.0, 3.8, trend=0.15, low=None, high=100), 20, decimals=1,
             measure_kind=MeasureKind.OUTCOME, rba_kind=RbaKind.BETTER_OFF,
             tags=(CUSTOMER, "NPF: Mental wellbeing"), published=True, due_days=45,
             targets=(TargetSpec(65.0, 5, S.ABSOLUTE, "Community mental health fund "
                                                     "agreement"),),
             why="Each quarter's figure comes from around 100 people, so it moves a few "
                 "points either way by chance; the programme changed its venues in the last "
                 "year.",
             actions="Partners are adding a peer-support session in week 13 for people who "
                     "finish without an improvement, and will report its effect next year."),
        Spec("LATSI-SOCPRESC", "Social prescribing referrals received",
             "Referrals to community link workers from GP practices and other services in "
             "the month.", "LATSI", M, Unit.COUNT, Improvement.NEITHER,
             Gen(62, 8, trend=0.6, season=5), 48, measure_kind=MeasureKind.PROCESS,
             rba_kind=RbaKind.HOW_MUCH, chart_type=Chart.RUN, tags=(PROCESSES,),
             published=False),
        # --- Arden Community Councils Forum ---
        Spec("ACCF-INFLUENCE",
             "Residents who feel they can influence decisions affecting their local area",
             "Percentage of respondents to the annual Loch Arden residents' survey who agree "
             "they can influence decisions affecting their local area.", "ACCF", FY,
             Unit.PERCENTAGE, Improvement.HIGHER, Gen(20.5, 1.5, trend=0.45, low=None),
             7, decimals=1, measure_kind=MeasureKind.OUTCOME, rba_kind=RbaKind.BETTER_OFF,
             tags=(CUSTOMER,), published=True, due_days=180,
             targets=(TargetSpec(25.0, 10, S.RELATIVE, "Local outcomes improvement plan"),),
             why="Only about one resident in five feels able to influence local decisions. "
                 "The survey sample is around 1,100 people, so a change of up to about three "
                 "and a half points from one year to the next can be down to chance.",
             actions="Community councils are piloting participatory budgeting in two "
                     "localities this year, and the forum will report back to residents on "
                     "what changed as a result of the survey."),
        Spec("ACCF-ASSETS", "Assets in community ownership",
             "Land and buildings owned by community bodies in the Loch Arden area at 31 "
             "March, including community asset transfers.", "ACCF", FY, Unit.COUNT,
             Improvement.HIGHER, Gen(14, 0.8, trend=2.1), 8,
             measure_kind=MeasureKind.OUTCOME, rba_kind=RbaKind.BETTER_OFF,
             tags=(CUSTOMER, "NPF: Assets in community ownership"), published=True,
             due_days=180),
        Spec("ACCF-PARTREQ", "Participation requests received",
             "Participation requests made by community bodies to any partner under the "
             "Community Empowerment (Scotland) Act 2015 in the year.", "ACCF", FY, Unit.COUNT,
             Improvement.NEITHER, Gen(4.5, poisson=True), 6,
             measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_MUCH,
             tags=(PROCESSES,), due_days=180),
        Spec("ACCF-ENGAGE", "Community engagement self-assessment score",
             "Score out of 100 from the partnership's annual self-assessment against the "
             "National Standards for Community Engagement.", "ACCF", FY, Unit.SCORE,
             Improvement.HIGHER, Gen(57, 2.5, trend=3.2, high=100), 5,
             measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL,
             tags=(LEARNING,), due_days=180,
             targets=(TargetSpec(70, 5, S.RELATIVE, "Community engagement strategy"),)),
    ]


# --- generation of illustrative values --------------------------------------------------------

def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _season(period: Period, amplitude: float) -> float:
    if not amplitude:
        return 0.0
    middle = period.start + (period.end - period.start) / 2
    return amplitude * math.cos(2 * math.pi * (middle.month - 1) / 12)


@dataclass
class Generated:
    periods: list[Period]
    values: list[float | None] = field(default_factory=list)
    numerators: list[float | None] = field(default_factory=list)
    denominators: list[float | None] = field(default_factory=list)
    shift_index: int | None = None


def _generate(spec: Spec, rng: random.Random, periods: list[Period]) -> Generated:
    gen = spec.gen
    out = Generated(periods)
    if gen.shift_at is not None:
        out.shift_index = round(gen.shift_at * len(periods))
    for i, period in enumerate(periods):
        level = gen.base + gen.trend * i + _season(period, gen.season)
        if out.shift_index is not None and i >= out.shift_index:
            level += gen.shift
        numerator = denominator = None
        if gen.poisson:
            value = float(_poisson(rng, level))
        else:
            value = level + rng.gauss(0, gen.noise)
            if gen.low is not None:
                value = max(gen.low, value)
            if gen.high is not None:
                value = min(gen.high, value)
        if gen.denominator:
            denominator = max(10, round(rng.gauss(gen.denominator, gen.denominator * 0.12)))
            numerator = min(denominator, max(0, round(denominator * value / 100)))
            value = 100 * numerator / denominator
        value = round(value, spec.decimals) if spec.decimals else float(round(value))
        out.values.append(value)
        out.numerators.append(numerator)
        out.denominators.append(denominator)
    return out


# --- building --------------------------------------------------------------------------------

class _Builder:
    def __init__(self, partnership, users: dict, today: date):
        self.partnership = partnership
        self.users = {str(role): user for role, user in users.items()}
        self.today = today
        self.editor = self.users.get("editor") or self.users.get("admin")
        self.contributor = self.users.get("contributor") or self.editor
        self.organisations = {o.short_code: o for o in
                              Organisation.objects.filter(partnership=partnership)}
        self.tags = {}
        for name, group in TAGS:
            tag, _ = Tag.objects.get_or_create(partnership=partnership, name=name,
                                               defaults={"group": group})
            self.tags[name] = tag
        self.approved: list[ObservationInput] = []
        self.real: list[ObservationInput] = []
        self.unapproved: list[ObservationInput] = []
        # (indicator, why, actions, author role, what it shows or None to describe the data)
        self.commentary: list[tuple[Indicator, str, str, str, str | None]] = []
        self.indicators: list[Indicator] = []

    # -- small helpers --

    def organisation(self, code: str) -> Organisation:
        if code in self.organisations:
            return self.organisations[code]
        # A partnership without the demo organisations: fall back to the first one.
        return next(iter(self.organisations.values()))

    def stamp(self, obj, user=None):
        user = user or self.editor
        if user is not None:
            obj._history_user = user
        return obj

    def indicator(self, *, code, title, definition, owner, frequency, unit, improvement,
                  tags=(), lead="", **fields) -> Indicator:
        indicator = Indicator(partnership=self.partnership, code=code, title=title,
                              definition=definition, owner=self.organisation(owner),
                              frequency=frequency, unit=unit, improvement=improvement,
                              lead=self.users.get(lead) if lead else None, **fields)
        self.stamp(indicator).save()
        indicator.tags.set([self.tags[name] for name in tags])
        self.indicators.append(indicator)
        return indicator

    def target(self, indicator: Indicator, spec: TargetSpec, periods: list[Period]) -> None:
        latest = periods[-1]

        def back(n: int) -> Period:
            period = latest
            for _ in range(abs(n)):
                period = period.previous() if n > 0 else period.next()
            return period

        start = back(spec.from_back) if spec.from_back is not None else None
        end = back(spec.to_back) if spec.to_back is not None else None
        target = Target(indicator=indicator, level=spec.level, value=spec.value,
                        valid_from=start.key if start else "",
                        valid_from_start=start.start if start else None,
                        valid_to=end.key if end else "", valid_to_end=end.end if end else None,
                        tolerance=spec.tolerance, tolerance_kind=spec.kind, source=spec.source)
        self.stamp(target).save()
        for n, value in spec.trajectory:
            period = back(n)
            self.stamp(TargetPoint(target=target, period=period.key, period_start=period.start,
                                   value=value)).save()

    def annotate(self, indicator: Indicator, period: Period, text: str, rebase: bool = False,
                 user=None) -> None:
        self.stamp(Annotation(indicator=indicator, period=period.key, period_start=period.start,
                              text=text, is_rebase=rebase, author=user or self.editor),
                   user).save()

    def breakdown(self, name: str, kind: str, family_group: str = "") -> Breakdown:
        breakdown, created = Breakdown.objects.get_or_create(
            partnership=self.partnership, name=name,
            defaults={"kind": kind, "family_group": family_group})
        if not created and family_group and breakdown.family_group != family_group:
            breakdown.family_group = family_group
            self.stamp(breakdown).save()
        return breakdown

    # -- illustrative indicators --

    def illustrative(self, spec: Spec, rng: random.Random) -> None:
        note = ILLUSTRATIVE_NOTE
        if spec.overdue:
            note += " The latest figures have deliberately been left out, so it shows as overdue."
        indicator = self.indicator(
            code=spec.code, title=spec.title, definition=spec.definition, owner=spec.owner,
            frequency=spec.frequency, unit=spec.unit, improvement=spec.improvement,
            tags=spec.tags, lead=spec.lead, rate_per=spec.rate_per, decimals=spec.decimals,
            data_source=ILLUSTRATIVE_SOURCE, quality_note=note,
            measure_kind=spec.measure_kind, rba_kind=spec.rba_kind,
            chart_type=spec.chart_type, published=spec.published, due_days=spec.due_days)
        latest = latest_period(spec.frequency, self.today)
        periods = _periods_ending(latest, spec.periods)
        data = _generate(spec, rng, periods)
        keep = len(periods)
        if spec.overdue:  # leave out the latest figures until the next one is overdue
            keep -= 1
            while keep > 1 and not is_overdue(indicator, periods[keep - 1].key, self.today):
                keep -= 1
        if spec.baseline_back is not None:
            indicator.baseline_period = periods[-1 - spec.baseline_back].key
            indicator.save(update_fields=["baseline_period"])
        for target in spec.targets:
            self.target(indicator, target, periods)
        shift_label = (periods[data.shift_index].label if data.shift_index is not None
                       else "")
        for where, text, rebase in spec.annotations:
            index = data.shift_index if where == "shift" else len(periods) - 1 - where
            self.annotate(indicator, periods[index], text, rebase)
        missing = {len(periods) - 1 - back: (code, state, text)
                   for back, code, state, text in spec.missing}
        estimated = {len(periods) - 1 - back: text for back, text in spec.estimated}
        for i in range(keep):
            value, state, note_text, code = data.values[i], "provisional", "", ""
            numerator, denominator = data.numerators[i], data.denominators[i]
            if i in missing:
                code, state, note_text = missing[i]
                value = numerator = denominator = None
            elif i in estimated:
                state, note_text = "estimated", estimated[i]
            row = ObservationInput(indicator=indicator, period=periods[i], value=value,
                                   numerator=numerator, denominator=denominator,
                                   missing_code=code, status=state, note=note_text)
            (self.unapproved if i >= keep - spec.unapproved else self.approved).append(row)
        if spec.why:
            self.commentary.append((indicator, spec.why.format(shift_label=shift_label),
                                    spec.actions, "contributor" if spec.owner == "NHSLA"
                                    else "editor", None))

    # -- real data --

    def _rows(self, name: str) -> list[dict]:
        with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    def phs_ae(self) -> None:
        months: dict[Period, list[int]] = defaultdict(lambda: [0, 0, 0])
        for row in self._rows("phs_ae_activity_nhs_fife.csv"):
            if row["HBT"] != "S08000029" or row["DepartmentType"] != "Emergency Department":
                continue
            totals = months[_month(row["Month"])]
            totals[0] += int(row["NumberOfAttendancesAll"])
            totals[1] += int(row["NumberWithin4HoursAll"])
            # Blank (qualifier "z") in early years; every month in this extract has a figure.
            totals[2] += int(row["NumberOver12HoursEpisode"])
        periods = sorted(months)
        where = ("NHS Fife, emergency departments (type 'Emergency Department'; in these "
                 "months one site, F704H)")
        source = (f"Public Health Scotland, Monthly A&E activity and waiting times (open data, "
                  f"extract of May 2023), {where}. {REAL_DATA} {OGL}")
        quality = (f"{NOT_LOCH_ARDEN} The extract ends in May 2023, so the indicator shows as "
                   "overdue. Minor injury units are excluded.")
        four = self.indicator(
            code="FIFE-AE-4HR",
            title="A&E attendances seen within four hours, NHS Fife (real data)",
            definition="Numerator: attendances at emergency departments that were admitted, "
                       "discharged or transferred within four hours of arrival. Denominator: "
                       "all attendances at emergency departments in the month.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.PERCENTAGE,
            improvement=Improvement.HIGHER, decimals=1, data_source=source,
            quality_note=quality + " Charted as a P′ (Laney) chart because the monthly "
                                   "denominators are in the thousands.",
            measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL, chart_type=Chart.PP,
            published=True, due_days=30, tags=(CUSTOMER, LDP, REAL), lead="contributor",
            baseline_period=periods[0].key)
        self.target(four, TargetSpec(95.0, 5, Target.ToleranceKind.ABSOLUTE,
                                     "LDP standard: 95% within four hours"), periods)
        self.target(four, TargetSpec(98.0, 0, Target.ToleranceKind.ABSOLUTE,
                                     "LDP standard: boards work towards 98%",
                                     level=Target.Level.STRETCH), periods)
        shift = Period.month(2021, 5)
        self.annotate(four, shift, "Sustained fall in four-hour performance from May 2021 "
                                   "(visible in the published data): limits recalculated "
                                   "from here", rebase=True)
        attendances = self.indicator(
            code="FIFE-AE-ATT", title="Emergency department attendances, NHS Fife (real data)",
            definition="Attendances at emergency departments in the month (all attendances, "
                       "new and planned return).",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.COUNT,
            improvement=Improvement.NEITHER, data_source=source, quality_note=quality,
            measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_MUCH, published=True,
            tags=(PROCESSES, REAL), lead="contributor")
        lockdown = "First national COVID-19 lockdown began on 23 March 2020"
        self.annotate(attendances, Period.month(2020, 3), lockdown)
        twelve = self.indicator(
            code="FIFE-AE-12HR",
            title="Emergency department attendances waiting over 12 hours, NHS Fife (real data)",
            definition="Attendances at emergency departments in the month whose episode lasted "
                       "more than 12 hours from arrival to admission, discharge or transfer.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.COUNT,
            improvement=Improvement.LOWER, data_source=source,
            quality_note=quality + " Counted from the episode-level measure "
                                   "NumberOver12HoursEpisode. Charted as a C chart.",
            measure_kind=MeasureKind.BALANCING, rba_kind=RbaKind.HOW_WELL,
            chart_type=Chart.C, tags=(CUSTOMER, REAL), lead="contributor")
        for period in periods:
            seen, within, over12 = months[period]
            self.real.append(ObservationInput(four, period, round(100 * within / seen, 1),
                                              numerator=within, denominator=seen,
                                              status="final"))
            self.real.append(ObservationInput(attendances, period, float(seen), status="final"))
            self.real.append(ObservationInput(twelve, period, float(over12), status="final"))
        self._real_commentary(four, months, periods)

    def _real_commentary(self, indicator, months, periods) -> None:
        last = periods[-1]
        seen, within, _ = months[last]
        below = [p for p in periods if round(100 * months[p][1] / months[p][0], 1) < 90]
        run_start = last
        for period in reversed(periods):
            if period not in below:
                break
            run_start = period
        what = (f"In {last.label}, {within:,} of the {seen:,} attendances at NHS Fife's "
                f"emergency department ({100 * within / seen:.1f}%) were seen within four "
                f"hours, against the 95% standard. The figure has been below 90% in every "
                f"month since {run_start.label}.")
        why = ("This is real data published by Public Health Scotland for NHS Fife, shown to "
               "demonstrate PIF. The demo does not explain NHS Fife's performance: in a real "
               "partnership the board's own commentary would go here.")
        self.commentary.append((indicator, why, "", "contributor", what))

    def phs_delayed_discharge(self) -> None:
        totals: dict[Period, dict[str, int]] = defaultdict(dict)
        for row in self._rows("phs_delayed_discharge_nhs_fife.csv"):
            if row["HBT"] != "S08000029" or row["ReasonForDelay"] != "All Delay Reasons":
                continue
            totals[_month(row["MonthOfDelay"])][row["AgeGroup"]] = int(
                row["NumberOfDelayedBedDays"])
        periods = sorted(totals)
        indicator = self.indicator(
            code="FIFE-DD-BEDDAYS",
            title="Bed days occupied by people whose discharge was delayed, NHS Fife "
                  "(real data)",
            definition="Bed days in the month occupied by people aged 18 and over who were "
                       "clinically ready for discharge, all delay reasons. Breakdowns by age "
                       "group: 18 to 74, and 75 and over.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.COUNT,
            improvement=Improvement.LOWER,
            data_source=(f"Public Health Scotland, Delayed discharges in NHSScotland (open "
                         f"data, bed days by NHS board), NHS Fife (S08000029), people aged 18 "
                         f"and over, all delay reasons. {REAL_DATA} {OGL}"),
            quality_note=(f"{NOT_LOCH_ARDEN} The extract runs from July 2016 to May 2023, so "
                          "the indicator shows as overdue. The total is PHS's own '18plus' and "
                          "'All Delay Reasons' row, not a sum of the breakdowns."),
            measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL, published=True,
            tags=(PROCESSES, REAL), lead="contributor")
        self.annotate(indicator, Period.month(2020, 3),
                      "First national COVID-19 lockdown began on 23 March 2020")
        groups = {"18-74": self.breakdown("Aged 18 to 74", Breakdown.Kind.GROUP),
                  "75plus": self.breakdown("Aged 75 and over", Breakdown.Kind.GROUP)}
        for period in periods:
            self.real.append(ObservationInput(indicator, period,
                                              float(totals[period]["18plus"]), status="final"))
            for age, breakdown in groups.items():
                self.real.append(ObservationInput(indicator, period,
                                                  float(totals[period][age]),
                                                  breakdown=breakdown, status="final"))

    def nhs_england(self) -> None:
        rows = [r for r in self._rows("nhse_ae_attendances_rf4.csv")
                if r["org_code"] == "RF4" and r["type"] == "1"]
        indicator = self.indicator(
            code="NHSE-RF4-4HR",
            title="Type 1 A&E attendances seen within four hours, NHS England provider RF4 "
                  "(real data)",
            definition="Numerator: type 1 (major) A&E attendances at provider RF4 that did not "
                       "breach four hours. Denominator: all type 1 attendances in the month.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.PERCENTAGE,
            improvement=Improvement.HIGHER, decimals=1,
            data_source=("NHS England A&E attendances and emergency admissions, provider "
                         "org code RF4, type 1 departments, April 2016 to March 2019 (as "
                         "published in the NHSRdatasets package, ae_attendances). An English "
                         f"trust, shown only as an example of a monthly A&E series. {REAL_DATA} "
                         f"{OGL}"),
            quality_note=(f"{NOT_LOCH_ARDEN} Four-hour performance is 1 − breaches ÷ "
                          "attendances. The series ends in March 2019, so the indicator shows "
                          "as overdue. Charted as a run chart."),
            measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL, chart_type=Chart.RUN,
            tags=(CUSTOMER, REAL))
        for row in rows:
            year, month, _ = (int(part) for part in row["period"].split("-"))
            seen, breaches = int(row["attendances"]), int(row["breaches"])
            self.real.append(ObservationInput(indicator, Period.month(year, month),
                                              round(100 * (seen - breaches) / seen, 1),
                                              numerator=seen - breaches, denominator=seen,
                                              status="final"))

    LGBF_FAMILY = {"Least Deprived": "1", "2": "2", "3": "3", "Most Deprived": "4"}

    def lgbf(self) -> None:
        rows = self._rows("lgbf_selected_indicators.csv")
        unknown = ("Local Government Benchmarking Framework indicator {code} ({area}). The "
                   "data file gives no title or definition, so none is stated here; see the "
                   "Improvement Service's LGBF indicator list. Values are shown exactly as "
                   "published, as a proportion between 0 and 1.")
        known = {"unit": Unit.PERCENTAGE, "decimals": 1, "scale": 100,
                 "improvement": Improvement.HIGHER, "rba_kind": RbaKind.BETTER_OFF,
                 "published": True, "tags": (CUSTOMER, LGBF, REAL)}
        untitled = {"unit": Unit.RATIO, "decimals": 3, "scale": 1,
                    "improvement": Improvement.NEITHER, "rba_kind": "", "published": False}
        specs = {
            "CHN04": {**known,
                      "title": "Pupils gaining 5 or more awards at SCQF level 5 "
                               "(LGBF CHN04, real data)",
                      "definition": "LGBF indicator CHN04: percentage of pupils gaining 5 or "
                                    "more awards at SCQF level 5."},
            "CHN11": {**known,
                      "title": "Pupils entering positive destinations (LGBF CHN11, real data)",
                      "definition": "LGBF indicator CHN11: percentage of pupils entering "
                                    "positive destinations."},
            "CHN12a": {**known, "unit": Unit.SCORE, "decimals": 0, "scale": 1,
                       "title": "Overall average total tariff (LGBF CHN12a, real data)",
                       "definition": "LGBF indicator CHN12a: overall average total tariff."},
            "SW03a": {**untitled, "tags": (CUSTOMER, LGBF, REAL),
                      "title": "LGBF indicator SW03a (real data)",
                      "definition": unknown.format(code="SW03a", area="SW: adult social care")},
            "ENV03c": {**untitled, "tags": (PROCESSES, LGBF, REAL),
                       "title": "LGBF indicator ENV03c (real data)",
                       "definition": unknown.format(code="ENV03c",
                                                    area="ENV: environmental services")},
        }
        by_code: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            by_code[row["Code"]].append(row)
        breakdowns = {}
        for row in rows:
            name = row["LocalAuthority"]
            if name and name not in breakdowns:
                group = self.LGBF_FAMILY.get(row["FamilyGroup"], "")
                breakdowns[name] = self.breakdown(
                    name, Breakdown.Kind.AREA, f"Family group {group}" if group else "")
        for code, spec in specs.items():
            spec = dict(spec)
            scale = spec.pop("scale")
            years = sorted({_financial_year(r["LGBF Year"]) for r in by_code[code]})
            source = (f"Improvement Service, Local Government Benchmarking Framework data "
                      f"table (real terms), indicator {code}, {years[0].label} to "
                      f"{years[-1].label}. The headline series is the Scotland figure; each "
                      f"of the 32 Scottish councils is a breakdown, with its LGBF family "
                      f"group. {REAL_DATA} {OGL}")
            quality = (f"{NOT_LOCH_ARDEN} The headline is Scotland's figure as published by "
                       "the Improvement Service, not a sum of the council figures. Family "
                       "groups are the LGBF 'people' typology (group 1 least deprived, group "
                       "4 most deprived); Fife is in family group 3. Polarity is not in the "
                       "data file" + ("; higher is taken as better for this "
                                      "measure." if spec["improvement"] != "neither" else
                                      ", so no direction of improvement is set.") +
                       " The extract ends in "
                       f"{years[-1].label}, so the indicator shows as overdue.")
            absent = sorted(set(breakdowns) - {r["LocalAuthority"] for r in by_code[code]})
            if absent:
                quality += (f" The published table has no figures for {', '.join(absent)} "
                            "in these years.")
            indicator = self.indicator(
                code=f"LGBF-{code}", owner="LAC", frequency=Frequency.FINANCIAL_YEAR,
                data_source=source, quality_note=quality, measure_kind=MeasureKind.OUTCOME,
                due_days=365, baseline_period=years[0].key, **spec)
            scotland: dict[Period, float] = {}
            for row in by_code[code]:
                period = _financial_year(row["LGBF Year"])
                scotland.setdefault(period, float(row["Scotland_Indicator_Real"]))
                if row["LA_IndicatorReal"]:
                    self.real.append(ObservationInput(
                        indicator, period, round(float(row["LA_IndicatorReal"]) * scale, 6),
                        breakdown=breakdowns[row["LocalAuthority"]], status="final"))
            for period, value in sorted(scotland.items()):
                self.real.append(ObservationInput(indicator, period, round(value * scale, 6),
                                                  status="final"))

    # -- writing --

    def write(self) -> None:
        if self.real:
            write_observations(self.real, user=self.editor, approve=True,
                               partnership=self.partnership, via="demo",
                               source="real open data files (OGL v3.0) shipped with the demo")
        if self.approved:
            write_observations(self.approved, user=self.editor, approve=True,
                               partnership=self.partnership, via="demo",
                               source="illustrative demo figures")
        if self.unapproved:
            write_observations(self.unapproved, user=self.contributor, approve=False,
                               partnership=self.partnership, via="demo")

    def write_commentary(self) -> None:
        statuses = IndicatorStatus.objects.in_bulk([i.pk for i, *_ in self.commentary])
        for indicator, why, actions, role, what in self.commentary:
            state = statuses.get(indicator.pk)
            if state is None or not state.latest_period:
                continue
            period = Period.from_key(state.latest_period)
            author = self.users.get(role) or self.editor
            text = what or _what_it_shows(indicator, state)
            self.stamp(Commentary(indicator=indicator, period=period.key,
                                  period_start=period.start, what_it_shows=text, why=why,
                                  actions=actions, author=author), author).save()


@transaction.atomic
def load_measures_demo(partnership, users, today: date | None = None) -> list[Indicator]:
    """The measures demo step: indicators, data, targets, commentary and annotations.

    `users` maps demo roles to users, as `pif.partnerships.demo` passes them. `today` fixes
    the date the illustrative series end at (default: today), so tests are repeatable.
    """
    builder = _Builder(partnership, users, today or date.today())
    builder.phs_ae()
    builder.phs_delayed_discharge()
    builder.lgbf()
    builder.nhs_england()
    rng = random.Random(SEED)
    for spec in _illustrative_specs():
        builder.illustrative(spec, rng)
    builder.write()
    status.refresh(builder.indicators)  # every indicator gets a status row
    builder.write_commentary()
    return builder.indicators
