"""Options are checked one way on every path: ids must be the partnership's own."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pif.measures.testing import make_indicator
from pif.outcomes.models import Locality
from pif.outcomes.testing import make_outcome
from pif.reports import kinds
from pif.reviews.testing import make_meeting, make_series

pytestmark = pytest.mark.django_db


def refused(world, kind, options) -> str:
    with pytest.raises(ValidationError) as raised:
        kinds.validate_options(world.partnership, kind, options)
    return " ".join(raised.value.messages)


def test_another_partnerships_outcomes_and_indicators_are_refused(world):
    theirs = make_outcome(world.other_partnership, "Theirs")
    their_indicator = make_indicator(world.other_partnership, owner=world.other_council,
                                     code="THEIRS")
    assert "not in this partnership's plan" in refused(world, "board",
                                                       {"outcomes": [theirs.pk]})
    assert "not in this partnership's plan" in refused(world, "scorecard",
                                                       {"indicators": [their_indicator.pk]})


def test_another_partnerships_meeting_is_refused(world):
    theirs = make_meeting(make_series(world.other_partnership, world.outsider))
    assert "not one of this partnership's" in refused(world, "meeting-memo",
                                                      {"meeting": theirs.pk})
    assert "not one of this partnership's" in refused(world, "follow-up-memo",
                                                      {"meeting_id": theirs.pk})
    assert "Choose the stat meeting" in refused(world, "meeting-memo", {})


def test_an_unknown_locality_year_or_id_is_refused_in_plain_words(world):
    Locality.objects.create(partnership=world.other_partnership, name="Elsewhere")
    assert "no locality called “Elsewhere”" in refused(world, "locality-progress",
                                                       {"locality": "Elsewhere"})
    assert "Choose a reporting year" in refused(world, "spi", {"reporting_year": 1066})
    assert "Choose the reporting year" in refused(world, "spi", {"reporting_year": "soon"})
    assert "Choose outcomes from the list" in refused(world, "board", {"outcomes": ["x"]})


def test_the_partnerships_own_options_are_cleaned(world):
    mine = make_outcome(world.partnership, "Mine")
    Locality.objects.create(partnership=world.partnership, name="Townhead")
    meeting = make_meeting(make_series(world.partnership, world.editor))
    assert kinds.validate_options(world.partnership, "board",
                                  {"outcomes": [str(mine.pk)], "meeting": 5}) == {
        "outcomes": [mine.pk], "indicators": []}
    assert kinds.validate_options(world.partnership, "locality-progress",
                                  {"locality": " townhead ", "reporting_year": "2025"}) == {
        "locality": "Townhead", "reporting_year": 2025}
    assert kinds.validate_options(world.partnership, "meeting-memo",
                                  {"meeting_id": meeting.pk}) == {"meeting": meeting.pk}


def test_building_checks_the_options_too(world):
    theirs = make_outcome(world.other_partnership, "Theirs")
    with pytest.raises(ValidationError):
        kinds.build(world.partnership, "board", as_of=datetime.date(2026, 11, 30),
                    options={"outcomes": [theirs.pk]}, narrative={})
