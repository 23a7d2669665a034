"""What the improvement demo loads: the Loch Arden action plan, three improvement projects
and their PDSA cycles. Every word here is invented for the demo (see `pif.improvement.demo`).

Dates are offsets in days from the day the demo is loaded, so the plan looks current whenever
it is loaded; those marked `real_dates` count instead from the first day of the last month of
NHS Fife's real A&E data, so that their marks fall on the real charts. A `source_detail` may
name its date as `{start:...}` (a `strftime` format of the action's start date).
"""

from dataclasses import dataclass

# Roles of the demo's users, as `pif.partnerships.demo` passes them.
ADMIN, EDITOR, CONTRIBUTOR = "admin", "editor", "contributor"

POVERTY_GROUP = "Tackling Poverty Delivery Group"
HEALTH_GROUP = "Health and Wellbeing Delivery Group"
SAFER_GROUP = "Safer Communities Delivery Group"
EXECUTIVE = "Community Planning Executive Group"
BOARD = "Loch Arden Community Planning Board"


@dataclass(frozen=True)
class Update:
    day: int  # days from the demo's today (negative: in the past)
    percent: int
    status: str
    text: str


@dataclass(frozen=True)
class Step:
    """A milestone: its title, due day and the day it was done (None: not yet)."""
    title: str
    due: int
    done: int | None = None


@dataclass(frozen=True)
class ActionSpec:
    reference: str
    title: str
    description: str
    organisation: str
    owner: str | None
    status: str
    percent: int
    source: str
    start: int
    due: int | None  # None: ongoing
    source_detail: str = ""
    group: str = ""
    outcomes: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    milestones: tuple[Step, ...] = ()
    updates: tuple[Update, ...] = ()
    completed: int | None = None
    evidence: str = ""
    signed_off: int | None = None
    status_reason: str = ""
    project: str = ""
    real_dates: bool = False


ACTIONS = [
    # -- an outcome's plan --
    ActionSpec(
        "A01", "Offer money advice at every health visitor contact in Arden North",
        "Health visitors ask every family about money worries and refer those who want help "
        "to the money advice service the same week.",
        "NHSLA", CONTRIBUTOR, "on_track", 60, "outcome_plan", -150, 90, group=POVERTY_GROUP,
        outcomes=("P1.1", "P1.1a"), risks=("R03",),
        milestones=(Step("Referral route agreed with the advice service", -120, -118),
                    Step("All Arden North health visitors briefed", -60, -55),
                    Step("Routine enquiry in every contact", 90)),
        updates=(Update(-118, 15, "on_track", "Referral route agreed: the advice service "
                        "will phone families within five working days."),
                 Update(-55, 40, "on_track", "All 14 health visitors in Arden North briefed; "
                        "31 referrals in the first month."),
                 Update(-12, 60, "on_track", "Asked at 78% of contacts last month; the "
                        "team is adding the question to the visit form."))),
    ActionSpec(
        "A02", "Open a Saturday money advice drop-in at Townhead library",
        "A weekend session for working parents who cannot attend during the week.",
        "LATSI", EDITOR, "not_started", 0, "outcome_plan", 30, 150, group=POVERTY_GROUP,
        outcomes=("P1.1",), milestones=(Step("Volunteer advisers recruited", 20),
                                        Step("First session held", 45)),
        updates=(Update(-10, 0, "not_started", "Library agreed the room from next month; "
                        "volunteers are being recruited."),)),
    ActionSpec(
        "A03", "Expand the employability key worker service to Lochside",
        "Two more key workers so that parents in Lochside get the same help into fair work "
        "as those in Arden North.",
        "LAC", EDITOR, "at_risk", 48, "outcome_plan", -180, 120, group=POVERTY_GROUP,
        outcomes=("P1.2",), indicators=("LAC-EMPLOY",),
        milestones=(Step("Posts approved", -150, -150), Step("Key workers in post", -60),
                    Step("Caseload at 40 parents", 120)),
        updates=(Update(-150, 15, "on_track", "Two posts approved by the council's "
                        "appointments panel."),
                 Update(-75, 30, "at_risk", "One post filled; the second was readvertised "
                        "after no suitable applicants."),
                 Update(-20, 48, "at_risk", "Second key worker starts next month; caseload "
                        "is 18 parents so far."))),
    ActionSpec(
        "A04", "Train youth workers in mental health first aid",
        "Every youth worker in the council's service trained to spot and respond to young "
        "people's mental distress.",
        "LAC", ADMIN, "complete", 100, "outcome_plan", -240, -30, group=HEALTH_GROUP,
        outcomes=("P2.2",), indicators=("LATSI-WELLBEING",),
        milestones=(Step("Course booked", -220, -225), Step("First cohort trained", -150, -140),
                    Step("All youth workers trained", -30, -35)),
        updates=(Update(-140, 50, "on_track", "First cohort of 12 trained."),
                 Update(-35, 100, "complete", "All 26 youth workers now hold the "
                        "certificate.")),
        completed=-35, signed_off=-28,
        evidence="Training register showing all 26 youth workers certified, reported to "
                 "the Health and Wellbeing Delivery Group."),
    ActionSpec(
        "A05", "Reach 250 older people living alone with home fire safety visits",
        "Targeted visits by referral from home care, health and housing partners.",
        "SFRS", None, "on_track", 70, "outcome_plan", -200, 100, group=SAFER_GROUP,
        outcomes=("P3.1", "P3.1a"), indicators=("SFRS-HFSV",), risks=("R07",),
        project="fire",
        milestones=(Step("Referral agreement with home care", -160, -165),
                    Step("150 visits done", -30, -40), Step("250 visits done", 100)),
        updates=(Update(-165, 10, "on_track", "Home care teams agreed to refer."),
                 Update(-90, 40, "on_track", "96 visits so far, most by partner referral."),
                 Update(-14, 70, "on_track", "171 visits done; on course for 250."))),
    ActionSpec(
        "A06", "Publish the participatory budgeting round for Glen Arden",
        "Communities in the glens and islands vote on how £60,000 is spent.",
        "ACCF", None, "deferred", 20, "outcome_plan", -120, 60, group=BOARD,
        outcomes=("LO4",), indicators=("ACCF-ENGAGE",),
        milestones=(Step("Themes agreed", -90, -90), Step("Vote held", 45)),
        status_reason="Deferred by four months so that the vote does not clash with the "
                      "council's budget consultation.",
        updates=(Update(-90, 20, "on_track", "Community councils agreed the themes."),
                 Update(-30, 20, "deferred", "The board agreed to defer the vote by four "
                        "months."))),
    ActionSpec(
        "A07", "Run stop-smoking clinics in community pharmacies",
        "Weekly clinics in the four pharmacies nearest Arden North's housing estates.",
        "NHSLA", CONTRIBUTOR, "off_track", 25, "outcome_plan", -210, 60, group=HEALTH_GROUP,
        outcomes=("LO2",), indicators=("NHSLA-SMOKE",),
        milestones=(Step("Pharmacies signed up", -150, -120), Step("Clinics running", -60)),
        updates=(Update(-120, 15, "at_risk", "Two of four pharmacies signed up."),
                 Update(-40, 25, "off_track", "Pharmacist vacancies mean only one clinic "
                        "is running; looking at a health centre instead."))),
    ActionSpec(
        "A08", "Hand over Burnside community hall to a community trust",
        "Asset transfer of the hall to the Burnside Community Trust, with a five-year "
        "support plan.",
        "LAC", EDITOR, "on_track", 65, "outcome_plan", -300, 120, group=BOARD,
        outcomes=("LO4a",), indicators=("ACCF-ASSETS",),
        milestones=(Step("Asset transfer request received", -280, -290),
                    Step("Valuation and business plan agreed", -60, -70),
                    Step("Lease signed", 120)),
        updates=(Update(-290, 5, "on_track", "Request received and validated."),
                 Update(-70, 65, "on_track", "Business plan agreed; lease with solicitors."))),
    ActionSpec(
        "A09", "Agree a naloxone supply with every hostel and supported housing project",
        "Take-home naloxone and trained staff at every site where people at risk live.",
        "NHSLA", CONTRIBUTOR, "complete", 100, "outcome_plan", -200, -20, group=HEALTH_GROUP,
        outcomes=("P2.1",), indicators=("NHSLA-DRUGS",), risks=("R09",),
        milestones=(Step("Sites listed", -180, -185), Step("Staff trained", -40, -45)),
        updates=(Update(-120, 50, "on_track", "Six of 11 sites supplied."),
                 Update(-25, 100, "complete", "All 11 sites supplied and 48 staff trained.")),
        completed=-25, signed_off=-18,
        evidence="Supply and training log for all 11 sites, checked by the alcohol and drug "
                 "partnership coordinator."),
    # -- risk treatments --
    ActionSpec(
        "A10", "Agree a three-year funding settlement for money advice",
        "Partners pool budgets so that money advice no longer depends on one-year grants.",
        "LAC", EDITOR, "on_track", 65, "risk_treatment", -120, 60, group=POVERTY_GROUP,
        outcomes=("P1.1",), risks=("R01",),
        milestones=(Step("Options paper to the executive group", -100, -105),
                    Step("Agreement in principle", -50, -60), Step("Settlement signed", 60)),
        updates=(Update(-105, 10, "on_track", "Options paper went to the executive group."),
                 Update(-60, 40, "on_track", "The council and NHS Loch Arden agreed in "
                        "principle to pool £180,000 a year."),
                 Update(-20, 65, "on_track", "Draft settlement with finance officers."))),
    ActionSpec(
        "A11", "Sign the information sharing protocol for families",
        "An agreement that lets partners share what they need to about families they all "
        "support, lawfully.",
        "LAC", ADMIN, "off_track", 70, "risk_treatment", -200, -30, group=POVERTY_GROUP,
        outcomes=("LO1", "P1.1"), risks=("R02",),
        milestones=(Step("Draft protocol", -150, -155), Step("Data protection impact "
                    "assessment", -90, -80), Step("Signed by all partners", -30)),
        updates=(Update(-155, 30, "on_track", "Draft protocol circulated to partners."),
                 Update(-80, 55, "at_risk", "Impact assessment done; two partners asked for "
                        "changes."),
                 Update(-45, 70, "off_track", "NHS information governance asked for changes to "
                        "the retention clause; revised draft with the legal teams."))),
    ActionSpec(
        "A12", "Run a health visitor recruitment campaign",
        "A campaign with the university and a skill-mix review so that vacancies fall.",
        "NHSLA", CONTRIBUTOR, "off_track", 30, "risk_treatment", -150, 120,
        group=HEALTH_GROUP, outcomes=("P1.1a",), risks=("R03",),
        milestones=(Step("Campaign launched", -120, -110), Step("Skill-mix review", -30)),
        updates=(Update(-110, 15, "on_track", "Campaign launched with the university."),
                 Update(-75, 30, "off_track", "Three posts filled, four still vacant; the "
                        "skill-mix review is waiting for the national workforce tool."))),
    ActionSpec(
        "A13", "Protect time for improvement leads when services are under pressure",
        "Improvement leads keep one day a week for improvement work whatever the pressures.",
        "NHSLA", CONTRIBUTOR, "on_track", 0, "risk_treatment", -300, None, group=EXECUTIVE,
        outcomes=("LO2",), risks=("R04",),
        updates=(Update(-270, 0, "on_track", "Agreed by the chief executive."),
                 Update(-10, 0, "on_track", "Protected time held this month despite "
                        "pressures."))),
    ActionSpec(
        "A14", "Launch a volunteer recruitment drive",
        "A year-round drive with local employers for volunteers in community support "
        "services.",
        "LATSI", None, "at_risk", 65, "risk_treatment", -240, 60, group=BOARD,
        outcomes=("LO4", "P2.2"), indicators=("LATSI-VOLHRS",), risks=("R08",),
        milestones=(Step("Employer pledge launched", -200, -190),
                    Step("100 new volunteers", 60)),
        updates=(Update(-190, 20, "on_track", "Twelve employers pledged volunteering days."),
                 Update(-100, 65, "at_risk", "58 new volunteers; fewer than hoped in the last "
                        "three months."))),
    ActionSpec(
        "A15", "Run a domestic abuse awareness campaign with routine enquiry",
        "Routine enquiry about abuse in GP practices and the awareness campaign \"It's not "
        "OK\".",
        "PSLA", None, "on_track", 55, "risk_treatment", -160, 140, group=SAFER_GROUP,
        outcomes=("P3.2",), indicators=("PSLA-DOMABUSE",), risks=("R10",),
        milestones=(Step("Campaign launched", -100, -95),
                    Step("Routine enquiry in every GP practice", 120)),
        updates=(Update(-120, 20, "on_track", "Campaign materials agreed."),
                 Update(-30, 55, "on_track", "Routine enquiry running in 9 of 14 GP "
                        "practices."))),
    ActionSpec(
        "A16", "Agree a data calendar with every partner",
        "Dates by which each partner supplies its figures, so the board sees current data.",
        "LAC", EDITOR, "complete", 100, "risk_treatment", -150, -40, group=EXECUTIVE,
        risks=("R11",),
        milestones=(Step("Draft calendar", -120, -125), Step("Agreed by partners", -40, -45)),
        updates=(Update(-125, 40, "on_track", "Draft calendar sent to data leads."),
                 Update(-45, 100, "complete", "Calendar agreed and loaded into PIF's "
                        "reminders.")),
        completed=-45, evidence="Data calendar agreed at the executive group."),
    # -- self-assessment findings --
    ActionSpec(
        "A17", "Write a community engagement plan with the community councils",
        "The self-assessment found that communities hear about plans too late to shape them.",
        "ACCF", None, "at_risk", 45, "self_assessment", -120, 90, group=BOARD,
        source_detail="How good is our partnership? self-assessment, {start:%B %Y}, finding 4",
        outcomes=("LO4",), indicators=("ACCF-ENGAGE",), risks=("R06",),
        milestones=(Step("Workshop with community councils", -90, -90),
                    Step("Plan agreed by the board", 90)),
        updates=(Update(-90, 15, "on_track", "Workshop held with community councils."),
                 Update(-25, 45, "at_risk", "Draft plan written; Glen Arden councils not yet "
                        "involved."))),
    ActionSpec(
        "A18", "Report the plan's progress to the board every quarter with the data",
        "The self-assessment found that the board got updates without figures.",
        "LAC", EDITOR, "on_track", 0, "self_assessment", -200, None, group=BOARD,
        source_detail="Public Service Improvement Framework (PSIF) self-assessment, "
                      "{start:%B %Y}, finding 2",
        outcomes=("LO1", "LO2", "LO3", "LO4"),
        updates=(Update(-100, 0, "on_track", "First quarterly report with charts to the "
                        "board."),
                 Update(-8, 0, "on_track", "Second quarterly report went to the board."))),
    ActionSpec(
        "A19", "Map where partners' money advice services overlap",
        "The self-assessment found three services offering the same help in Townhead.",
        "LAC", ADMIN, "cancelled", 10, "self_assessment", -180, -20, group=POVERTY_GROUP,
        source_detail="Child poverty self-assessment, {start:%B %Y}, finding 1",
        outcomes=("P1.1",),
        status_reason="Cancelled: the national review of advice services covers the same "
                      "ground.",
        updates=(Update(-150, 10, "on_track", "Service list started."),
                 Update(-100, 10, "cancelled", "Cancelled by the delivery group: the national "
                        "review does this work."))),
    ActionSpec(
        "A20", "Set up a young people's panel to review mental health services",
        "The self-assessment found that young people had no say in the services they use.",
        "NHSLA", CONTRIBUTOR, "not_started", 0, "self_assessment", 20, 200,
        group=HEALTH_GROUP, source_detail="Children's services self-evaluation, "
                                          "{start:%B %Y}, finding 3",
        outcomes=("P2.2",), indicators=("NHSLA-CAMHS",),
        milestones=(Step("Panel recruited through schools", 60),),
        updates=(Update(-5, 0, "not_started", "Youth work team will recruit through "
                        "schools next term."),)),
    # -- audit and inspection recommendations --
    ActionSpec(
        "A21", "Agree shared outcome measures for the Local Outcomes Improvement Plan",
        "Each outcome gets measures that partners agree and report the same way.",
        "LAC", EDITOR, "complete", 100, "audit", -260, -60, group=EXECUTIVE,
        source_detail="Audit Scotland, Best Value report on community planning, "
                      "recommendation 3",
        outcomes=("LO1", "LO2", "LO3", "LO4"),
        milestones=(Step("Measures proposed", -200, -205), Step("Agreed by the board", -60,
                                                                 -62)),
        updates=(Update(-205, 40, "on_track", "Measures proposed for every outcome."),
                 Update(-62, 100, "complete", "The board agreed the measures.")),
        completed=-62, evidence="Board minute agreeing the outcome measures."),
    ActionSpec(
        "A22", "Review care at home for older people with long-term care needs",
        "Respond to the joint inspection of adult services: more people supported at home.",
        "NHSLA", CONTRIBUTOR, "at_risk", 50, "audit", -200, 100, group=HEALTH_GROUP,
        source_detail="Care Inspectorate and Healthcare Improvement Scotland, joint "
                      "inspection of adult services, recommendation 2",
        outcomes=("LO2",), indicators=("LGBF-SW03a",),
        milestones=(Step("Review team set up", -170, -170), Step("Options paper", -10),
                    Step("New care at home model agreed", 100)),
        updates=(Update(-170, 20, "on_track", "Review team set up."),
                 Update(-60, 45, "at_risk", "Care at home capacity falls short in the glens."),
                 Update(-15, 50, "at_risk", "Options paper going to the integration joint "
                        "board."))),
    ActionSpec(
        "A23", "Write down how partnership risks are escalated to the board",
        "The internal audit found no written route for a delivery group's risk to reach the "
        "board.",
        "LAC", ADMIN, "at_risk", 20, "audit", -160, -10, group=EXECUTIVE,
        source_detail="Internal audit report IA {start:%Y}/07, partnership risk management, "
                      "recommendation 1",
        risks=("R11", "R12"),
        milestones=(Step("Draft escalation route", -130, -130),
                    Step("Agreed by the executive group", -10)),
        updates=(Update(-130, 20, "at_risk", "Draft escalation route written."),)),
    ActionSpec(
        "A24", "Publish response times for domestic abuse calls by locality",
        "The local policing inspection asked for locality figures so that communities can "
        "see the service they get.",
        "PSLA", None, "not_started", 0, "audit", 15, 180, group=SAFER_GROUP,
        source_detail="HM Inspectorate of Constabulary in Scotland, local policing "
                      "inspection, recommendation 5",
        outcomes=("P3.2",), indicators=("PSLA-DOMABUSE",),
        updates=(Update(-20, 0, "not_started", "Analyst time booked from next month."),)),
    # -- meeting commitments --
    ActionSpec(
        "A25", "Bring a plan for hospital discharge at times of peak demand to the board",
        "Agreed at the board: NHS Loch Arden and the council to report how they will keep "
        "discharges flowing at the busiest times of year.",
        "NHSLA", CONTRIBUTOR, "on_track", 50, "meeting", -40, 40, group=BOARD,
        source_detail="Community Planning Board, {start:%-d %B %Y}, minute item 6",
        outcomes=("LO2",), risks=("R04",),
        milestones=(Step("Draft plan to the executive group", -20, -20),
                    Step("Plan to the board", 40)),
        updates=(Update(-20, 50, "on_track", "Draft plan with the executive group."),)),
    ActionSpec(
        "A26", "Write to the Scottish Government about rural bus cuts",
        "The board agreed the chair would raise the effect of bus cuts on the glens.",
        "LAC", ADMIN, "cancelled", 0, "meeting", -130, -70, group=BOARD,
        source_detail="Community Planning Board, {start:%-d %B %Y}, minute item 9",
        outcomes=("LO4",),
        status_reason="Cancelled: the council leader raised it directly with the minister.",
        updates=(Update(-100, 0, "cancelled", "Not needed: raised directly with the "
                        "minister."),)),
    ActionSpec(
        "A27", "Pilot the discharge to assess pathway on the medical wards",
        "Agreed at the unscheduled care programme board: people leave hospital when ready "
        "and have their care needs assessed at home. Linked to the Discharge without delay "
        "project.",
        "NHSLA", CONTRIBUTOR, "complete", 100, "meeting", -600, -330, group=HEALTH_GROUP,
        source_detail="Unscheduled care programme board, {start:%-d %B %Y}, action 4",
        outcomes=("LO2",), indicators=("FIFE-DD-BEDDAYS",), risks=("R04",),
        milestones=(Step("Pathway agreed with social work", -540, -545),
                    Step("Running on all medical wards", -330, -335)),
        updates=(Update(-545, 30, "on_track", "Pathway agreed with social work."),
                 Update(-420, 60, "on_track", "Running on two medical wards."),
                 Update(-335, 100, "complete", "Running on all four medical wards.")),
        completed=-335, signed_off=-320, project="flow", real_dates=True,
        evidence="Programme board minute confirming the pathway is standard practice."),
    # -- staff survey team plans --
    ActionSpec(
        "A28", "Hold a monthly team huddle in the health visiting team",
        "From the team's iMatter action plan: staff said they did not hear about changes in "
        "time.",
        "NHSLA", CONTRIBUTOR, "on_track", 0, "staff_survey", -150, None, group=HEALTH_GROUP,
        source_detail="iMatter {start:%Y} team action plan, Arden North health visiting team",
        updates=(Update(-120, 0, "on_track", "First huddle held."),
                 Update(-90, 0, "on_track", "Huddles held every month since the first."))),
    ActionSpec(
        "A29", "Give waste crews a say in route changes",
        "From the waste services team plan: crews asked to be involved before routes change.",
        "LAC", EDITOR, "on_track", 30, "staff_survey", -60, 180,
        source_detail="Loch Arden Council employee survey {start:%Y}, waste services team "
                      "plan",
        indicators=("LAC-RECYCLE",),
        milestones=(Step("Crew representatives chosen", -40, -45),
                    Step("New routes agreed with crews", 180)),
        updates=(Update(-30, 30, "on_track", "Crew representatives joined the route review "
                        "group."),)),
    ActionSpec(
        "A30", "Introduce wellbeing check-ins for community safety advocates",
        "From the team's staff survey plan: advocates said lone working left them isolated.",
        "SFRS", None, "deferred", 10, "staff_survey", -100, 80,
        source_detail="Staff survey {start:%Y}, community safety advocates' team plan",
        outcomes=("P3.1",),
        status_reason="Deferred until the station cover review ends.",
        updates=(Update(-70, 10, "on_track", "Check-in format agreed."),
                 Update(-40, 10, "deferred", "Paused until the station cover review "
                        "ends."))),
    ActionSpec(
        "A31", "Buy 600 linked smoke alarm sets for home fire safety visits",
        "Alarms for the Home fire safety for older people project's second change idea.",
        "SFRS", None, "at_risk", 60, "outcome_plan", -90, 30, group=SAFER_GROUP,
        outcomes=("P3.1a",), indicators=("SFRS-ADF",), project="fire",
        milestones=(Step("Supplier chosen", -80, -80), Step("All 600 sets delivered", 30)),
        updates=(Update(-80, 60, "at_risk", "Supplier chosen; the first 300 sets arrived, "
                        "the rest are late."),)),
]


# -- improvement projects --

@dataclass(frozen=True)
class Cycle:
    title: str
    scale: str
    start: int  # days from the anchor (today, or the real data's last month)
    days: int  # how long the test ran
    objective: str
    question: str
    prediction: str
    who: str
    where: str
    data: str
    do: str = ""
    study: str = ""
    decision: str = ""
    act: str = ""
    complete: bool = False


@dataclass(frozen=True)
class Idea:
    title: str
    description: str
    driver_entry: str  # the title of the change idea's entry in the driver diagram
    cycles: tuple[Cycle, ...] = ()


@dataclass(frozen=True)
class Score:
    day: int
    score: str
    note: str


@dataclass(frozen=True)
class ProjectSpec:
    key: str
    title: str
    status: str
    organisation: str
    lead: str | None
    outcome: str
    aim_what: str
    aim_how_much: str
    aim_by: int
    background: str
    team: str
    registered: int
    approved: int | None
    measures: tuple[tuple[str, str], ...]  # (indicator code, kind)
    diagram: str  # the title of the driver diagram it uses
    ideas: tuple[Idea, ...]
    scores: tuple[Score, ...]
    real_dates: bool = False  # days count from the real data's last month, not today


# A new driver diagram: (title, aim, outcome code, [(primary, [(secondary, [ideas])])]).
DIAGRAMS = [
    ("Home fire safety for older people living alone",
     "No older person living alone in Loch Arden is hurt in a fire at home: halve accidental "
     "dwelling fires among people over 75 who live alone",
     "P3.1a",
     [("Older people at risk are found", [
         ("Carers and health staff refer the people they visit",
          ["Home carers refer the people they support"]),
         ("Housing officers refer at tenancy visits", ["Fire safety question at tenancy "
                                                       "visits"])]),
      ("Homes are made safer at the visit", [
          ("Detection in every room the person uses",
           ["Fit linked smoke alarms at the visit"])])]),
    ("Unscheduled care flow",
     "Patients leave hospital on the day they are ready, so that people arriving at A&E are "
     "seen within four hours",
     "LO2",
     [("Patients leave hospital when they are ready", [
         ("Discharge is planned from admission",
          ["Criteria-led discharge agreed at the board round"]),
         ("Patients leave the ward early in the day",
          ["Discharge lounge open from 8am"])])]),
]

FIRE_TEAM = ("Station Commander, Lochside (project lead)\nCommunity safety advocate\n"
             "Home care team leader, Arden North\nOccupational therapist\n"
             "Improvement adviser, Loch Arden Council")
FLOW_TEAM = ("Consultant physician (clinical lead)\nSenior charge nurse, Ward 5\n"
             "Discharge coordinator\nSocial work team manager\nPatient flow manager\n"
             "Improvement adviser, NHS Loch Arden")

PROJECTS = [
    ProjectSpec(
        "fire", "Home fire safety for older people living alone", "active", "SFRS",
        None, "P3.1a",
        "Accidental dwelling fires in the homes of people over 75 who live alone",
        "Reduce by half", 480,
        "Most of Loch Arden's fire deaths in the last five years were older people living "
        "alone, few of whom had had a home fire safety visit. Home carers see these people "
        "every day.",
        FIRE_TEAM, -250, -240,
        (("SFRS-ADF", "outcome"), ("SFRS-HFSV", "process"), ("SFRS-UFAS", "balancing")),
        "Home fire safety for older people living alone",
        (Idea("Home carers refer the people they support",
              "Home carers ask a three-question fire risk check and refer people at risk for a "
              "visit, with their consent.",
              "Home carers refer the people they support", (
                  Cycle("Cycle 1: one carer, one week", "1 home carer, 1 week", -210, 7,
                        "Test whether a home carer can ask the three-question check during a "
                        "normal visit.",
                        "Can the check be asked without making the visit late? Will people "
                        "agree to a referral?",
                        "The carer will ask all 9 of her clients; at least 3 will be at risk "
                        "and 2 will agree to a visit.",
                        "One home carer, Arden North team", "Her usual round in Townhead",
                        "Clients asked, time taken, people at risk, referrals agreed",
                        do="She asked 8 of 9 clients (one was in hospital). Each check took "
                           "about two minutes. 4 were at risk; 3 agreed to a visit.",
                        study="Better than predicted: 3 referrals against 2. Two minutes "
                              "fitted the visit. The carer found the second question "
                              "(\"Do you smoke in bed?\") awkward to ask.",
                        decision="adapt",
                        act="Reword the second question with the carer and test with the "
                            "whole team.",
                        complete=True),
                  Cycle("Cycle 2: one care team, two weeks", "1 care team (6 carers), 2 weeks",
                        -180, 14,
                        "Test the reworded check with the whole Townhead care team.",
                        "Do all six carers use the check? Do referrals reach the fire service "
                        "within two days?",
                        "All six will use it; 10 referrals, all received within two days.",
                        "Townhead home care team", "Townhead",
                        "Checks done per carer, referrals, days from referral to receipt",
                        do="Five carers used the check; one was on leave. 14 referrals; the "
                           "paper forms took up to six days to reach the station.",
                        study="More referrals than predicted but too slow: paper forms sat in "
                              "the team office.",
                        decision="adapt",
                        act="Send referrals by the care team's phone app instead of paper.",
                        complete=True),
                  Cycle("Cycle 3: all Arden North care teams, one month",
                        "4 care teams, Arden North, 1 month", -120, 30,
                        "Test referral by the phone app across Arden North.",
                        "Do referrals arrive within two days by the app?",
                        "40 referrals; 90% received within two days.",
                        "All four Arden North care teams", "Arden North",
                        "Referrals, days to receipt, visits done",
                        do="52 referrals; 49 arrived the same day. 31 visits done in the "
                           "month.",
                        study="Prediction met: 94% within two days. Visits could not keep up "
                              "with referrals.",
                        decision="adopt",
                        act="Adopt in Arden North; plan visit capacity before spreading to "
                            "the other localities.",
                        complete=True),
                  Cycle("Cycle 4: all three localities", "All care teams, 3 localities, "
                        "2 months", -45, 60,
                        "Spread referral by app to every care team in Loch Arden.",
                        "Can the advocates visit everyone referred within four weeks?",
                        "120 referrals; 80% visited within four weeks.",
                        "All home care teams; community safety advocates",
                        "Arden North, Lochside and Glen Arden",
                        "Referrals, weeks to visit, fires in referred homes",
                        do="71 referrals in the first month; Glen Arden visits take longer "
                           "because of travel."),
              )),
         Idea("Fit linked smoke alarms at the visit",
              "Fit linked alarms in every room the person uses, instead of advising them to "
              "buy them.",
              "Fit linked smoke alarms at the visit", (
                  Cycle("Cycle 1: one home", "1 home, with the household's consent", -150, 1,
                        "Test fitting linked alarms during a home fire safety visit.",
                        "How long does fitting take? Does it make the visit too long?",
                        "Fitting three alarms will add 30 minutes.",
                        "Community safety advocate and a firefighter", "One home in Burnside",
                        "Minutes taken, alarms fitted, what the householder said",
                        do="Three alarms fitted in 50 minutes: the ceiling in the hall was "
                           "hard to reach.",
                        study="Took longer than predicted; the householder was pleased and "
                              "the alarms tested well.",
                        decision="adapt",
                        act="Carry a taller ladder; try ten homes with one watch.",
                        complete=True),
                  Cycle("Cycle 2: ten homes, one watch", "10 homes, 1 watch, 2 weeks", -100,
                        14,
                        "Test fitting with one watch across ten visits.",
                        "Can one watch fit alarms in ten homes in two weeks?",
                        "Ten homes, 35 minutes each.",
                        "Blue watch, Lochside station", "Lochside",
                        "Homes, minutes per home, alarms fitted",
                        do="Ten homes, 38 minutes each on average; 29 alarms fitted.",
                        study="Close to the prediction. Crews said fitting was worth it.",
                        decision="adopt",
                        act="Test at station scale for a month.",
                        complete=True),
                  Cycle("Cycle 3: one station's visits for a month",
                        "All visits from Lochside station, 1 month", -35, 30,
                        "Test fitting at every visit from Lochside station.",
                        "Do unwanted fire alarm calls rise when more alarms are fitted?",
                        "No rise in unwanted fire alarm signals from fitted homes.",
                        "All four watches, Lochside station", "Lochside",
                        "Homes fitted, unwanted fire alarm signals from those homes",
                        do="41 homes fitted; two unwanted alarm calls, both from cooking.",
                        study="Two unwanted calls from 41 homes: a small rise. Both were in "
                              "kitchens, where heat alarms would do."),
              )),
         ),
        (Score(-240, "1.0", "Project approved by the Safer Communities Delivery Group."),
         Score(-200, "2.0", "Team formed; first test with one carer."),
         Score(-130, "2.5", "Changes tested; no change in the measures yet."),
         Score(-30, "3.0", "Referrals by app adopted in Arden North; visits are rising."))),
    ProjectSpec(
        "flow", "Discharge without delay", "complete", "NHSLA", CONTRIBUTOR, "LO2",
        "Patients on the medical wards who leave hospital on the day they are ready",
        "From 40% to 70% of discharges before noon", -60,
        "Delays in leaving hospital hold up admissions from A&E. The medical wards discharged "
        "most patients late in the afternoon.",
        FLOW_TEAM, -640, -630,
        (("FIFE-AE-4HR", "outcome"), ("FIFE-DD-BEDDAYS", "process"),
         ("FIFE-AE-12HR", "balancing")),
        "Unscheduled care flow",
        (Idea("Criteria-led discharge agreed at the board round",
              "At the morning board round the consultant sets the criteria for discharge, so "
              "nurses can discharge without waiting for a ward round.",
              "Criteria-led discharge agreed at the board round", (
                  Cycle("Cycle 1: one consultant, one board round", "1 consultant, 1 day",
                        -610, 1,
                        "Test setting discharge criteria for every patient at one board "
                        "round.",
                        "Can criteria be set for every patient in the time of a board round?",
                        "Criteria set for 20 of 24 patients; the round runs 10 minutes "
                        "longer.",
                        "One consultant and the ward 5 charge nurse", "Ward 5",
                        "Patients with criteria, length of the round",
                        do="Criteria set for 17 of 24 patients; the round ran 15 minutes "
                           "over.",
                        study="Fewer than predicted; the form had too many boxes.",
                        decision="adapt", act="Cut the form to three questions.",
                        complete=True),
                  Cycle("Cycle 2: one ward, two weeks", "Ward 5, 2 weeks", -580, 14,
                        "Test the three-question form on ward 5 for two weeks.",
                        "Do nurses discharge patients who meet the criteria before noon?",
                        "Half of the discharges will be before noon.",
                        "Ward 5 team", "Ward 5",
                        "Discharges before noon, patients meeting criteria but still in",
                        do="41% of discharges before noon; pharmacy was the main wait.",
                        study="Below the prediction; take-home medicines held patients back.",
                        decision="adapt",
                        act="Order take-home medicines the day before.",
                        complete=True),
                  Cycle("Cycle 3: all medical wards, six weeks", "4 medical wards, 6 weeks",
                        -520, 42,
                        "Test criteria-led discharge with next-day medicines on all medical "
                        "wards.",
                        "Does the share of discharges before noon rise on every ward?",
                        "60% of discharges before noon across the four wards.",
                        "All four medical ward teams and pharmacy", "Medical wards 3 to 6",
                        "Discharges before noon by ward, each week",
                        do="58% of discharges before noon by week six, up from 38%.",
                        study="Close to the prediction on every ward. The hospital's A&E "
                              "four-hour figure did not improve: many things outside the "
                              "wards affect it.",
                        decision="adopt",
                        act="Adopted as standard practice on the medical wards.",
                        complete=True),
              )),
         Idea("Discharge lounge open from 8am",
              "Open the discharge lounge earlier so patients can leave the ward while they "
              "wait for transport.",
              "Discharge lounge open from 8am", (
                  Cycle("Cycle 1: one day, ward 5's patients", "1 day, 1 ward", -470, 1,
                        "Test opening the lounge at 8am for patients from ward 5.",
                        "Will patients move to the lounge before 10am?",
                        "Four patients in the lounge by 10am.",
                        "Lounge nurse and ward 5", "Discharge lounge",
                        "Patients moved and the time each arrived",
                        do="Two patients by 10am; porters were not free until 9.30.",
                        study="Half the prediction; portering was the bottleneck.",
                        decision="adapt",
                        act="Ask for a porter for the lounge from 8am and try all wards.",
                        complete=True),
                  Cycle("Cycle 2: two weeks, all medical wards", "4 wards, 2 weeks", -440, 14,
                        "Test the 8am lounge with a dedicated porter.",
                        "Does the lounge fill before 10am?",
                        "Eight patients a day before 10am.",
                        "Lounge team, porters, medical wards", "Discharge lounge",
                        "Patients before 10am each day, porter hours",
                        do="Three patients a day on average before 10am; the porter was "
                           "often needed elsewhere.",
                        study="Well below the prediction: transport rarely came before noon, "
                              "so an early lounge helped little.",
                        decision="abandon",
                        act="Abandoned; the porter hours went to the medicines round instead.",
                        complete=True),
              )),
         ),
        (Score(-630, "1.0", "Approved by the unscheduled care programme board."),
         Score(-560, "2.0", "First tests on ward 5."),
         Score(-480, "2.5", "Changes tested; discharges before noon rising on the wards."),
         Score(-400, "3.0", "Criteria-led discharge adopted; discharges before noon up from "
                            "38% to 58%. No improvement in the A&E measures."),
         Score(-70, "3.0", "Project closed. The ward measure improved; the A&E and delayed "
                           "discharge measures, which many other things affect, did not.")),
        real_dates=True),
    ProjectSpec(
        "advice", "Money advice at every health visitor contact", "registered", "NHSLA",
        CONTRIBUTOR, "P1.1a",
        "Families in Arden North asked about money worries at health visitor contacts",
        "From 40% to 90% of contacts", 365,
        "Health visitors see every family with young children, but few are asked about "
        "money. This project would test the change ideas in the income maximisation "
        "driver diagram.",
        "Health visiting team leader (project lead)\nMoney advice service manager\n"
        "Two health visitors\nParent from the Arden North parents' group",
        -14, None, (),
        "Income maximisation in Arden North",
        (Idea("Money worries question in the visit form",
              "Add one question about money to the health visitor's contact form.",
              "Money worries question in the visit form"),
         Idea("Referral card in the visit bag",
              "A card with the advice service's number that health visitors leave with "
              "every family.",
              "Referral card in the visit bag")),
        (Score(-14, "0.5", "Registered; waiting for an improvement lead's approval."),)),
]
