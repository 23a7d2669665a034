"""Benchmark of the SPC engine (not a test): run ``.venv/bin/python benchmarks/spc.py``.

Series are given as the status refresh (``pif/measures/status.py``) gives them: Python
lists of floats, NaN for a gap. Gaps given as ``None`` (which ``xmr_many`` also takes) are
timed too: turning those lists into a matrix is slower.

* ``xmr_many`` on 10,000 series of 120 points (all four MDC rules, screening on, every
  per-point result, a few gaps and real special causes in the data);
* the same analysis as a straightforward per-series loop in plain Python
  (``pif/spc/tests/plain_xmr.py``: an independent reading of the spec that the tests
  check against the engine; it returns every field ``xmr`` returns), timed on a sample
  of the series and checked to give the same signals and point types;
* ``qic_many`` P and U charts on 10,000 series of 120 subgroups against the per-series
  loop of ``qic`` it replaces in the status refresh, checked to give equal results.

Targets (issue 16): >= 10,000,000 points per second for ``xmr_many`` and >= 20 times the
plain-Python loop, on the 2-core development machine. Timings are the best of a few runs,
so that other work on the machine disturbs them less; ``xmr_many`` also prints its CPU time,
which stays close to a quiet machine's wall time when other work slows the wall clock.
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pif.spc import qic, qic_many, xmr_many  # noqa: E402
from pif.spc.tests.plain_xmr import plain_xmr  # noqa: E402

SERIES = 10_000
POINTS = 120
BASELINE_SAMPLE = 500
XMR_TARGET = 10_000_000  # points per second
SPEED_UP_TARGET = 20


def make_series(rng, count, length):
    """Noisy monthly-looking series with shifts, trends, outliers and a few gaps (NaN)."""
    data = rng.normal(100.0, 10.0, size=(count, length))
    shifted = rng.random(count) < 0.3
    data[shifted, length // 2:] += 15.0
    trending = rng.random(count) < 0.2
    data[trending, 40:48] = 80.0 + 5.0 * np.arange(8)
    outliers = rng.random((count, length)) < 0.005
    data[outliers] += 60.0
    data[rng.random((count, length)) < 0.01] = np.nan
    return [row.tolist() for row in np.round(data, 1)]


def with_gaps(row):
    """A row of floats with its NaN as None."""
    return [None if value != value else value for value in row.tolist()]


def make_ratios(rng, count, length, chart):
    """Numerators and denominators of P or U charts: varying denominators, some shifts."""
    denominators = rng.integers(50, 400, size=(count, length)).astype(float)
    rate = np.where(rng.random((count, 1)) < 0.3, 0.3, 0.2) * np.ones((count, length))
    rate[:, length // 2:] += np.where(rng.random((count, 1)) < 0.2, 0.1, 0.0)
    if chart == "p":
        numerators = rng.binomial(denominators.astype(int), rate).astype(float)
    else:
        numerators = rng.poisson(denominators * rate).astype(float)
    numerators[rng.random((count, length)) < 0.005] = np.nan
    return ([with_gaps(row) for row in numerators],
            [row.tolist() for row in denominators])


def timed(function, repeats=5):
    """Best wall time of a few runs, and the result."""
    return timed_with_cpu(function, repeats)[::2]


def timed_with_cpu(function, repeats=5):
    """Best wall time, best CPU time of this process, and the result. On a machine busy with
    other work the wall time stretches while the CPU time stays near a quiet machine's."""
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, result


def verdict(met):
    return "met" if met else "NOT met"


def benchmark_xmr(rng):
    series = make_series(rng, SERIES, POINTS)
    points = SERIES * POINTS
    seconds, cpu, results = timed_with_cpu(lambda: xmr_many(series))
    vector_rate = points / seconds
    signals = sum(int((r.signal != None).sum()) for r in results)  # noqa: E711
    print(f"xmr_many: {SERIES:,} series x {POINTS} points = {points:,} points "
          f"in {seconds:.3f} s -> {vector_rate:,.0f} points/s ({signals:,} flagged points); "
          f"target {XMR_TARGET:,} points/s: {verdict(vector_rate >= XMR_TARGET)}")
    print(f"  CPU time {cpu:.3f} s -> {points / cpu:,.0f} points/s of CPU "
          f"({verdict(points / cpu >= XMR_TARGET)} by CPU time)")

    # the same series with gaps as None
    as_none = [[None if value != value else value for value in row] for row in series]
    none_seconds, none_cpu, _ = timed_with_cpu(lambda: xmr_many(as_none))
    print(f"xmr_many, gaps as None instead of NaN: {none_seconds:.3f} s -> "
          f"{points / none_seconds:,.0f} points/s ({points / none_cpu:,.0f} points/s of CPU)")

    sample = as_none[:BASELINE_SAMPLE]
    base_seconds, baseline = timed(lambda: [plain_xmr(s) for s in sample], repeats=1)
    base_rate = BASELINE_SAMPLE * POINTS / base_seconds
    agree = all(
        list(r.signal) == b["signal"] and list(r.point_type) == b["point_type"]
        for r, b in zip(results[:BASELINE_SAMPLE], baseline, strict=True)
    )
    speed_up = vector_rate / base_rate
    print(f"plain-Python loop: {BASELINE_SAMPLE:,} series in {base_seconds:.3f} s -> "
          f"{base_rate:,.0f} points/s (same signals and point types as xmr_many: {agree})")
    print(f"speed-up of xmr_many over the plain-Python loop: {speed_up:.1f}x; "
          f"target {SPEED_UP_TARGET}x: {verdict(speed_up >= SPEED_UP_TARGET)}")
    return agree


def benchmark_qic(rng, chart):
    ys, ns = make_ratios(rng, SERIES, POINTS, chart)
    points = SERIES * POINTS
    seconds, many = timed(lambda: qic_many(ys, ns, chart=chart, multiply=100), repeats=3)
    loop_seconds, one_by_one = timed(
        lambda: [qic(y, n=n, chart=chart, multiply=100) for y, n in zip(ys, ns, strict=True)],
        repeats=1)
    agree = all(a == b for a, b in zip(many, one_by_one, strict=True))
    print(f"qic_many(chart={chart!r}): {SERIES:,} series x {POINTS} subgroups = {points:,} "
          f"points in {seconds:.3f} s -> {points / seconds:,.0f} points/s; qic one series at "
          f"a time: {loop_seconds:.3f} s -> {points / loop_seconds:,.0f} points/s; "
          f"{loop_seconds / seconds:.1f}x faster (equal results: {agree})")
    return agree


def main():
    rng = np.random.default_rng(2026)
    agree = benchmark_xmr(rng)
    agree = benchmark_qic(rng, "p") and agree
    agree = benchmark_qic(rng, "u") and agree
    if not agree:
        sys.exit("the vectorised and the one-at-a-time results differ")


if __name__ == "__main__":
    main()
