"""The Loch Arden demo's vision and conditions: outcomes tied to the National Performance
Framework, a strategy map, a driver diagram, a dozen risks and a governance structure.

Loch Arden is invented; so are these outcomes, risks and groups. Indicators from the
measures demo are linked by code when they are loaded (any that are not are skipped).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from pif.editing import PROGRAM_CHANGE
from pif.measures.models import Indicator
from pif.outcomes import frameworks
from pif.outcomes.models import (
    DriverDiagram,
    DriverNode,
    Group,
    GroupMember,
    Locality,
    Outcome,
    Resource,
    Risk,
)
from pif.outcomes.services import conditions, plan
from pif.outcomes.services import outcomes as outcome_service
from pif.partnerships.demo import demo_actor

VISION = (
    "Loch Arden is a place where everyone has a fair chance to live a healthy, safe and "
    "fulfilling life, where communities shape the services they use, and where partners "
    "work as one to tackle inequality."
)

LOCALITIES = [
    ("Arden North", "Townhead and Burnside: 11 data zones in the 15% most deprived.", True),
    ("Lochside", "The town centre and the loch shore villages.", False),
    ("Glen Arden", "The rural glens and islands.", False),
]
# (key, level, parent key, code, title, lead org, horizon, perspective, national, indicators)
OUTCOMES = [
    ("LO1", 2, "POVERTY", "LO1", "Fewer children and families live in poverty", "LAC", 2030,
     "CUSTOMER", ["POVERTY", "CYP"], []),
    ("LO2", 2, "HEALTH", "LO2", "People live longer, healthier lives", "NHSLA", 2032,
     "CUSTOMER", ["HEALTH"], ["NHSLA-SMOKE", "NHSLA-ABI"]),
    ("LO3", 2, "COMMUNITIES", "LO3", "Communities are safer and more resilient", "PSLA", 2030,
     "CUSTOMER", ["COMMUNITIES"], ["PSLA-ASB", "SFRS-ADF"]),
    ("LO4", 2, "COMMUNITIES", "LO4", "Communities shape the services they use", "ACCF", 2028,
     "CUSTOMER", ["COMMUNITIES", "HUMANRIGHTS"], ["ACCF-ENGAGE", "ACCF-PARTREQ"]),
    ("P1", 3, "LO1", "P1.1", "More households get the income they are entitled to", "LAC", 2027,
     "PROCESS", ["POVERTY"], []),
    ("P2", 3, "LO1", "P1.2", "Parents move into fair, secure work", "LAC", 2028, "PROCESS",
     ["FAIRWORK"], ["LAC-EMPLOY"]),
    ("P3", 3, "LO2", "P2.1", "Fewer people are harmed by alcohol and drugs", "NHSLA", 2028,
     "PROCESS", ["HEALTH"], ["NHSLA-DRUGS"]),
    ("P4", 3, "LO2", "P2.2", "Better mental wellbeing for young people", "NHSLA", 2028,
     "PROCESS", ["HEALTH", "CYP"], ["NHSLA-CAMHS", "LATSI-WELLBEING"]),
    ("P5", 3, "LO3", "P3.1", "Fewer fires and injuries in the home", "SFRS", 2027, "PROCESS",
     ["COMMUNITIES"], ["SFRS-CASUALTY", "SFRS-HFSV"]),
    ("P6", 3, "LO3", "P3.2", "Fewer people experience domestic abuse", "PSLA", 2028,
     "PROCESS", ["COMMUNITIES", "HUMANRIGHTS"], ["PSLA-DOMABUSE"]),
    ("I1", 4, "P1", "P1.1a", "Money advice offered at every health visitor contact", "NHSLA",
     2026, "LEARNING", [], []),
    ("I2", 4, "P5", "P3.1a", "Home fire safety visits reach older people living alone",
     "SFRS", 2026, "LEARNING", [], []),
    ("I3", 4, "LO4", "LO4a", "Community bodies take on local assets", "ACCF", 2027,
     "FINANCIAL", ["COMMUNITIES"], ["ACCF-ASSETS"]),
]
LINKS = [("I1", "P1"), ("P1", "LO1"), ("P2", "LO1"), ("P3", "LO2"), ("P4", "LO2"),
         ("I2", "P5"), ("P5", "LO3"), ("P6", "LO3"), ("I3", "LO4"), ("LO4", "LO3"),
         ("LO1", "LO2")]
# (reference, title, cause, effect, owner org, inherent L, I, residual L, I, controls,
#  review in days from today (negative: overdue), status, outcome keys)
RISKS = [
    ("R01", "Short-term funding for money advice ends", "Grant funding is renewed yearly",
     "Advice services close and fewer households get their entitlements", "LAC", 4, 4, 3, 4,
     "Bid for a three-year settlement; partners pool budgets", 30, "treating", ["P1"]),
    ("R02", "Partners cannot share data on families", "No data-sharing agreement in place",
     "Referrals are missed and outcomes cannot be measured", "LAC", 4, 3, 2, 3,
     "Information sharing protocol drafted", -14, "treating", ["LO1", "P1"]),
    ("R03", "Health visitor vacancies", "National shortage of health visitors",
     "Fewer contacts at which money advice is offered", "NHSLA", 4, 3, 3, 3,
     "Recruitment campaign; skill-mix review", 60, "open", ["I1"]),
    ("R04", "Winter pressures divert staff", "Seasonal demand on hospitals and care",
     "Improvement work pauses each winter", "NHSLA", 5, 3, 4, 3,
     "Protected time for improvement leads", -3, "open", ["LO2"]),
    ("R05", "Rising cost of living deepens poverty", "Inflation and energy prices",
     "More families fall into poverty faster than services can help", "LAC", 5, 5, 4, 5,
     "Cash-first approach; fuel support fund", 90, "tolerated", ["LO1"]),
    ("R06", "Low community participation", "Consultation fatigue",
     "Plans do not reflect what communities need", "ACCF", 3, 3, 2, 3,
     "Community panels in each locality", 120, "treating", ["LO4"]),
    ("R07", "Fire service station cover reduced", "National review of cover",
     "Fewer home fire safety visits", "SFRS", 2, 4, 2, 3,
     "Targeted visits by partner referral", 45, "open", ["P5", "I2"]),
    ("R08", "Third sector capacity", "Volunteer numbers falling",
     "Community support services reduce", "LATSI", 3, 3, 3, 2,
     "Volunteer recruitment drive", -30, "open", ["LO4", "P4"]),
    ("R09", "Alcohol and drug deaths rise", "Changing drug supply",
     "More deaths and harm", "NHSLA", 4, 5, 3, 5, "Naloxone distribution; rapid access",
     30, "treating", ["P3"]),
    ("R10", "Domestic abuse under-reported", "Fear and stigma",
     "Support does not reach victims", "PSLA", 4, 4, 3, 4,
     "Awareness campaign; routine enquiry", 75, "open", ["P6"]),
    ("R11", "Data for indicators arrives late", "Partners' systems report at different times",
     "The board decides on out-of-date figures", "LAC", 3, 2, 2, 2,
     "Data calendar agreed with partners", 150, "treating", []),
    ("R12", "Partnership leadership changes", "Senior posts turning over",
     "Priorities drift", "LAC", 2, 3, 1, 3, "Induction for new board members", 200,
     "closed", []),
]
GROUPS = [
    ("Loch Arden Community Planning Board", "board", None, "Quarterly",
     "Agrees the Local Outcomes Improvement Plan, holds partners to account for it and "
     "reviews progress each quarter.", [],
     [("Council Leader", "LAC", "Chair"), ("Chair of NHS Loch Arden", "NHSLA", "Vice chair"),
      ("Local Police Commander", "PSLA", "Member"),
      ("Local Senior Officer", "SFRS", "Member"),
      ("Chief Officer", "LATSI", "Member"),
      ("Convener", "ACCF", "Community representative")]),
    ("Community Planning Executive Group", "executive", 0, "Every six weeks",
     "Manages the partnership's work between board meetings and clears reports.", [],
     [("Chief Executive", "LAC", "Chair"), ("Director of Public Health", "NHSLA", "Member"),
      ("Head of Policy and Performance", "LAC", "Lead officer")]),
    ("Tackling Poverty Delivery Group", "delivery", 1, "Every two months",
     "Leads the work on the poverty outcome and its priorities.", ["LO1", "P1", "P2"],
     [("Head of Anti-Poverty", "LAC", "Chair"), ("Health visiting lead", "NHSLA", "Member"),
      ("Welfare rights manager", "LATSI", "Member")]),
    ("Health and Wellbeing Delivery Group", "delivery", 1, "Every two months",
     "Leads the work on healthier lives, alcohol and drugs, and young people's mental "
     "wellbeing.", ["LO2", "P3", "P4"],
     [("Consultant in Public Health", "NHSLA", "Chair"), ("Youth work manager", "LAC",
                                                          "Member")]),
    ("Safer Communities Delivery Group", "delivery", 1, "Quarterly",
     "Leads the work on safety and resilience.", ["LO3", "P5", "P6"],
     [("Area Commander", "PSLA", "Chair"), ("Station Commander", "SFRS", "Member")]),
]
RESOURCES = [
    ("LAC", "P1", "money", "250000", "Money advice service"),
    ("NHSLA", "I1", "staff", "2.5", "Health visitor time for income conversations"),
    ("LATSI", "P1", "in_kind", "40000", "Volunteer advisers"),
    ("NHSLA", "P3", "money", "420000", "Alcohol and drug partnership funding"),
    ("SFRS", "P5", "staff", "3", "Community safety advocates"),
    ("PSLA", "P6", "staff", "1.5", "Domestic abuse liaison officers"),
    ("LAC", "LO4", "money", "60000", "Participatory budgeting fund"),
    ("ACCF", "LO4", "in_kind", "15000", "Community councillors' time"),
]
DIAGRAM_AIM = ("Increase the money households in Arden North get from benefits they are "
               "entitled to by £500,000 a year by March 2028")
DRIVERS = [
    ("Families are asked about money at every contact", [
        ("Health visitors ask at every visit", ["Money worries question in the visit form",
                                                "Referral card in the visit bag"]),
        ("Schools notice signs of hardship", ["Cost of the school day checklist"]),
    ]),
    ("Referrals reach advice quickly", [
        ("One referral route for all partners", ["Shared online referral form"]),
        ("Advisers follow up within five days", ["Text reminder before appointments"]),
    ]),
]


def load(partnership, users) -> None:
    actor = demo_actor(users.get("admin"))
    frameworks.ensure_loaded()
    plan.use_framework(actor, partnership, frameworks.current_version("npf"))
    plan.use_framework(actor, partnership, frameworks.current_version("balanced-scorecard"))
    plan.rename_levels(actor, partnership, {1: "National outcome", 2: "Local outcome",
                                            3: "Priority", 4: "Intermediate outcome"},
                       loaded_version=PROGRAM_CHANGE)
    plan.save_vision(actor, partnership, first_year=2026, last_year=2035,
                     statement=VISION, is_current=True,
                     purpose="Partners in Loch Arden work together, with communities, to "
                             "improve outcomes and reduce inequalities.",
                     loaded_version=PROGRAM_CHANGE)
    localities = {name: conditions.save(actor, Locality(
        partnership=partnership, name=name, description=text, significantly_poorer=poorer),
        loaded_version=PROGRAM_CHANGE)
        for name, text, poorer in LOCALITIES}
    outcomes = _outcomes(actor, partnership, localities)
    for cause, effect in LINKS:
        outcome_service.link(actor, partnership, cause=outcomes[cause], effect=outcomes[effect])
    _risks(actor, partnership, outcomes)
    _governance(actor, partnership, outcomes)
    _diagram(actor, partnership, outcomes)


def _organisations(partnership) -> dict:
    return {o.short_code: o for o in partnership.organisations.all()}


def _outcomes(actor, partnership, localities) -> dict:
    settings = plan.plan_settings(partnership)
    national = {n.code: n for n in settings.national_framework.nodes.all()}
    perspectives = {n.code: n for n in settings.perspectives.nodes.all()}
    found = {o.framework_node.code: o for o in Outcome.objects.filter(
        partnership=partnership, level=1).select_related("framework_node")}
    indicators = {i.code: i for i in Indicator.objects.filter(partnership=partnership)}
    for outcome in found.values():
        outcome.perspective = perspectives["MISSION"]
        actor.stamp(outcome)
        outcome.save()
    organisations = _organisations(partnership)
    for position, row in enumerate(OUTCOMES):
        key, level, parent, code, title, org, horizon, perspective, serves, codes = row
        found[key] = outcome_service.create_outcome(
            actor, partnership, level=level, parent=found[parent], code=code, title=title,
            lead_organisation=organisations[org], horizon=horizon, position=position,
            perspective=perspectives[perspective],
            locality=localities["Arden North"] if key in ("P1", "I1") else None,
            national_outcomes=[national[c] for c in serves],
            indicators=[indicators[c] for c in codes if c in indicators])
    return found


def _risks(actor, partnership, outcomes) -> None:
    organisations = _organisations(partnership)
    today = timezone.localdate()
    for row in RISKS:
        (ref, title, cause, effect, org, il, ii, rl, ri, controls, days, status, keys) = row
        risk = Risk(partnership=partnership, reference=ref, title=title, cause=cause,
                    effect=effect, owner_organisation=organisations[org],
                    inherent_likelihood=il, inherent_impact=ii, residual_likelihood=rl,
                    residual_impact=ri, controls=controls,
                    review_date=today + datetime.timedelta(days=days), status=status)
        conditions.save(actor, risk, m2m={"outcomes": [outcomes[k] for k in keys]},
                        loaded_version=PROGRAM_CHANGE)


def _governance(actor, partnership, outcomes) -> None:
    organisations = _organisations(partnership)
    groups = []
    for name, kind, parent, meets, remit, keys, members in GROUPS:
        group = conditions.save(actor, Group(
            partnership=partnership, name=name, kind=kind, remit=remit, meets=meets,
            reports_to=groups[parent] if parent is not None else None),
            m2m={"outcomes": [outcomes[k] for k in keys]}, loaded_version=PROGRAM_CHANGE)
        groups.append(group)
        for person, org, role in members:
            conditions.save(actor, GroupMember(group=group, name=person, role=role,
                                               organisation=organisations[org]),
                            loaded_version=PROGRAM_CHANGE)
    year = timezone.localdate().year if timezone.localdate().month > 3 else (
        timezone.localdate().year - 1)
    for org, key, kind, amount, text in RESOURCES:
        conditions.save(actor, Resource(partnership=partnership,
                                        organisation=organisations[org], outcome=outcomes[key],
                                        kind=kind, amount=Decimal(amount), financial_year=year,
                                        description=text),
                        loaded_version=PROGRAM_CHANGE)


def _diagram(actor, partnership, outcomes) -> None:
    diagram = conditions.save(actor, DriverDiagram(
        partnership=partnership, title="Income maximisation in Arden North",
        aim=DIAGRAM_AIM, outcome=outcomes["P1"]), loaded_version=PROGRAM_CHANGE)
    for position, (primary, secondaries) in enumerate(DRIVERS):
        top = conditions.save(actor, DriverNode(diagram=diagram, kind="primary",
                                                title=primary, position=position,
                                                outcome=outcomes["P1"]),
                              loaded_version=PROGRAM_CHANGE)
        for secondary, ideas in secondaries:
            middle = conditions.save(actor, DriverNode(diagram=diagram, kind="secondary",
                                                       title=secondary, parent=top),
                                     loaded_version=PROGRAM_CHANGE)
            for idea in ideas:
                conditions.save(actor, DriverNode(diagram=diagram, kind="change_idea",
                                                  title=idea, parent=middle),
                                loaded_version=PROGRAM_CHANGE)
