"""The grid's rows and how a posted grid is read."""


from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import grid
from pif.measures.models import Observation
from pif.measures.testing import make_indicator


def test_an_indicator_without_data_has_no_rows(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="NONE")
    assert grid.grid_rows(indicator) == []


def test_only_the_last_twelve_periods_are_shown_then_two_to_come(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="LONG",
                               values=list(range(20)))
    rows = grid.grid_rows(indicator)
    assert len(rows) == 14
    assert rows[0].period == Period.month(2024, 9)  # 20 months from January 2024, last 12
    assert rows[11].period == Period.month(2025, 8)
    assert [r.existing for r in rows[-3:]] == [True, False, False]
    assert rows[12].period == Period.month(2025, 9)
    assert rows[12].field_name == "value-M2025-09"


def test_values_are_shown_compactly_and_missing_codes_as_typed(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="SHOW",
                               values=[12.0, 12.5])
    Observation.objects.filter(indicator=indicator, period="M2024-02").update(
        value=None, missing_code="c")
    texts = [row.text for row in grid.grid_rows(indicator)]
    assert texts == ["12", "c", "", ""]


def posted(rows, **changes) -> dict:
    """The grid as a browser posts it: every cell, and what the page showed for it."""
    data = {row.field_name: row.text for row in rows} | {row.loaded_name: row.text
                                                         for row in rows}
    return data | {f"value-{key}": text for key, text in changes.items()}


def test_blank_future_periods_are_skipped_and_unchanged_rows_too(world):
    indicator = world.sample_indicator()
    rows = grid.grid_rows(indicator)
    inputs, problems = grid.read_grid(Actor(), indicator, rows, {})
    assert inputs == [] and problems == []


def test_read_grid_returns_only_changed_rows_with_kept_fields(world):
    indicator = world.sample_indicator()
    Observation.objects.filter(indicator=indicator, period="M2024-01").update(numerator=9)
    rows = grid.grid_rows(indicator)
    inputs, problems = grid.read_grid(Actor(), indicator, rows,
                                      posted(rows, **{"M2024-01": "95", "M2024-06": "91.5"}))
    assert problems == []
    assert [(i.period.key, i.value) for i in inputs] == [("M2024-01", 95), ("M2024-06", 91.5)]
    assert inputs[0].numerator is None and inputs[0].status == "final"
    assert inputs[1].numerator is None and inputs[1].status == "provisional"


def test_every_bad_value_is_reported_with_its_period(world):
    indicator = world.sample_indicator()
    rows = grid.grid_rows(indicator)
    inputs, problems = grid.read_grid(Actor(), indicator, rows,
                                      posted(rows, **{"M2024-01": "abc", "M2024-03": "1.2.3"}))
    assert [problem.field for problem in problems] == ["value-M2024-01", "value-M2024-03"]
    assert problems[0].message.startswith("January 2024: ")
    assert problems[1].message.startswith("March 2024: ")
    assert inputs == []


def test_with_posted_values_keeps_what_was_typed(world):
    indicator = world.sample_indicator()
    rows = grid.with_posted_values(grid.grid_rows(indicator), {"value-M2024-02": "oops"})
    assert [r.text for r in rows][:2] == ["90.1", "oops"]


def test_a_large_value_is_shown_in_full(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="BIG",
                               values=[1234567.0], unit="currency", decimals=0)
    assert grid.grid_rows(indicator)[0].text == "1234567"


def test_a_precise_value_round_trips_unchanged_through_the_grid(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="FINE",
                               values=[0.12345678], unit="rate", decimals=4, rate_per=1)
    row = grid.grid_rows(indicator)[0]
    assert float(row.text) == 0.12345678
