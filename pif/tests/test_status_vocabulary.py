"""The status words live in one place, pif/spc/vocabulary.py (issue 10, item 3;
docs/adr/0011-status-vocabulary.md).

The guards here fail on any copy of a status label in code or in a template tag, and on any
comparison of a stored status with a string, in every app, including apps added later. The
rest check that the database choices come from the vocabulary, that an indicator's status
is read one way, and that the pages show the same words as before.
"""

import ast
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.measures import scorecard
from pif.measures.models import Indicator, IndicatorStatus
from pif.measures.testing import make_indicator
from pif.outcomes import queries
from pif.outcomes.testing import make_outcome
from pif.spc import vocabulary
from pif.spc.vocabulary import (
    Assurance,
    Direction,
    PointSignal,
    PointType,
    Rag,
    Signal,
    Variation,
)

PIF = Path(vocabulary.__file__).resolve().parents[1]
ENGINE = PIF / "spc"  # the engine computes the values; it is tested against the references
VOCABULARIES = (Variation, Assurance, Rag, Direction, Signal, PointType, PointSignal)
# "No data" is also how any missing number reads (pif/lib/numbers.py), not only a signal.
WORDS = (({member.label for v in VOCABULARIES for member in v}
          | {member.description for v in VOCABULARIES for member in v}
          | {vocabulary.NOT_ENOUGH_DATA, vocabulary.NO_TARGET}) - {Signal.NO_DATA.label})
# Stored values that only a status can hold (not "red" or "concern", which are other
# words too), and the prefixes code used to test variations with.
STATUS_VALUES = {m.value for v in (Variation, Assurance, PointType) for m in v}
STATUS_PREFIXES = STATUS_VALUES | {"improvement", "concern", "special_cause"}
TEMPLATE_LITERAL = re.compile(r"""({[{%].*?[%}]})""")
QUOTED = re.compile(r"""["']([^"']+)["']""")


def _code_files(*, engine: bool = True):
    for path in sorted(PIF.rglob("*.py")):
        name = path.relative_to(PIF.parent).as_posix()
        if "/tests/" in name or "/migrations/" in name or path == Path(vocabulary.__file__):
            continue
        if engine or ENGINE not in path.parents:
            yield name, path.read_text()


def copied_labels(source: str) -> list[tuple[int, str]]:
    """Lines of Python source holding a status word as a string of its own."""
    return sorted((node.lineno, node.value) for node in ast.walk(ast.parse(source))
                  if isinstance(node, ast.Constant) and node.value in WORDS)


def copied_labels_in_template(text: str) -> list[tuple[int, str]]:
    """Lines of a template with a status word quoted inside a tag, as in
    ``{{ x|default:"Not known" }}``; prose around tags is free to use the words."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for tag in TEMPLATE_LITERAL.findall(line):
            found += [(number, word) for word in QUOTED.findall(tag) if word in WORDS]
    return found


def status_comparisons(source: str) -> list[tuple[int, str]]:
    """Lines comparing something with a status value written out, or testing a prefix."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            strings = [c.value for o in operands for c in ast.walk(o)
                       if isinstance(c, ast.Constant) and isinstance(c.value, str)]
            found += [(node.lineno, s) for s in strings if s in STATUS_VALUES]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("startswith", "endswith") and node.args
              and isinstance(node.args[0], ast.Constant)
              and node.args[0].value in STATUS_PREFIXES):
            found.append((node.lineno, node.args[0].value))
    return sorted(found)


def test_the_guards_find_copies_and_comparisons():
    source = ('LABELS = {"common_cause": "Common cause"}\n'
              'text = "Target consistently met"\n'
              'ok = "Common cause variation means the figures move"\n'
              'if status.variation == "common_cause": pass\n'
              'bad = status.variation.startswith("concern")\n'
              'fine = status.variation == Variation.COMMON_CAUSE\n'
              'also = x in ("", "consistent_pass")\n'
              'other = spec["improvement"] != "neither"\n')
    assert copied_labels(source) == [(1, "Common cause"), (2, "Target consistently met")]
    assert status_comparisons(source) == [(4, "common_cause"), (5, "concern"),
                                          (7, "consistent_pass")]
    template = ('<td>{{ row.direction|default:"No change" }}</td>\n'
                "<p>Common cause variation means the figures move.</p>\n"
                "{% if x %}Red{% endif %}\n")
    assert copied_labels_in_template(template) == [(1, "No change")]


def test_status_labels_are_written_only_in_the_vocabulary():
    found = [f"{name}, line {line}: {word!r}" for name, source in _code_files()
             for line, word in copied_labels(source)]
    for path in sorted(PIF.rglob("templates/**/*.html")):
        name = path.relative_to(PIF.parent).as_posix()
        found += [f"{name}, line {line}: {word!r}"
                  for line, word in copied_labels_in_template(path.read_text())]
    assert not found, ("These lines copy a status word; read it from pif.spc.vocabulary "
                       "(e.g. Variation(value).label) instead:\n" + "\n".join(found))


def test_no_code_compares_a_status_with_a_string():
    found = [f"{name}, line {line}: {value!r}" for name, source in _code_files(engine=False)
             for line, value in status_comparisons(source)]
    assert not found, ("These lines compare a status with a string; use the vocabulary "
                       "(Variation.COMMON_CAUSE, .is_concern...) instead:\n" + "\n".join(found))


# The database


@pytest.mark.parametrize(("field", "words"), [
    ("variation", Variation), ("assurance", Assurance), ("rag", Rag), ("direction", Direction)])
def test_each_stored_status_field_offers_the_vocabulary_as_choices(field, words):
    model_field = IndicatorStatus._meta.get_field(field)
    assert list(model_field.choices) == words.choices()
    assert model_field.blank  # empty: not computed, not enough data or no target
    assert all(label for _, label in model_field.choices)
    assert model_field.max_length >= max(len(word) for word in words)


@pytest.mark.django_db
def test_a_stored_status_reads_its_words(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="STEADY",
                               values=[50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 50, 51])
    stored = IndicatorStatus.objects.get(indicator=indicator)
    assert stored.variation == Variation.COMMON_CAUSE
    assert stored.get_variation_display() == "Common cause"
    assert stored.signal is Signal.NO_SIGNAL


# One way to read an indicator's status


def test_there_is_one_status_of():
    assert not hasattr(scorecard, "status_of") and not hasattr(queries, "status_of")


@pytest.mark.django_db
def test_an_indicator_never_computed_has_an_empty_current_status(world):
    make_indicator(world.partnership, owner=world.council, code="EMPTY")
    IndicatorStatus.objects.all().delete()
    indicator = Indicator.objects.select_related("status").get(code="EMPTY")
    with CaptureQueriesContext(connection) as queries_run:
        status = indicator.current_status
    assert len(queries_run) == 0
    assert (status.latest_period, status.latest_value, status.target_value) == ("", None, None)
    assert (status.variation, status.rag, status.points) == ("", "", 0)
    assert status.signal is Signal.NO_DATA


@pytest.mark.django_db
def test_an_indicator_reads_its_stored_status_as_current_status(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="SOME",
                               values=[1, 2, 3])
    indicator = Indicator.objects.select_related("status").get(pk=indicator.pk)
    assert indicator.current_status == IndicatorStatus.objects.get(indicator=indicator)
    assert indicator.current_status.points == 3


# The pages show the same words as before


@pytest.mark.django_db
def test_the_outcome_page_shows_each_indicators_signal_in_words(client, world):
    outcome = make_outcome(world.partnership)
    outcome.indicators.add(world.sample_indicator(),
                           make_indicator(world.partnership, owner=world.council, code="NONE"))
    client.force_login(world.viewer)
    page = client.get(reverse("outcome", args=["alpha", outcome.pk])).content.decode()
    assert '<strong class="govuk-tag pif-signal--no-signal">No signal</strong>' in page
    assert '<strong class="govuk-tag pif-signal--no-data">No data</strong>' in page
    assert "1 no signal, 1 no data" in page and "2 missing target" in page


@pytest.mark.django_db
def test_the_scorecard_shows_the_rag_and_direction_words(client, world):
    make_indicator(world.partnership, owner=world.council, code="UP",
                   values=[1, 2, 3, 4, 5, 6])
    client.force_login(world.viewer)
    page = client.get(reverse("scorecard", args=["alpha"]), {"group": "none"}).content.decode()
    assert '<strong class="pif-rag pif-rag--grey">Not rated</strong>' in page
    assert 'data-label="Direction" class="govuk-table__cell">Improving</td>' in page
    filters = client.get(reverse("scorecard", args=["alpha"])).context["filters"]
    assert [label for key, label in filters.fields["status"].choices if key] == [
        "Improvement", "Concern", "Common cause", "Red", "Amber", "Green", "No data",
        "Overdue data"]
