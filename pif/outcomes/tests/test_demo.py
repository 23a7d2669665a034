import pytest

from pif.outcomes.models import DriverDiagram, Group, Outcome, OutcomeLink, Risk
from pif.partnerships import demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_vision_and_conditions_half_of_a_plan():
    partnership = demo.load()
    outcomes = Outcome.objects.filter(partnership=partnership)
    assert outcomes.filter(level=1, framework_node__isnull=False).count() == 11
    assert outcomes.filter(level=2).count() == 4
    assert all(o.parent and o.parent.level == 1 for o in outcomes.filter(level=2))
    assert OutcomeLink.objects.filter(partnership=partnership).count() >= 10
    # The outcomes demo's diagram; the improvement projects add their own beside it.
    assert DriverDiagram.objects.filter(partnership=partnership,
                                        title="Income maximisation in Arden North").exists()
    assert Risk.objects.filter(partnership=partnership).count() == 12
    assert Group.objects.filter(partnership=partnership, kind="board").count() == 1
    assert partnership.visions.get(is_current=True).cycle_label == "2026/27 to 2035/36"


def test_people_helped_into_work_serve_the_fair_work_priority_not_income():
    partnership = demo.load()
    employ = Outcome.objects.filter(partnership=partnership, indicators__code="LAC-EMPLOY")
    assert [o.code for o in employ] == ["P1.2"]
    fair_work = employ.get()
    assert set(fair_work.national_outcomes.values_list("code", flat=True)) == {"FAIRWORK"}
    income = Outcome.objects.get(partnership=partnership, code="P1.1")
    assert not income.indicators.filter(code="LAC-EMPLOY").exists()
