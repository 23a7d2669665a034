"""An indicator's page: chart, data table, commentary, targets, notes, changes, and as-of."""

import json
from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import rules, status
from pif.measures.models import Annotation, Commentary, Observation, Target, TargetPoint
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations


def url(code="AE-4HR", name="indicator", short_name="alpha"):
    return reverse(name, args=[short_name, code])


@pytest.fixture
def ae(world):
    return world.sample_indicator()


def test_the_page_shows_the_chart_as_an_accessible_svg(client, world, ae):
    client.force_login(world.viewer)
    response = client.get(url())
    assert response.status_code == 200
    text = response.content.decode()
    assert '<svg' in text and 'role="img"' in text
    assert "latest value 92.0%" in text  # the chart's text alternative
    assert 'data-spec-url="/p/alpha/indicators/AE-4HR/chart.json"' in text


def test_the_data_table_has_a_row_per_period(client, world, ae):
    client.force_login(world.viewer)
    response = client.get(url())
    rows = response.context["chart"].rows
    assert [row.label for row in rows] == ["January 2024", "February 2024", "March 2024",
                                           "April 2024"]
    text = response.content.decode()
    for label, value in [("January 2024", "90.1%"), ("April 2024", "92.0%")]:
        row = text.split(f'<th scope="row" class="govuk-table__header">{label}</th>')[1]
        assert value in row.split("</tr>")[0]


def test_the_summary_shows_latest_value_and_target_with_its_rag_word(client, world, ae):
    Target.objects.create(indicator=ae, value=95)
    status.refresh([ae])
    client.force_login(world.viewer)
    text = client.get(url()).content.decode()
    assert "92.0% in April 2024" in text
    assert '95.0% <strong class="pif-rag pif-rag--red">Red</strong>' in text
    assert "Standard: 95.0%" in text


def test_a_trajectory_target_is_described_with_its_number_of_values(client, world, ae):
    target = Target.objects.create(indicator=ae, value=None, level=Target.Level.STRETCH)
    for month, value in [(3, 93), (4, 94)]:
        period = Period.month(2024, month)
        TargetPoint.objects.create(target=target, period=period.key, period_start=period.start,
                                   value=value)
    client.force_login(world.viewer)
    assert "Stretch: a trajectory of 2 values" in client.get(url()).content.decode()


def test_commentary_and_chart_notes_are_shown(client, world, ae):
    Commentary.objects.create(indicator=ae, period="M2024-04",
                              period_start=Period.month(2024, 4).start,
                              what_it_shows="Performance recovered", why="Extra staff",
                              actions="Keep the rota", author=world.editor)
    Annotation.objects.create(indicator=ae, period="M2024-03",
                              period_start=Period.month(2024, 3).start,
                              text="New triage model", is_rebase=True)
    client.force_login(world.viewer)
    text = client.get(url()).content.decode()
    assert "April 2024 · Editor," in text
    assert "Performance recovered" in text and "Extra staff" in text and "Keep the rota" in text
    # Each part is headed as the commentary form labels it.
    for part, label in rules.COMMENTARY_PARTS.items():
        assert f"<strong>{label}:</strong>" in text, part
    assert "March 2024: New triage model" in text
    assert "Limits recalculated" in text


def test_recent_changes_name_the_person_who_changed_the_value(client, world, ae):
    write_observations(Actor(user=world.editor),
                       [ObservationInput(ae, Period.month(2024, 4), 93.3)],
                       approve=True, partnership=world.partnership)
    client.force_login(world.viewer)
    response = client.get(url())
    changes = list(response.context["changes"])
    assert changes[0].history_user == world.editor
    assert changes[0].value == 93.3
    text = response.content.decode()
    section = text.split("Recent changes to the data")[1]
    assert "Editor" in section and "93.3%" in section and "Revised" in section


def test_an_indicator_without_data_says_so(client, world):
    make_indicator(world.partnership, owner=world.council, code="NEW")
    client.force_login(world.editor)
    text = client.get(url("NEW")).content.decode()
    assert "There is no data yet." in text
    assert "No changes yet." in text and "No commentary yet." in text


def test_viewers_get_no_data_entry_links_and_contributors_only_for_their_own(client, world,
                                                                               ae):
    council = make_indicator(world.partnership, owner=world.council, code="COUNCIL",
                             values=[1, 2])
    client.force_login(world.viewer)
    assert "Enter a value" not in client.get(url()).content.decode()
    client.force_login(world.contributor)
    assert "Enter a value" in client.get(url()).content.decode()
    page = client.get(url(council.code)).content.decode()
    assert "Enter a value" not in page and "Set a target" not in page


def _backdate_history(indicator, when):
    Observation.history.filter(indicator_id=indicator.pk).update(history_date=when)


def test_as_of_shows_values_as_they_stood_before_a_later_revision(client, world, ae):
    _backdate_history(ae, timezone.make_aware(datetime(2025, 1, 10)))
    write_observations(Actor(user=world.editor),
                       [ObservationInput(ae, Period.month(2024, 2), 77.7)],
                       approve=True, partnership=world.partnership)
    client.force_login(world.viewer)

    now = client.get(url())
    assert [r.value for r in now.context["chart"].rows] == [90.1, 77.7, 89.5, 92.0]

    then = client.get(url(), {"as_of": "2025-06-30"})
    assert then.status_code == 200
    assert [r.value for r in then.context["chart"].rows] == [90.1, 91.2, 89.5, 92.0]
    text = then.content.decode()
    assert "as it stood at the end of 30 June 2025" in text
    assert "?as_of=2025-06-30" in text  # the chart spec is fetched as of the same date


def test_as_of_before_any_data_shows_no_data(client, world, ae):
    _backdate_history(ae, timezone.make_aware(datetime(2025, 1, 10)))
    client.force_login(world.viewer)
    response = client.get(url(), {"as_of": "2024-12-31"})
    assert not list(response.context["chart"].rows)
    assert "There is no data yet." in response.content.decode()


def test_an_unreadable_as_of_date_is_ignored(client, world, ae):
    client.force_login(world.viewer)
    response = client.get(url(), {"as_of": "last tuesday"})
    assert response.status_code == 200
    assert response.context["as_of"] is None


def test_the_chart_spec_is_vega_lite_json(client, world, ae):
    client.force_login(world.viewer)
    response = client.get(url(name="indicator_chart_spec"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    spec = json.loads(response.content)
    assert "vega-lite" in spec["$schema"]
    assert "92.0%" in json.dumps(spec)


def test_the_chart_spec_as_of_a_date_uses_the_values_then(client, world, ae):
    _backdate_history(ae, timezone.make_aware(datetime(2025, 1, 10)))
    write_observations(Actor(user=world.editor),
                       [ObservationInput(ae, Period.month(2024, 2), 77.7)],
                       approve=True, partnership=world.partnership)
    client.force_login(world.viewer)
    now = client.get(url(name="indicator_chart_spec")).content.decode()
    then = client.get(url(name="indicator_chart_spec"), {"as_of": "2025-06-30"}).content.decode()
    assert "77.7" in now
    assert "77.7" not in then and "91.2" in then


def test_an_unknown_code_is_404(client, world, ae):
    client.force_login(world.admin)
    assert client.get(url("NO-SUCH")).status_code == 404
    assert client.get(url("NO-SUCH", "indicator_chart_spec")).status_code == 404


def test_another_partnerships_code_is_404(client, world, ae):
    make_indicator(world.other_partnership, owner=world.other_council, code="BETA-1",
                   values=[1, 2, 3])
    client.force_login(world.admin)
    assert client.get(url("BETA-1")).status_code == 404
    assert client.get(url("BETA-1", "indicator_chart_spec")).status_code == 404
    assert client.get(url("BETA-1", "indicator_edit")).status_code == 404


def test_an_outsider_gets_404_for_a_real_indicator(client, world, ae):
    client.force_login(world.outsider)
    assert client.get(url()).status_code == 404
    assert client.get(url(name="indicator_chart_spec")).status_code == 404


@pytest.mark.parametrize("name", ["indicator", "indicator_chart_spec"])
def test_an_impossible_as_of_date_is_ignored_not_a_server_error(world, ae, name):
    client = Client(raise_request_exception=False)
    client.force_login(world.viewer)
    response = client.get(url(name=name), {"as_of": "2024-02-30"})
    assert response.status_code == 200


def test_text_people_typed_is_escaped_in_the_page_and_the_chart(client, world, ae):
    ae.title = "<script>alert('title')</script>"
    ae.definition = "<img src=x onerror=alert(1)>"
    ae.save()
    Annotation.objects.create(indicator=ae, period="M2024-03",
                              period_start=Period.month(2024, 3).start,
                              text="<script>alert('note')</script>")
    Commentary.objects.create(indicator=ae, period="M2024-04",
                              period_start=Period.month(2024, 4).start,
                              what_it_shows="<b onmouseover=alert(2)>x</b>")
    client.force_login(world.viewer)
    text = client.get(url()).content.decode()
    assert "<script>alert(" not in text
    assert "<img src=x" not in text and "<b onmouseover" not in text
    assert "&lt;script&gt;alert(&#x27;note&#x27;)&lt;/script&gt;" in text


def test_a_value_awaiting_approval_is_shown_apart_and_does_not_count(client, world, ae):
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(ae, Period.month(2024, 5), 99.5)],
                       approve=False, partnership=world.partnership)
    client.force_login(world.viewer)
    response = client.get(url())
    text = response.content.decode()
    assert "92.0% in April 2024" in text  # the latest approved value
    assert "1 value awaiting approval, not counted yet" in text
    assert "99.5%, awaiting approval" in text  # in the chart's data table
    assert response.context["chart"].rows[-1].value is None
    spec = client.get(url(name="indicator_chart_spec")).json()
    assert [d["waiting_text"] for d in spec["data"]["values"] if d["waiting_text"]] == [
        "99.5%, awaiting approval"]
