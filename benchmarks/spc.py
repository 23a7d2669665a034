"""Benchmark of the SPC engine (not a test): run ``.venv/bin/python benchmarks/spc.py``.

* ``xmr_many`` on 10,000 series of 120 points (all four MDC rules, screening on,
  a few missing values and real special causes in the data);
* the same analysis as a straightforward per-series loop in plain Python
  (``pif/spc/tests/plain_xmr.py``: an independent reading of the spec that the
  tests check against the engine; it returns every field ``xmr`` returns), timed
  on a sample of the series and checked to give the same signals and point types;
* ``qic(chart="p")`` on 1,000 series of 120 subgroups.

Targets (issue): >= 2,000,000 points per second for ``xmr_many`` and >= 20 times
the plain-Python loop, on the 2-core development machine.
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pif.spc import qic, xmr_many  # noqa: E402
from pif.spc.tests.plain_xmr import plain_xmr  # noqa: E402

SERIES = 10_000
POINTS = 120
BASELINE_SAMPLE = 500
QIC_SERIES = 1_000


def make_series(rng, count, length):
    """Noisy monthly-looking series with shifts, trends, outliers and a few gaps."""
    data = rng.normal(100.0, 10.0, size=(count, length))
    shifted = rng.random(count) < 0.3
    data[shifted, length // 2:] += 15.0
    trending = rng.random(count) < 0.2
    data[trending, 40:48] = 80.0 + 5.0 * np.arange(8)
    outliers = rng.random((count, length)) < 0.005
    data[outliers] += 60.0
    data[rng.random((count, length)) < 0.01] = np.nan
    return [row.tolist() for row in np.round(data, 1)]


def timed(function, repeats=3):
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    rng = np.random.default_rng(2026)
    series = make_series(rng, SERIES, POINTS)
    points = SERIES * POINTS

    seconds, results = timed(lambda: xmr_many(series))
    vector_rate = points / seconds
    signals = sum(int((r.signal != None).sum()) for r in results)  # noqa: E711
    print(f"xmr_many: {SERIES:,} series x {POINTS} points = {points:,} points "
          f"in {seconds:.3f} s -> {vector_rate:,.0f} points/s ({signals:,} flagged points)")

    sample = series[:BASELINE_SAMPLE]
    base_seconds, baseline = timed(lambda: [plain_xmr(s) for s in sample], repeats=1)
    base_rate = BASELINE_SAMPLE * POINTS / base_seconds
    agree = all(
        list(r.signal) == b["signal"] and list(r.point_type) == b["point_type"]
        for r, b in zip(results[:BASELINE_SAMPLE], baseline, strict=True)
    )
    print(f"plain-Python loop: {BASELINE_SAMPLE:,} series in {base_seconds:.3f} s -> "
          f"{base_rate:,.0f} points/s (same signals and point types as xmr_many: {agree})")
    print(f"speed-up of xmr_many over the plain-Python loop: {vector_rate / base_rate:.1f}x")

    numerators = rng.binomial(200, 0.3, size=(QIC_SERIES, POINTS)).astype(float)
    denominators = np.full((QIC_SERIES, POINTS), 200.0)
    rows = [(numerators[i].tolist(), denominators[i].tolist()) for i in range(QIC_SERIES)]
    qic_seconds, _ = timed(lambda: [qic(y, n=n, chart="p") for y, n in rows])
    qic_points = QIC_SERIES * POINTS
    print(f"qic(chart='p'): {QIC_SERIES:,} series x {POINTS} subgroups = {qic_points:,} "
          f"points in {qic_seconds:.3f} s -> {qic_points / qic_seconds:,.0f} points/s")


if __name__ == "__main__":
    main()
