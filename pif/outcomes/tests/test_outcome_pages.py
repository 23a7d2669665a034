import pytest
from django.urls import reverse

from pif.outcomes.models import Outcome
from pif.outcomes.testing import make_outcome

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(name, args=["alpha", *args])


def test_the_outcome_tree_lists_outcomes_under_their_parents(client, world):
    top = make_outcome(world.partnership, "Poverty", level=1)
    make_outcome(world.partnership, "Fewer children in poverty", level=2, parent=top)
    client.force_login(world.viewer)
    page = client.get(url("outcomes")).content.decode()
    assert page.index("Poverty") < page.index("Fewer children in poverty")
    assert "pif-tree-depth-1" in page
    assert "Add an outcome" not in page


def test_an_editor_adds_an_outcome(client, world):
    client.force_login(world.editor)
    response = client.post(url("outcome_create"), {
        "level": 2, "title": "Healthier lives", "horizon": 2030,
        "lead_organisation": world.health_board.pk})
    assert response.status_code == 302
    assert Outcome.objects.get(title="Healthier lives").lead_organisation == world.health_board


def test_a_missing_title_gets_a_clear_message(client, world):
    client.force_login(world.editor)
    response = client.post(url("outcome_create"), {"level": 2})
    assert "Enter a title" in response.content.decode()


def test_an_outcome_as_its_own_ancestor_is_refused_on_the_page(client, world):
    top = make_outcome(world.partnership, "Top", level=2)
    child = make_outcome(world.partnership, "Child", level=3, parent=top)
    client.force_login(world.editor)
    response = client.post(url("outcome_edit", top.pk), {
        "version": 1, "level": 4, "title": "Top", "parent": child.pk})
    assert "cannot be its own ancestor" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_a_stale_edit_is_refused_and_shows_what_changed(client, world):
    outcome = make_outcome(world.partnership, "Original")
    client.force_login(world.admin)
    client.post(url("outcome_edit", outcome.pk), {"version": 1, "level": 2,
                                                   "title": "Admin's version"})
    client.force_login(world.editor)
    response = client.post(url("outcome_edit", outcome.pk), {"version": 1, "level": 2,
                                                              "title": "Editor's version"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this outcome" in page
    assert "Admin&#x27;s version" in page and "Editor&#x27;s version" in page
    assert 'name="version" value="2"' in page
    outcome.refresh_from_db()
    assert outcome.title == "Admin's version"


def test_the_outcome_page_rolls_up_its_indicators(client, world):
    from pif.measures.testing import make_indicator

    outcome = make_outcome(world.partnership)
    outcome.indicators.add(world.sample_indicator(),
                           make_indicator(world.partnership, owner=world.council, code="NONE"))
    client.force_login(world.viewer)
    page = client.get(url("outcome", outcome.pk)).content.decode()
    assert "1 no signal, 1 no data" in page and "2 missing target" in page
    assert reverse("indicator", args=["alpha", "AE-4HR"]) in page


def test_the_golden_thread_runs_up_to_the_national_outcome(client, world):
    top = make_outcome(world.partnership, "Poverty", level=1)
    middle = make_outcome(world.partnership, "Fewer children in poverty", level=2, parent=top)
    bottom = make_outcome(world.partnership, "Income maximisation", level=3, parent=middle)
    client.force_login(world.viewer)
    page = client.get(url("outcome", bottom.pk)).content.decode()
    thread = page[page.index("Golden thread"):page.index("Lead organisation")]
    assert thread.index("Poverty") < thread.index("Fewer children") < thread.index("Income")


def test_deleting_asks_first_then_moves_children(client, world):
    top = make_outcome(world.partnership, "Top", level=1)
    middle = make_outcome(world.partnership, "Middle", level=2, parent=top)
    child = make_outcome(world.partnership, "Child", level=3, parent=middle)
    client.force_login(world.editor)
    response = client.post(url("outcome_delete", middle.pk), {})
    assert "Choose where the 1 outcome under" in response.content.decode()
    response = client.post(url("outcome_delete", middle.pk),
                           {"children": "move", "move_to": top.pk})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.parent == top


def test_another_partnerships_outcome_is_not_found(client, world):
    theirs = make_outcome(world.other_partnership, "Theirs")
    client.force_login(world.admin)
    assert client.get(url("outcome", theirs.pk)).status_code == 404
    assert client.post(url("outcome_delete", theirs.pk), {}).status_code == 404


def test_levels_can_be_renamed_on_the_page(client, world):
    client.force_login(world.editor)
    client.post(url("outcome_levels"), {"level_1": "National outcome",
                                        "level_2": "Local outcome", "level_3": "Priority",
                                        "level_4": "Intermediate outcome", "version": 0})
    make_outcome(world.partnership, "Healthier lives")
    assert "Local outcome" in client.get(url("outcomes")).content.decode()
