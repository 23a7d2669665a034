"""The specification of the measures demo's illustrative indicators."""

from pif.measures.demo.common import (
    CUSTOMER,
    FINANCIAL,
    LDP,
    LEARNING,
    PROCESSES,
    Chart,
    Frequency,
    Improvement,
    MeasureKind,
    RbaKind,
    Unit,
)
from pif.measures.demo.spec_types import Gen, Spec, TargetSpec
from pif.measures.models import Target


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
