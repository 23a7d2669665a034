"""A report for the public holds only published indicators, so where an outcome's (or a
locality's) indicators are all unpublished it says no *published* indicator measures it,
not that none does: the editor reading the draft knows of the unpublished ones."""

import pytest
from django.utils import timezone

from pif import history_writes
from pif.actors import COMMAND_LINE
from pif.lib.periods import Period
from pif.measures.models import Indicator
from pif.measures.testing import make_indicator
from pif.outcomes.models import Locality
from pif.outcomes.testing import make_outcome
from pif.reports import kinds
from pif.reports.models import ReportKind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
INTERNAL_WORDS = "No indicator measures this yet"


@pytest.fixture
def unpublished(world):
    """A local outcome and a locality, each measured by one indicator, not published."""
    outcome = make_outcome(world.partnership, "Fewer children live in poverty", code="LO1")
    indicator = make_indicator(world.partnership, owner=world.council, code="POV-1",
                               title="Children in low-income families",
                               values=[30, 31, 30, 29, 31, 30],
                               first_period=Period.month(2025, 4))
    outcome.indicators.add(indicator)
    locality = Locality.objects.create(partnership=world.partnership, name="Townhead")
    locality.indicators.add(indicator)
    return indicator


def build(world, kind, public):
    return kinds.build(world.partnership, kind, as_of=TODAY, options={}, narrative={},
                       public=public)


def text_of(document) -> str:
    return repr(document)


@pytest.mark.parametrize("kind, what", [(ReportKind.LOIP_PROGRESS, "outcome"),
                                        (ReportKind.LOCALITY_PROGRESS, "locality")])
def test_a_public_report_says_no_published_indicator_measures_it(world, unpublished, kind,
                                                                 what):
    text = text_of(build(world, kind, public=True))
    assert f"No published indicator measures this {what} yet" in text
    assert INTERNAL_WORDS not in text
    assert "POV-1" not in text  # nothing unpublished is named


@pytest.mark.parametrize("kind", [ReportKind.LOIP_PROGRESS, ReportKind.LOCALITY_PROGRESS])
def test_a_report_for_members_shows_the_unpublished_indicator(world, unpublished, kind):
    text = text_of(build(world, kind, public=False))
    assert "POV-1" in text and "No published indicator" not in text


def test_an_outcome_with_no_indicator_at_all_says_so_for_members(world):
    make_outcome(world.partnership, "Fewer children live in poverty", code="LO1")
    text = text_of(build(world, ReportKind.LOIP_PROGRESS, public=False))
    assert INTERNAL_WORDS in text


def test_once_published_the_indicator_is_shown_and_the_words_go(world, unpublished):
    history_writes.update(COMMAND_LINE, Indicator.objects.filter(pk=unpublished.pk),
                          published=True)
    text = text_of(build(world, ReportKind.LOIP_PROGRESS, public=True))
    assert "POV-1" in text and "No published indicator" not in text


@pytest.mark.parametrize("kind, key", [(ReportKind.IJB_PERFORMANCE, "indicators"),
                                       (ReportKind.SPI, "spi1")])
def test_ijb_and_spi_reports_for_the_public_say_none_is_published(world, unpublished, kind,
                                                                  key):
    document = build(world, kind, public=True)
    section = next(s for s in document["sections"] if s["key"] == key)
    assert section["indicators"] == []
    assert "None of the indicators this report covers is published yet" in section["intro"]
    members = build(world, kind, public=False)
    section = next(s for s in members["sections"] if s["key"] == key)
    assert "published" not in section["intro"] and section["indicators"]

