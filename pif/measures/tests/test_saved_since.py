""""Was every save since you opened the page yours?": one answer for the entry form and the
grid (issue 10), from `writing.saved_by_since`.

The form carries the entry it was opened with, the grid the text each cell showed; both ask
the same function who saved (or withdrew) the value since. A rejection is the rejecting
editor's act, and an approval is nobody's save.
"""

import pytest
from django.test import Client
from django.urls import reverse

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import grid
from pif.measures.models import Observation
from pif.measures.writing import (
    ObservationInput,
    approve,
    reject,
    saved_by_since,
    write_observations,
)

MAY = Period.month(2024, 5)
FORM = reverse("enter_value", args=["alpha", "AE-4HR"])
GRID = reverse("enter_grid", args=["alpha", "AE-4HR"])


@pytest.fixture
def ae(world):
    return world.sample_indicator()


def enter(world, indicator, user, value):
    write_observations(Actor(user=user), [ObservationInput(indicator, MAY, value)],
                       approve=False, partnership=world.partnership)


def may(indicator):
    return Observation.objects.filter(indicator=indicator, period=MAY.key).first()


def opened(client, indicator):
    """What each page carries when opened now: the form's entry and the grid's cells."""
    form = client.get(FORM, {"period": "May 2024"}).context["form"]
    cells = {row.loaded_name: row.text for row in grid.grid_rows(indicator)}
    return {name: form.initial[name] for name in ("loaded_period", "loaded")}, cells


def post_both(client, form_opened, grid_opened, value):
    form = client.post(FORM, {"period": "May 2024", "value": value, "numerator": "",
                              "denominator": "", "status": "provisional", "note": "",
                              **form_opened}, follow=True)
    cells = grid_opened | {name.replace("loaded-", "value-"): text
                           for name, text in grid_opened.items()}
    grid_page = client.post(GRID, cells | {"value-M2024-05": value}, follow=True)
    return form.content.decode(), grid_page.content.decode()


def test_a_rejection_since_the_pages_were_opened_is_someone_elses_on_both(world, ae):
    """Review: after an editor rejected the contributor's value and the contributor entered
    another in a second tab, the form said "someone else" but the grid, reading only the new
    observation's history by who entered it, said "This was already saved"."""
    contributor = Client()
    contributor.force_login(world.contributor)
    enter(world, ae, world.contributor, 93.0)
    form_opened, grid_opened = opened(contributor, ae)
    reject(Actor(user=world.editor), [may(ae)], partnership=world.partnership, reason="Wrong")
    enter(world, ae, world.contributor, 94.0)  # in another tab

    assert saved_by_since(ae, MAY, showed=lambda version: version is not None
                          and version.value == 93.0) == {world.editor.pk, world.contributor.pk}
    form_page, grid_page = post_both(contributor, form_opened, grid_opened, "94")
    assert "Someone else saved the value for May 2024" in form_page
    assert "May 2024: someone else changed this value" in grid_page
    assert "already saved" not in form_page + grid_page
    assert "another tab" not in form_page + grid_page


def test_an_approval_since_is_nobodys_save(world, ae):
    contributor = Client()
    contributor.force_login(world.contributor)
    form_opened, grid_opened = opened(contributor, ae)  # nothing stored for May
    enter(world, ae, world.contributor, 94.0)  # in another tab
    approve(Actor(user=world.editor), [may(ae)], partnership=world.partnership)

    assert saved_by_since(ae, MAY, showed=lambda version: version is None) == {
        world.contributor.pk}
    form_page, grid_page = post_both(contributor, form_opened, grid_opened, "94")
    assert "This was already saved." in form_page
    assert "This was already saved." in grid_page


def test_saves_are_read_back_to_the_version_the_page_showed(world, ae):
    enter(world, ae, world.editor, 90.0)
    enter(world, ae, world.contributor, 91.0)
    enter(world, ae, world.contributor, 92.0)
    assert saved_by_since(ae, MAY, showed=lambda v: v is not None and v.value == 91.0) == {
        world.contributor.pk}
    assert saved_by_since(ae, MAY, showed=lambda v: v is not None and v.value == 90.0) == {
        world.contributor.pk}
    assert saved_by_since(ae, MAY, showed=lambda v: v is None) == {
        world.editor.pk, world.contributor.pk}  # nothing stored: every save
