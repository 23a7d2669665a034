"""qic_many: P and U charts of many series at once, equal to qic on each series, bit for bit."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pif.spc import SPCError, qic, qic_many

denominators = st.one_of(st.none(), st.just(0.0), st.just(-0.0), st.just(math.nan),
                         st.integers(1, 400).map(float), st.floats(0.5, 1e4))


@st.composite
def rows(draw):
    """(numerator, denominator): missing values, zero denominators and odd numbers too."""
    denominator = draw(denominators)
    top = denominator if denominator and denominator == denominator else 50
    numerator = draw(st.one_of(st.none(), st.just(math.nan), st.floats(0, top),
                               st.integers(0, int(top)).map(float)))
    return numerator, denominator


@st.composite
def batches(draw):
    """Series of 0 to 200 subgroups (long ones are summed pairwise by numpy), with options."""
    count = draw(st.integers(0, 6))
    series = [draw(st.lists(rows(), max_size=draw(st.sampled_from([12, 40, 200]))))
              for _ in range(count)]
    ys = [[y for y, _ in one] for one in series]
    ns = [[n for _, n in one] for one in series]
    options = {}
    if draw(st.booleans()):
        options["part"] = [draw(st.lists(st.integers(1, len(one) - 1), max_size=3))
                           if len(one) > 1 else [] for one in series]
    if draw(st.booleans()):
        options["freeze"] = [draw(st.one_of(st.none(), st.integers(1, len(one))))
                             if one else None for one in series]
    if draw(st.booleans()):
        options["multiply"] = [draw(st.sampled_from([1, 100, 1000, 2.5])) for _ in series]
    return ys, ns, options


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["p", "u"]), batches())
def test_qic_many_equals_qic_on_each_series(chart, batch):
    ys, ns, options = batch
    many = qic_many(ys, ns, chart=chart, **options)
    assert len(many) == len(ys)
    for index, result in enumerate(many):
        alone = qic(ys[index], n=ns[index], chart=chart,
                    **{name: value[index] for name, value in options.items()})
        assert result == alone
        assert result.runs == alone.runs


@pytest.mark.parametrize(
    ("options", "for_each"),
    [
        ({"part": [12]}, [{"part": [12]}, {"part": [12]}]),
        ({"part": 12}, [{"part": 12}, {"part": 12}]),
        ({"freeze": 10}, [{"freeze": 10}, {"freeze": 10}]),
        ({"multiply": 100}, [{"multiply": 100}, {"multiply": 100}]),
        ({"part": [[], [6, 20]], "freeze": [15, None], "multiply": [1, 100]},
         [{"part": [], "freeze": 15, "multiply": 1},
          {"part": [6, 20], "freeze": None, "multiply": 100}]),
    ],
)
def test_one_option_for_every_series_or_one_per_series(options, for_each):
    ys = [[3, 5, 2, 8, 4, 6] * 5, [1, 0, 2, 1, 3, 2] * 5]
    ns = [[20] * 30, [10, 12] * 15]
    many = qic_many(ys, ns, chart="u", **options)
    for index, alone in enumerate(for_each):
        assert many[index] == qic(ys[index], n=ns[index], chart="u", **alone)


def test_a_signal_a_run_and_clipped_limits_come_out_as_qic_draws_them():
    ys = [[2] * 10 + [9] * 10 + [30], [1, 0, 1, 0, 2, 0, 1, 1, 0, 1]]
    ns = [[40] * 21, [3] * 10]
    long_run, clipped = qic_many(ys, ns, chart="p")
    assert long_run.sigma_signal[-1] and long_run.runs_signal
    assert long_run.runs[0].longest_run_side == 1
    assert clipped.lcl.min() == 0 and not clipped.runs_signal
    assert long_run == qic(ys[0], n=ns[0], chart="p")


def test_results_are_read_only():
    result = qic_many([[1, 2, 3]], [[10, 10, 10]], chart="p")[0]
    with pytest.raises(ValueError):
        result.y[0] = 1
    with pytest.raises(AttributeError):
        result.chart = "u"


def test_an_empty_batch_and_empty_series():
    assert qic_many([], [], chart="p") == []
    assert qic_many([[]], [[]], chart="u")[0] == qic([], n=[], chart="u")


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"chart": "c"}, "chart='c'"),
        ({"chart": "pp"}, "chart='pp'"),
        ({"chart": "p", "x": [1, 2, 3]}, "x="),
        ({"chart": "p", "exclude": [1]}, "exclude="),
        ({"chart": "p", "cl": 0.5}, "cl=0.5"),
        ({"chart": "p", "part": [3]}, "part=3"),
        ({"chart": "p", "freeze": 4}, "freeze=4"),
        ({"chart": "p", "multiply": 0}, "multiply=0"),
        ({"chart": "p", "multiply": [1, 2]}, "multiply="),
    ],
)
def test_options_it_cannot_draw_or_that_are_wrong_raise_spc_error_naming_them(arguments, named):
    with pytest.raises(SPCError, match=named.replace("[", r"\[")):
        qic_many([[1, 2, 3]], [[5, 5, 5]], **arguments)


@pytest.mark.parametrize(
    ("ys", "ns", "named"),
    [
        ([[1, 2]], [[5]], r"ns\[0\]"),
        ([[1, 2]], [[5, 5], [5, 5]], "ns="),
        ([[1, 2], [1, 2]], [[5, 5], [5, -1]], r"ns\[1\]=-1.0"),
        ([[1, 2], [1, "a"]], [[5, 5], [5, 5]], r"ys\[1\]"),
        ([[1, math.inf]], [[5, 5]], "ys="),
    ],
)
def test_bad_numbers_raise_spc_error_naming_the_series(ys, ns, named):
    with pytest.raises(SPCError, match=named):
        qic_many(ys, ns, chart="p")


def test_many_series_of_different_lengths_and_parts_in_one_batch():
    rng = np.random.default_rng(16)
    ys, ns, parts = [], [], []
    for length in rng.integers(1, 150, 60).tolist():
        n = rng.integers(0, 90, length).astype(float)
        ys.append(rng.binomial(n.astype(int), 0.2).astype(float).tolist())
        ns.append(n.tolist())
        parts.append(sorted({int(i) for i in rng.integers(1, length, 2)}) if length > 2 else [])
    many = qic_many(ys, ns, chart="p", part=parts, multiply=100)
    for y, n, part, result in zip(ys, ns, parts, many, strict=True):
        assert result == qic(y, n=n, chart="p", part=part, multiply=100)
