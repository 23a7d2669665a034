"""The shared store of drawn charts, the charts drawn ahead, and the data table's rows."""

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.template import Context, Template

from pif.measures.charts import indicator_chart, render_svg
from pif.measures.charts import render as render_module
from pif.measures.charts import store as store_module
from pif.measures.charts.marks import ChangeMark
from pif.measures.charts.render import chart_key, server_spec_json
from pif.measures.charts.table import data_rows_html
from pif.measures.tasks import draw_charts_later, draw_charts_task
from pif.measures.testing import make_indicator


def small_spec(y=2) -> dict:
    return {"data": {"values": [{"x": 1, "y": y}]}, "mark": "point", "width": "container",
            "encoding": {"x": {"field": "x", "type": "quantitative"},
                         "y": {"field": "y", "type": "quantitative"}}}


@pytest.fixture
def draws(monkeypatch):
    """Every drawing made, by its spec's JSON (each still drawn for real)."""
    made = []
    real = render_module._draw

    def counted(spec_json):
        made.append(spec_json)
        return real(spec_json)

    monkeypatch.setattr(render_module, "_draw", counted)
    render_module._render.cache_clear()
    caches["charts"].clear()
    yield made
    render_module._render.cache_clear()


def test_a_chart_drawn_once_is_found_by_another_process(draws):
    svg = render_svg(small_spec())
    assert len(draws) == 1
    # another process: its own in-process cache, its own cache object on the same folder
    render_module._render.cache_clear()
    caches.close_all()
    other = store_module.ChartFileCache(caches["charts"]._dir, {})
    assert other.get(chart_key(server_spec_json(small_spec()))) == svg
    assert render_svg(small_spec()) == svg
    assert len(draws) == 1  # read from the store, not drawn again


def test_a_changed_spec_is_drawn_anew(draws):
    first, second = render_svg(small_spec(y=2)), render_svg(small_spec(y=3))
    assert len(draws) == 2 and first != second
    assert chart_key(draws[0]) != chart_key(draws[1])


def test_a_broken_store_still_draws(draws, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("read-only file system")

    monkeypatch.setattr(store_module.ChartFileCache, "get", broken)
    monkeypatch.setattr(store_module.ChartFileCache, "set", broken)
    svg = render_svg(small_spec())
    assert svg.startswith("<svg") and len(draws) == 1


def test_the_background_task_draws_and_stores_the_charts_it_is_given(world, draws):
    drawn = make_indicator(world.partnership, owner=world.health_board, code="DRAWN",
                           values=[5, 6, 5, 7, 6, 5, 6])
    empty = make_indicator(world.partnership, owner=world.health_board, code="EMPTY")
    assert draw_charts_task.call([drawn.pk, empty.pk]) == 1  # no data, no chart to draw
    key = chart_key(server_spec_json(indicator_chart(drawn).spec))
    assert store_module.stored(key) is not None
    assert draw_charts_task.call([drawn.pk]) == 0  # stored already: not drawn again
    render_module._render.cache_clear()
    count = len(draws)
    assert str(indicator_chart(drawn).svg).startswith("<svg")
    assert len(draws) == count  # the page found it drawn


def test_drawing_later_enqueues_the_task_once_committed(world,
                                                        django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        draw_charts_later([3, 1, 2, 1])
        assert not DBTaskResult.objects.exists()
    task = DBTaskResult.objects.get()
    assert task.task_path == draw_charts_task.module_path
    assert task.args_kwargs["args"] == [[1, 2, 3]]


def test_an_import_enqueues_the_drawing_of_its_charts(world,
                                                     django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from pif.actors import Actor
    from pif.lib.periods import Period
    from pif.measures.writing import ObservationInput, write_observations

    indicator = make_indicator(world.partnership, owner=world.health_board, code="IMPORTED")
    with django_capture_on_commit_callbacks(execute=True):  # the status refresh's hook
        write_observations(Actor(user=world.contributor),
                           [ObservationInput(indicator, Period.month(2024, 1), 5.0)],
                           approve=False, partnership=world.partnership, source="a.csv")
    task = DBTaskResult.objects.get(task_path=draw_charts_task.module_path)
    assert task.args_kwargs["args"] == [[indicator.pk]]


def test_the_command_draws_a_partnerships_charts(world, draws, capsys):
    make_indicator(world.partnership, owner=world.health_board, code="CMD", values=[1, 2, 3])
    call_command("draw_charts", "--partnership", world.partnership.short_name)
    assert "Drew 1 chart of 1 indicator." in capsys.readouterr().out


# The loop the indicator page's template had before its rows were joined in Python.
TEMPLATE_ROWS = Template("""{% load measures_tags %}{% for row in chart.rows %}
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{{ row.label }}</th>
      <td class="govuk-table__cell govuk-table__cell--numeric">{% if row.value is not None %}{{ row.value_text }}{% elif not row.is_waiting %}{{ row.missing_code|default:"Missing" }}{% endif %}{% if row.is_waiting %}{% if row.value is not None %}<br>{% endif %}<span class="govuk-body-s">{{ row.waiting_text }}</span>{% endif %}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.mean_text }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.lower_text }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.upper_text }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{% if row.target_text %}{{ row.target_text }}{% else %}{% no_target %}{% endif %}</td>
      <td class="govuk-table__cell">{{ row.point_type_text }}{% if row.signal_text %}<br><span class="govuk-body-s">{{ row.signal_text }}</span>{% endif %}</td>
      {% if chart.has_changes %}<td class="govuk-table__cell">{% for mark in row.changes %}{{ mark.kind }}: {{ mark.label }}{% if not forloop.last %}<br>{% endif %}{% endfor %}</td>{% endif %}
    </tr>
    {% endfor %}""")  # noqa: E501


def test_the_data_rows_are_what_the_template_wrote(world):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="ROWS",
                               values=[5, 6, 5, 7, 6, 5, 30, 6])
    rows = list(indicator_chart(indicator).rows)
    assert any(row.signal_text for row in rows)
    marks = (ChangeMark(date(2024, 2, 1), "A01 <Open> a clinic", "Action started"),
             ChangeMark(date(2024, 2, 2), "P & Q", "PDSA cycle started"))
    rows[1] = replace(rows[1], value=None, value_text="", missing_code="<NA>", changes=marks)
    rows[2] = replace(rows[2], waiting_value=9.0, waiting_text="9.0%, awaiting approval",
                      target_text="<80%>")
    rows[3] = replace(rows[3], value=None, value_text="", waiting_value=None,
                      waiting_text="No value, awaiting approval")
    for changes in (True, False):
        chart = SimpleNamespace(rows=tuple(rows), has_changes=changes)
        assert data_rows_html(chart) == TEMPLATE_ROWS.render(Context({"chart": chart}))
