"""The status refresh's loaders read plain rows from the cursor: they must still answer for
no indicators at all (a review of a partnership with none), not fail to build their query."""

import pytest

from pif.measures import status


@pytest.mark.django_db
def test_no_indicators_have_no_series():
    assert status.load_series([]) == {}
    assert status.count_unapproved([]) == {}
