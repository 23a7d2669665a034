"""A commentary's "show on the public pages" flag: an editor ticks it on the commentary form;
a contributor, who writes commentary for their organisation's indicators, is not offered it
and the service refuses them (rule "commentary_public_by_editor")."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE
from pif.lib.periods import Period
from pif.measures import rules, services
from pif.measures.models import Commentary

pytestmark = pytest.mark.django_db

URL = reverse("commentary_edit", args=["alpha", "AE-4HR"])
APRIL = Period.month(2024, 4)


def save(actor, indicator, **fields):
    return services.save_commentary(actor, indicator, APRIL,
                                    {"what_it_shows": "Up a little", **fields},
                                    loaded_version=PROGRAM_CHANGE)


def refused_rules(call, *args, **kwargs) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return {e.code for errors in caught.value.error_dict.values() for e in errors}


def test_the_rule():
    assert rules.check_commentary_public_by_editor(changes=True, is_editor=True) == ()
    assert rules.check_commentary_public_by_editor(changes=False, is_editor=False) == ()
    [finding] = rules.check_commentary_public_by_editor(changes=True, is_editor=False)
    assert (finding.field, finding.rule) == ("is_public", "commentary_public_by_editor")


def test_an_editor_makes_a_commentary_public_and_history_names_them(world):
    indicator = world.sample_indicator()
    commentary = save(Actor(user=world.editor), indicator, is_public=True)
    assert Commentary.objects.get(pk=commentary.pk).is_public is True
    assert commentary.history.latest().history_user == world.editor


def test_a_contributor_may_not_make_a_commentary_public(world):
    indicator = world.sample_indicator()
    assert refused_rules(save, Actor(user=world.contributor), indicator,
                         is_public=True) == {"commentary_public_by_editor"}
    assert not Commentary.objects.exists()


def test_a_contributor_may_not_take_a_commentary_off_the_public_pages(world):
    indicator = world.sample_indicator()
    save(Actor(user=world.editor), indicator, is_public=True)
    assert refused_rules(save, Actor(user=world.contributor), indicator,
                         is_public=False) == {"commentary_public_by_editor"}
    assert Commentary.objects.get().is_public is True


def test_a_contributors_rewrite_takes_it_off_the_public_pages(world):
    """Words an editor chose for the public are not changed behind their back: a
    contributor's rewrite goes out only once an editor marks it public again."""
    indicator = world.sample_indicator()
    save(Actor(user=world.editor), indicator, is_public=True)
    save(Actor(user=world.contributor), indicator, what_it_shows="Up, then level")
    stored = Commentary.objects.get()
    assert (stored.what_it_shows, stored.is_public) == ("Up, then level", False)
    # Sending the value it already has is no change, so it is not refused.
    save(Actor(user=world.contributor), indicator, what_it_shows="Up, then level",
         is_public=False)


def test_the_command_line_may_make_a_commentary_public(world):
    indicator = world.sample_indicator()
    save(COMMAND_LINE, indicator, is_public=True)
    assert Commentary.objects.get().is_public is True


def test_the_editors_form_offers_the_box_and_saves_it(client, world):
    world.sample_indicator()
    client.force_login(world.editor)
    text = client.get(URL).content.decode()
    assert 'name="is_public"' in text
    assert "Show this commentary on the public pages" in text
    response = client.post(URL, {"period": "April 2024", "version_period": "",
                                 "version": 0, "what_it_shows": "Up a little",
                                 "is_public": "on"})
    assert response.status_code == 302, response.content.decode()
    stored = Commentary.objects.get()
    assert stored.is_public is True and stored.history.latest().history_user == world.editor
    client.force_login(world.viewer)
    page = client.get(reverse("indicator", args=["alpha", "AE-4HR"])).content.decode()
    assert "Shown on the public pages" in page


def test_the_contributors_form_has_no_box_and_a_posted_one_is_ignored(client, world):
    indicator = world.sample_indicator()
    save(Actor(user=world.editor), indicator, is_public=False)
    client.force_login(world.contributor)
    url = URL + "?period=" + APRIL.key
    text = client.get(url).content.decode()
    assert 'name="is_public"' not in text
    assert "public pages" not in text
    response = client.post(url, {"period": "April 2024", "version_period": APRIL.key,
                                 "version": Commentary.objects.get().version,
                                 "what_it_shows": "Rewritten", "is_public": "on"})
    assert response.status_code == 302, response.content.decode()
    stored = Commentary.objects.get()
    assert (stored.what_it_shows, stored.is_public) == ("Rewritten", False)


def test_the_indicator_page_marks_only_public_commentary(client, world):
    indicator = world.sample_indicator()
    save(Actor(user=world.editor), indicator, is_public=False)
    client.force_login(world.viewer)
    page = client.get(reverse("indicator", args=["alpha", "AE-4HR"])).content.decode()
    assert "Up a little" in page and "Shown on the public pages" not in page
