"""The IHI project progress scale's wording, read from
frameworks/scales/ihi-progress-scale.toml (never hard-coded: its versions differ).

A team sets its project's score (0.5 to 5.0 in half steps); PIF never computes it. Each
ProgressScore records `scale_version`, the key of the wording it was given against, so a
score reads the same after a new version is added.

| name | what it is |
|---|---|
| `SCORES` | the scale's scores, 0.5 to 5.0 in half steps, as Decimals |
| `versions()` | every version of the wording, by key, as in the file |
| `current()` | the version new scores are given against |
| `version(key)` | one version, or None for a key not in the file |
| `words(score, key)` | the half step `score` was given as, in version `key`'s wording, or None |
| `Step` | one half step: `score`, `label`, `description` |
"""

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings

SCALE_FILE = Path(getattr(settings, "PIF_FRAMEWORKS_DIR", settings.BASE_DIR / "frameworks")
                  ) / "scales" / "ihi-progress-scale.toml"
SCORES = tuple(Decimal(half) / 2 for half in range(1, 11))


@dataclass(frozen=True)
class Step:
    score: Decimal
    label: str
    description: str

    def __str__(self) -> str:
        return f"{self.score} {self.label}"


@dataclass(frozen=True)
class ScaleVersion:
    key: str
    label: str
    source: str
    licence: str
    note: str
    steps: tuple[Step, ...]

    def step(self, score) -> Step | None:
        """The half step for `score` (a Decimal, or anything Decimal reads), or None."""
        try:
            wanted = Decimal(str(score))
        except ArithmeticError:
            return None
        return next((step for step in self.steps if step.score == wanted), None)


def _version(data: dict) -> ScaleVersion:
    steps = tuple(Step(Decimal(step["score"]), step["label"], step["description"])
                  for step in data["steps"])
    if tuple(step.score for step in steps) != SCORES:
        raise ValueError(f"{SCALE_FILE.name}, version {data['key']}: the steps must be 0.5 to "
                         "5.0 in half steps, in order")
    return ScaleVersion(key=data["key"], label=data["label"], source=data.get("source", ""),
                        licence=data.get("licence", ""), note=data.get("note", ""),
                        steps=steps)


@cache
def _read() -> tuple[str, dict[str, ScaleVersion]]:
    with SCALE_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    found = {item["key"]: _version(item) for item in data["versions"]}
    if data["current"] not in found:
        raise ValueError(f"{SCALE_FILE.name}: current names no version")
    return data["current"], found


def versions() -> dict[str, ScaleVersion]:
    return _read()[1]


def current() -> ScaleVersion:
    key, found = _read()
    return found[key]


def version(key: str) -> ScaleVersion | None:
    return versions().get(key)


def words(score, key: str) -> Step | None:
    """The half step `score` was given as, in the wording of version `key` (a ProgressScore's
    `scale_version`); None for no score, a key not in the file or a score off the scale."""
    scale = version(key) if score is not None else None
    return scale.step(score) if scale else None
