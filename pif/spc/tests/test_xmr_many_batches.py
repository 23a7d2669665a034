"""xmr_many on batches as the status refresh gives them: Python lists with ``None`` for a gap,
of different lengths, plain and odd numbers in one batch; and its icons, decided for the whole
batch at once, are those :func:`pif.spc.icons` gives for each result."""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pif.spc import SPCError, icons, xmr, xmr_many

SERIES = [10, 12, 11, 13, 9, 10, 12, 11, 30, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 10]


def test_plain_rows_rows_with_gaps_and_odd_numbers_in_one_batch_equal_xmr_on_each():
    batch = [
        SERIES,
        [None if i % 7 == 3 else v for i, v in enumerate(SERIES)],
        [float("nan"), *SERIES[1:]],
        [Decimal(str(v)) for v in SERIES],
        np.array(SERIES[:12], dtype=np.int64),
        (True, False) * 6,
        [str(v) for v in SERIES[:15]],  # numpy reads numbers written as text, as before
        [],
        SERIES[:5],
    ]
    for values, result in zip(batch, xmr_many(batch), strict=True):
        assert result == xmr(values)
        assert len(result) == len(values)
    assert np.isnan(xmr_many(batch)[1].values[3])  # a gap


@pytest.mark.parametrize(
    ("bad", "named"),
    [(["a", 1], r"values\[1\]"), ([[1, 2], [3, 4]], r"values\[1\]"),
     ([1, float("inf")], "values=")],
)
def test_a_bad_series_after_good_ones_is_named_by_its_position(bad, named):
    with pytest.raises(SPCError, match=named):
        xmr_many([SERIES, bad, SERIES])


values_strategy = st.lists(st.one_of(st.integers(-30, 30), st.none(), st.floats(-1e3, 1e3)),
                           max_size=40)


@settings(max_examples=100, deadline=None)
@given(st.lists(values_strategy, min_size=1, max_size=6), st.data())
def test_the_batch_icons_are_the_icons_of_each_result(series, data):
    improvements = data.draw(st.lists(st.sampled_from(["increase", "decrease", "neutral"]),
                                      min_size=len(series), max_size=len(series)))
    targets = data.draw(st.lists(st.one_of(st.none(), st.integers(-40, 40)),
                                 min_size=len(series), max_size=len(series)))
    results = xmr_many(series, improvement=improvements, target=targets)
    for result, improvement, target in zip(results, improvements, targets, strict=True):
        found = icons(result, improvement=improvement, target=target)
        if np.isnan(result.values).all():
            assert found == (None, None) and result.assurance is None
        else:
            assert (result.variation, result.assurance) == found


def gappy(rng, lengths):
    """Series most of which have a gap given as None, as the status refresh gives them."""
    batch = []
    for length in lengths:
        values = np.round(rng.normal(50, 5, length), 1).tolist()
        for position in rng.integers(0, length, 2).tolist() if length else []:
            values[position] = None
        batch.append(values)
    return batch


@pytest.mark.parametrize("same_length", [True, False])
def test_a_large_batch_where_most_series_have_gaps_equals_xmr_on_each(same_length):
    rng = np.random.default_rng(16)
    lengths = [30] * 300 if same_length else rng.integers(0, 40, 300).tolist()
    batch = gappy(rng, lengths)
    batch[5] = [float(v) for v in range(lengths[5])]  # a few without gaps among them
    results = xmr_many(batch, rebase=[[3] if length > 3 and i % 7 == 0 else []
                                      for i, length in enumerate(lengths)])
    for index in range(0, 300, 3):
        rebase = [3] if lengths[index] > 3 and index % 7 == 0 else []
        assert results[index] == xmr(batch[index], rebase=rebase)


def test_a_bad_series_late_in_a_batch_with_gaps_is_named():
    batch = gappy(np.random.default_rng(3), [20] * 100)
    batch[97] = [1.0] * 19 + ["x"]
    with pytest.raises(SPCError, match=r"values\[97\]"):
        xmr_many(batch)
