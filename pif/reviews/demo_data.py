"""What the stage 6 demo loads for Loch Arden: the "Loch Arden Stat" meeting series with three
past meetings and the next one, a PSIF checklist survey, an EFQM 2013 full assessment and
last year's review. Every word here is invented for the demo (see `pif.reviews.demo`).

The series meets on the second Thursday of each month: the last meeting was the latest one
before the day the demo is loaded, the others a month apart before it, and the next is
planned for the one after. A follow-up's due date counts in days from the meeting that raised
it; the survey's dates count in days from the day the demo is loaded. Indicators, actions and
PDSA cycles are named by their codes, references and titles in the other apps' demo data;
one that is missing is left out.
"""

from dataclasses import dataclass

# Roles of the demo's users, as `pif.partnerships.demo` passes them.
ADMIN, EDITOR, CONTRIBUTOR, VIEWER = "admin", "editor", "contributor", "viewer"

# -- the meeting series -------------------------------------------------------------------

SERIES_NAME = "Loch Arden Stat"
SERIES_PURPOSE = (
    "A monthly look at the partnership's figures with the people who can change them: each "
    "meeting asks what the data say, agrees who will do what, and checks at the next meeting "
    "that it was done.")
LOCATION = "Committee Room 2, Arden House, Kirkton"
ESCALATE_AFTER = 2  # carry-overs before a follow-up goes to the chair
CHAIR = ADMIN
ATTENDEES = (EDITOR, CONTRIBUTOR, VIEWER)
HEALTH_BOARD = "NHSLA"
OUTCOME = "LO2"  # People live longer, healthier lives
INDICATOR_OWNER = "LAC"
MEETING_WEEKDAY, MEETING_WEEK = 3, 2  # the second Thursday of each month
BRIEFING_DAYS_BEFORE = 3
NOT_YET = "Not done yet: the owner gave a new date, and it comes back next month."


@dataclass(frozen=True)
class Outcome:
    """A typed outcome recorded at a meeting, on the item for `indicator` (the first item of
    the pack when the meeting has no item for it)."""

    key: str  # how a later meeting names it to close it
    kind: str  # "commitment", "data_request", "decision" or "recommendation"
    indicator: str
    text: str
    owner: str | None = None
    due: int | None = None  # days after the meeting
    report_back: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Closing:
    key: str
    outcome: str  # "done" or "dropped"
    note: str


@dataclass(frozen=True)
class Note:
    indicator: str
    text: str


@dataclass(frozen=True)
class MeetingSpec:
    months_before_last: int
    notes: str
    item_notes: tuple[Note, ...] = ()
    closings: tuple[Closing, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    absent: tuple[str, ...] = ()


MEETINGS = [
    MeetingSpec(
        2,
        "First meeting of the series, looking at the whole partnership. The chair asked each "
        "partner to bring the person who owns the figure, not only the analyst.",
        item_notes=(
            Note("LAC-RECYCLE", "Recycling has fallen for four months. Waste services think "
                 "contamination rejections at the new sorting plant explain part of it."),
            Note("NHSLA-PT", "Waits for psychological therapy are longest in Arden North; two "
                 "posts have been vacant since the summer."),
            Note("LAC-HOMELESS", "Applications are up, but the figure does not say which "
                 "households: the board needs the split before it can act.")),
        outcomes=(
            Outcome("therapy_plan", "commitment", "NHSLA-PT",
                    "Bring a recovery plan for psychological therapy waits in Arden North",
                    CONTRIBUTOR, 25, "The plan, with the month each vacant post is filled and "
                    "the expected waits", HEALTH_BOARD),
            Outcome("recycling", "commitment", "LAC-RECYCLE",
                    "Explain the fall in household waste recycled and what will be done "
                    "about it", EDITOR, 25, "The sorting plant's rejection figures and a plan "
                    "to reduce contamination", "LAC"),
            Outcome("homeless_split", "data_request", "LAC-HOMELESS",
                    "Split homeless applications by household type for the last 12 months",
                    EDITOR, 21),
            Outcome("board_summary", "decision", "LAC-HOMELESS",
                    "The Community Planning Board receives a one-page summary of Loch Arden "
                    "Stat each quarter")),
        absent=(VIEWER,)),
    MeetingSpec(
        1,
        "A meeting on NHS Loch Arden's figures. The recycling commitment was not ready: it "
        "comes back next month.",
        item_notes=(
            Note("NHSLA-CAMHS", "Starts within 18 weeks dipped in the school holidays, as in "
                 "each of the last three years."),
            Note("NHSLA-ABSENCE", "Absence is highest in two wards; the board asked whether "
                 "the wards' figures can be shown separately."),),
        closings=(
            Closing("therapy_plan", "done", "Plan presented: both posts filled from January, "
                    "waits expected back under 18 weeks by March."),
            Closing("homeless_split", "done", "Split circulated: the rise is in single people "
                    "under 25."),
            Closing("board_summary", "done", "Added to the board's forward plan.")),
        outcomes=(
            Outcome("camhs_summer", "commitment", "NHSLA-CAMHS",
                    "Plan extra CAMHS clinics for next summer's holidays", CONTRIBUTOR, 21,
                    "The number of extra clinics and where they will run", HEALTH_BOARD),
            Outcome("absence_wards", "data_request", "NHSLA-ABSENCE",
                    "Sickness absence by ward for the last six months", CONTRIBUTOR, 28),
            Outcome("abi_primary", "recommendation", "NHSLA-ABI",
                    "Share the alcohol brief interventions approach with primary care"))),
    MeetingSpec(
        0,
        "A meeting on healthier, longer lives. The recycling commitment was carried over a "
        "second time and has gone to the chair.",
        item_notes=(
            Note("NHSLA-SMOKE", "Quits are ahead of the target overall but the figure hides "
                 "the localities."),
            Note("NHSLA-DRUGS", "Starts within three weeks holding steady."),),
        closings=(
            Closing("camhs_summer", "done", "Six extra clinics agreed, in Kirkton and Arden "
                    "North."),
            Closing("abi_primary", "dropped", "Primary care already runs its own programme; "
                    "nothing to add.")),
        outcomes=(
            Outcome("smoke_localities", "commitment", "NHSLA-SMOKE",
                    "Report stop-smoking quits by locality", CONTRIBUTOR, 25,
                    "Quits at 12 weeks for each of the three localities", HEALTH_BOARD),
            Outcome("drugs_waits", "data_request", "NHSLA-DRUGS",
                    "Waits for drug and alcohol treatment by service", EDITOR, 25),
            Outcome("stat_summary", "decision", "NHSLA-SMOKE",
                    "The next meeting takes the recycling commitment first"))),
]

# -- the PSIF checklist --------------------------------------------------------------------

PSIF_SLUG, PSIF_LABEL = "psif", "2020 checklist"
CHECKLIST_TITLE = "PSIF checklist: how staff see the partnership"
CHECKLIST_SCOPE = "Staff of the partner organisations who work on the plan"
INVITED = 40
ANSWERED = 25
SURVEY_OPENED_DAYS_AGO = 60
SURVEY_DAYS_OPEN = 21
SEED = 13  # the responses are random, but the same each time the demo loads

FIRST_NAMES = ("aileen", "brian", "catriona", "david", "eilidh", "fraser", "gillian", "hamish",
               "isla", "jamie")
LAST_NAMES = ("anderson", "baird", "cameron", "duncan")

# Chances of each answer, by section position: strongly agree, agree, disagree, strongly
# disagree, don't know. Leadership and staff are seen well; results less so.
SPREADS = {
    1: (30, 45, 15, 5, 5),
    2: (15, 45, 25, 5, 10),
    3: (25, 45, 20, 5, 5),
    4: (10, 40, 30, 10, 10),
    5: (15, 40, 30, 10, 5),
    6: (5, 30, 35, 15, 15),
}
NOTHING = "Nothing to add."
COMMENTS = {  # section position: (strengths, improvements)
    1: (("Leaders are visible at the locality forums.",
         "The chief officers explain why decisions are made.", NOTHING),
        ("Leaders could say more about what the plan means for frontline staff.",
         "Decisions at the board are slow to reach us.", NOTHING)),
    2: (("The plan has a few clear priorities.",
         "Everyone knows the poverty outcome is the top one.", NOTHING),
        ("Planning happens in different cycles in each partner.",
         "Targets arrive late in the year.", NOTHING)),
    3: (("Staff are encouraged to suggest changes.",
         "Good training on using data.", NOTHING),
        ("Time for improvement work is the first thing to go when we are busy.",
         "Staff do not hear back about their suggestions.", NOTHING)),
    4: (("Partners share premises well in the localities.",
         "The third sector is treated as an equal partner.", NOTHING),
        ("Information sharing between partners is still hard.",
         "Funding for community groups is only year to year.", NOTHING)),
    5: (("Referral routes between services are clearer than a year ago.",
         "Stat meetings keep services' figures in front of the right people.", NOTHING),
        ("Services are designed around each organisation, not the person.",
         "We rarely ask service users how a process works for them.", NOTHING)),
    6: (("Results are published where everyone can see them.",
         "The figures for fires and falls have improved.", NOTHING),
        ("Few results are compared with similar areas.",
         "We measure activity more than outcomes.", NOTHING)),
}
# Two findings made from comments: (section position, kind, text).
CHECKLIST_FINDINGS = [
    (6, "area_for_improvement",
     "Compare our results with similar areas, not only with last year: staff said few "
     "results are benchmarked."),
    (3, "strength", "Staff feel encouraged to suggest changes and value the training on using "
     "data."),
]

# -- the EFQM 2013 assessment ----------------------------------------------------------------

EFQM_SLUG, EFQM_LABEL = "efqm", "2013"
ASSESSMENT_TITLE = "EFQM self-assessment of the partnership"
ASSESSMENT_SCOPE = "The whole partnership"
ASSESSORS = (EDITOR, CONTRIBUTOR)
# Each criterion's typical attribute score; each assessor's scores spread around it.
CRITERION_LEVELS = {"1": 50, "2": 45, "3": 40, "4": 45, "5": 35, "6": 30, "7": 35, "8": 25,
                    "9": 40}
RATIONALES = {
    "enabler": "Approach documented in the partnership agreement; deployed in two of three "
               "localities; reviewed once a year.",
    "result": "Some trends over three years; targets for most measures; few comparisons with "
              "other areas.",
}
AGREED_NOTE = "Agreed after discussing the evidence: the assessors' scores were {low}% and {high}%."


@dataclass(frozen=True)
class EvidenceSpec:
    node: str
    assessor: str
    text: str = ""
    indicator: str = ""
    action: str = ""
    pdsa: str = ""  # the title of a PDSA cycle


EVIDENCE = [
    EvidenceSpec("1a", EDITOR, "The partnership agreement, signed by every chief officer in "
                 "June, sets out the shared vision and values."),
    EvidenceSpec("1b", EDITOR, action="A18"),
    EvidenceSpec("1b", CONTRIBUTOR, "Loch Arden Stat meets monthly; its follow-ups are tracked "
                 "to the next meeting."),
    EvidenceSpec("2a", CONTRIBUTOR, "The strategic needs assessment, refreshed in spring with "
                 "community engagement in each locality."),
    EvidenceSpec("2d", EDITOR, action="A16"),
    EvidenceSpec("3b", CONTRIBUTOR, action="A13"),
    EvidenceSpec("3d", EDITOR, indicator="IMATTER-EEI"),
    EvidenceSpec("4a", EDITOR, action="A10"),
    EvidenceSpec("4d", EDITOR, action="A11"),
    EvidenceSpec("5a", CONTRIBUTOR, pdsa="Cycle 1: one home"),
    EvidenceSpec("5e", CONTRIBUTOR, pdsa="Cycle 2: ten homes, one watch"),
    EvidenceSpec("6a", EDITOR, indicator="PSLA-CONFIDENCE"),
    EvidenceSpec("6b", CONTRIBUTOR, indicator="NHSLA-PT"),
    EvidenceSpec("7a", EDITOR, indicator="IMATTER-RESPONSE"),
    EvidenceSpec("7b", EDITOR, indicator="LAC-SICK"),
    EvidenceSpec("8b", CONTRIBUTOR, indicator="LATSI-VOLHRS"),
    EvidenceSpec("9a", EDITOR, indicator="SFRS-ADF"),
    EvidenceSpec("9b", EDITOR, indicator="LAC-CTAX"),
]


@dataclass(frozen=True)
class FindingSpec:
    node: str
    kind: str
    text: str
    priority: int | None = None
    lead: str = ""  # an area with a lead becomes an action
    due: int = 0  # days from the demo's today
    resources: str = ""
    risks: str = ""
    measures: str = ""


FINDINGS = [
    FindingSpec("1a", "strength", "A shared vision that every chief officer has signed and "
                "speaks to."),
    FindingSpec("1b", "strength", "A monthly stat meeting that follows up what it agrees."),
    FindingSpec("9a", "strength", "Fewer accidental dwelling fires over three years."),
    FindingSpec("6b", "area_for_improvement", "Few of our results are compared with similar "
                "areas, so we cannot tell how good they are.", 1, EDITOR, 180,
                "Two days of analyst time each quarter", "Comparable data may not exist for "
                "every measure", "Share of scorecard measures with a comparison"),
    FindingSpec("3b", "area_for_improvement", "Improvement time is lost when services are "
                "busy: protect it in every partner's workforce plan.", 2, CONTRIBUTOR, 270,
                "Workforce leads of each partner", "Winter pressures", "Hours of improvement "
                "time used each month"),
    FindingSpec("8a", "area_for_improvement", "We do not ask communities how they see the "
                "partnership's work.", 3),
]

# -- the cycles ------------------------------------------------------------------------------

WHAT_WORKED = (
    "The falls huddle at each shift change in our care homes: the did-it-work register shows "
    "the falls rate shifted down after it began. Naloxone supply in hostels reached every "
    "project by the autumn. Loch Arden Stat kept commitments in front of the people who made "
    "them.")
LESSONS = (
    "Agree each indicator's data source before the year starts: three indicators had no "
    "data until the third quarter. Follow up meeting commitments at the next meeting, not "
    "by email. The self-assessment found we compare too few results with similar areas.")
