"""The status refresh's loaders read plain rows from the cursor: they must still answer for
no indicators at all (a review of a partnership with none), not fail to build their query."""

import pytest

from pif.measures import status


@pytest.mark.django_db
def test_no_indicators_have_no_series():
    assert status.load_series([]) == {}
    assert status.count_unapproved([]) == {}


def test_a_column_of_numbers_keeps_only_finite_ones():
    assert status._finite_column((1.0, None, 2.5)) == [1.0, None, 2.5]
    assert status._finite_column((1.0, None, float("inf"), float("nan"))) == [
        1.0, None, None, None]
