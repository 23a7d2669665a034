"""Changes to indicators, targets, commentary and annotations, with history and events."""

import pytest
from django.core.exceptions import ValidationError

from pif.actors import Actor
from pif.editing import EditConflict
from pif.lib.periods import Period
from pif.measures import services
from pif.measures.forms import IndicatorForm
from pif.measures.models import Annotation, Commentary, Indicator, Target
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event


@pytest.fixture
def yearly(world):
    return make_indicator(world.partnership, owner=world.council, code="YEARLY",
                          frequency=Indicator.Frequency.FINANCIAL_YEAR, values=[80, 82, 84],
                          first_period=Period.financial_year(2021), unit="count")


def test_a_trajectory_is_read_line_by_line_skipping_blank_lines(yearly):
    points = services.parse_trajectory("2024/25, 85\n\n  2025/26 , 90% \n", yearly)
    assert points == [(Period.financial_year(2024), 85), (Period.financial_year(2025), 90)]


def test_a_bad_trajectory_line_names_its_number_and_text(yearly):
    with pytest.raises(ValidationError) as caught:
        services.parse_trajectory("2024/25, 85\n2025/26, lots", yearly)
    message = caught.value.message_dict["trajectory"][0]
    assert message.startswith("Line 2 (“2025/26, lots”): ")
    assert "write a period, a comma, then a number" in message


def test_an_unknown_period_in_a_trajectory_says_why(yearly):
    with pytest.raises(ValidationError) as caught:
        services.parse_trajectory("someday, 85", yearly)
    assert "'someday' is not a period we recognise" in (
        caught.value.message_dict["trajectory"][0])


def test_a_trajectory_value_may_have_a_thousands_separator(yearly):
    assert services.parse_trajectory("2024/25, 1,234", yearly) == [
        (Period.financial_year(2024), 1234)]


def test_save_target_stores_the_points_and_refreshes_status(world, yearly):
    target = Target(indicator=yearly, level="standard")
    services.save_target(Actor(user=world.editor), target,
                         trajectory_text="2022/23, 85\n2023/24, 86")
    assert list(target.points.values_list("value", flat=True)) == [85, 86]
    assert target.points.first().history.get().history_user == world.editor
    yearly.status.refresh_from_db()
    assert (yearly.status.target_value, yearly.status.rag) == (86, "red")
    assert Event.objects.get(verb="target_set").object_id == str(target.pk)


def test_save_target_refuses_a_value_and_a_trajectory(world, yearly):
    with pytest.raises(ValidationError) as caught:
        services.save_target(Actor(user=world.editor), Target(indicator=yearly, value=90),
                             trajectory_text="2022/23, 85")
    assert "not both" in caught.value.message_dict["trajectory"][0]
    assert not Target.objects.exists()


def test_save_target_reads_validity_periods_into_keys_and_dates(world, yearly):
    target = Target(indicator=yearly, value=90, valid_from="2022/23", valid_to="2023/24")
    services.save_target(Actor(user=world.editor), target, trajectory_text="")
    target.refresh_from_db()
    assert (target.valid_from, target.valid_to) == ("FY2022", "FY2023")
    assert target.valid_from_start == Period.financial_year(2022).start
    assert target.valid_to_end == Period.financial_year(2023).end


def test_a_target_outside_its_validity_does_not_rate_the_latest_value(world, yearly):
    services.save_target(Actor(user=world.editor),
                         Target(indicator=yearly, value=90, valid_to="2022/23"),
                         trajectory_text="")
    yearly.status.refresh_from_db()
    assert yearly.status.target_value is None and yearly.status.rag == ""


def test_save_commentary_creates_then_updates_one_record(world):
    indicator = world.sample_indicator()
    period = Period.month(2024, 4)
    first = services.save_commentary(Actor(user=world.contributor), indicator, period,
                                     {"what_it_shows": "Up"},
                                     loaded_version=0)
    second = services.save_commentary(Actor(user=world.editor), indicator, period,
                                      {"what_it_shows": "Up again"},
                                      loaded_version=first.version)
    assert first.pk == second.pk
    commentary = Commentary.objects.get()
    assert (commentary.what_it_shows, commentary.author) == ("Up again", world.editor)
    assert [h.history_user for h in commentary.history.order_by("history_date")] == [
        world.contributor, world.editor]
    assert Event.objects.filter(verb="commentary_added").count() == 2


def test_add_annotation_without_rebase_keeps_the_status(world):
    indicator = world.sample_indicator()
    computed = indicator.status.computed_at
    services.add_annotation(Actor(user=world.editor), indicator, Period.month(2024, 2),
                            text="Strike", is_rebase=False)
    indicator.status.refresh_from_db()
    assert indicator.status.computed_at == computed
    assert Annotation.objects.get().history.get().history_user == world.editor


def indicator_form(world, indicator, **changes):
    data = {"code": indicator.code, "title": indicator.title, "unit": indicator.unit,
            "decimals": indicator.decimals, "improvement": indicator.improvement,
            "frequency": indicator.frequency, "owner": indicator.owner_id,
            "measure_kind": indicator.measure_kind, "chart_type": indicator.chart_type,
            "due_days": indicator.due_days, "version": indicator.version}
    data.update(changes)
    form = IndicatorForm(data, instance=Indicator.objects.get(pk=indicator.pk),
                         partnership=world.partnership)
    assert form.is_valid(), form.errors
    return form


def test_save_indicator_raises_a_conflict_naming_who_and_what(world):
    indicator = world.sample_indicator()
    services.save_indicator(Actor(user=world.admin),
                            indicator_form(world, indicator, title="By admin"))
    late = indicator_form(world, indicator, title="By editor", version=1)
    with pytest.raises(EditConflict) as caught:
        services.save_indicator(Actor(user=world.editor), late)
    conflict = caught.value
    assert conflict.current.version == 2
    assert [who for who, _ in conflict.changed_by] == ["Admin"]
    indicator.refresh_from_db()
    assert indicator.title == "By admin" and indicator.version == 2
    assert Event.objects.filter(verb="indicator_changed").count() == 1




def test_save_target_refuses_a_value_outside_the_rules_on_every_path(world):
    indicator = world.sample_indicator()  # a percentage
    target = Target(indicator=indicator, level="standard", value=1e28)
    with pytest.raises(ValidationError) as caught:
        services.save_target(Actor(user=world.editor), target, trajectory_text="")
    assert caught.value.message_dict["value"][0].startswith("Enter a value between")
    assert not Target.objects.exists()


def test_save_target_refuses_a_tolerance_outside_the_rules(world):
    indicator = world.sample_indicator()
    target = Target(indicator=indicator, level="standard", value=90, tolerance=-1,
                    tolerance_kind="absolute")
    with pytest.raises(ValidationError) as caught:
        services.save_target(Actor(user=world.editor), target, trajectory_text="")
    assert caught.value.message_dict["tolerance"][0].startswith("Enter a tolerance of 0 or")
    assert not Target.objects.exists()


@pytest.mark.parametrize("text", ["2024/25, nan", "2024/25, inf", "2024/25, 1e300",
                                  "2024/25, -3", "2024/25, c"])
def test_a_trajectory_point_outside_the_rules_names_its_line(yearly, text):
    with pytest.raises(ValidationError) as caught:
        services.parse_trajectory(f"2023/24, 85\n{text}", yearly)  # yearly is a count
    assert caught.value.message_dict["trajectory"][0].startswith(f"Line 2 (“{text}”): ")


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


@pytest.mark.parametrize(("fields", "trajectory", "expected"), [
    ({}, "", {"value": ["target_value_or_trajectory"]}),
    ({"value": 90}, "2024/25, 85", {"trajectory": ["target_not_both"]}),
    ({"value": 90, "valid_from": "2025/26", "valid_to": "2024/25"}, "",
     {"valid_to": ["target_span_order"]}),
    ({"value": 90, "valid_from": "1850/51"}, "", {"valid_from": ["period_too_early"]}),
    ({}, "2024/25, 85\n1850/51, 90", {"trajectory": ["period_too_early"]}),
    ({}, "2024/25, -3", {"trajectory": ["count_negative"]}),
])
def test_save_target_refuses_by_the_rules_name(world, yearly, fields, trajectory, expected):
    target = Target(indicator=yearly, level="standard", **fields)
    with pytest.raises(ValidationError) as caught:
        services.save_target(Actor(user=world.editor), target, trajectory_text=trajectory)
    assert codes(caught.value) == expected
    assert not Target.objects.exists()
