"""Deterministic generation of the measures demo's illustrative series."""

import math
import random
from dataclasses import dataclass, field

from pif.lib.periods import Period
from pif.measures.demo.spec_types import Spec

# --- generation of illustrative values --------------------------------------------------------

def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _season(period: Period, amplitude: float) -> float:
    if not amplitude:
        return 0.0
    middle = period.start + (period.end - period.start) / 2
    return amplitude * math.cos(2 * math.pi * (middle.month - 1) / 12)


@dataclass
class Generated:
    periods: list[Period]
    values: list[float | None] = field(default_factory=list)
    numerators: list[float | None] = field(default_factory=list)
    denominators: list[float | None] = field(default_factory=list)
    shift_index: int | None = None


def _generate(spec: Spec, rng: random.Random, periods: list[Period]) -> Generated:
    gen = spec.gen
    out = Generated(periods)
    if gen.shift_at is not None:
        out.shift_index = round(gen.shift_at * len(periods))
    for i, period in enumerate(periods):
        level = gen.base + gen.trend * i + _season(period, gen.season)
        if out.shift_index is not None and i >= out.shift_index:
            level += gen.shift
        numerator = denominator = None
        if gen.poisson:
            value = float(_poisson(rng, level))
        else:
            value = level + rng.gauss(0, gen.noise)
            if gen.low is not None:
                value = max(gen.low, value)
            if gen.high is not None:
                value = min(gen.high, value)
        if gen.denominator:
            denominator = max(10, round(rng.gauss(gen.denominator, gen.denominator * 0.12)))
            numerator = min(denominator, max(0, round(denominator * value / 100)))
            value = 100 * numerator / denominator
        value = round(value, spec.decimals) if spec.decimals else float(round(value))
        out.values.append(value)
        out.numerators.append(numerator)
        out.denominators.append(denominator)
    return out
