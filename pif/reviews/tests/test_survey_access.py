"""The survey's addresses answer each kind of person as their access rules say, with the
samples requested for the URL walk (pif/partnerships/tests/test_access_walk.py)."""

import pytest
from django.urls import get_resolver, reverse

from pif.partnerships.tests.test_access_walk import client_for, expected_get_status
from pif.reviews.tests.test_survey_factories import make_checklist, make_invitation
from pif.reviews.urls import surveys

PEOPLE = ("anonymous", "outsider", "viewer", "contributor", "editor", "admin")
NAMES = [p.name for p in surveys.urlpatterns]


def sample(world, keyword):
    assessment = make_checklist(world.partnership)
    return {"short_name": "alpha", "checklist_id": assessment.pk, "fmt": "csv",
            "survey_token": make_invitation(assessment)[1]}[keyword]


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("name", NAMES)
def test_each_survey_address_answers_as_its_rule_says(client, world, name, person):
    pattern = next(p for p in surveys.urlpatterns if p.name == name)
    keywords = pattern.pattern.converters.keys()
    url = reverse(name, kwargs={k: sample(world, k) for k in keywords})
    response = client_for(client, world, person).get(url)
    assert response.status_code == expected_get_status(pattern.callback.access_rule, person)
    assert get_resolver().resolve(url).url_name == name
