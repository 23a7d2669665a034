"""The results of a checklist survey, worked out from plain values (no Django, no queries).

| name | what it is |
|---|---|
| `MIN_RESPONSES` | fewer responses than this and no result is shown, so nobody can be picked out |
| `Statement`, `Section` | what is asked: a statement; a section with its statements |
| `Spread` | the count of each answer and the shares worked out from them |
| `spread(ratings)` | the `Spread` of ratings: 4 strongly agree .. 1 strongly disagree, 0 unsure |
| `results(sections, answers)` | a `SectionResult` per section, a `StatementResult` per statement |
| `response_rate(responses, invitations)` | the whole percentage of invitations answered, or None |
| `stable_order(items, key, salt)` | free text in an order that looks random but never changes |
| `is_filler(text)` | an answer that says nothing ("n/a", "Nothing to add.") |
| `grouped(comments)` | comments with filler left out and identical ones together, with a count |

Percentages are whole numbers, rounded half up, of the answers that gave a view: "Don't know"
is counted and shown but left out of every share.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

MIN_RESPONSES = 5
STRONGLY_AGREE, AGREE, DISAGREE, STRONGLY_DISAGREE, DONT_KNOW = 4, 3, 2, 1, 0
RATINGS = (STRONGLY_AGREE, AGREE, DISAGREE, STRONGLY_DISAGREE, DONT_KNOW)
LABELS = {STRONGLY_AGREE: "Strongly agree", AGREE: "Agree", DISAGREE: "Disagree",
          STRONGLY_DISAGREE: "Strongly disagree", DONT_KNOW: "Don't know"}
# The bar's colours, dark to light blue for agreeing, orange to dark red for disagreeing.
COLOURS = {STRONGLY_AGREE: "#003078", AGREE: "#5694ca", DISAGREE: "#f47738",
           STRONGLY_DISAGREE: "#942514", DONT_KNOW: "#b1b4b6"}
KEY = tuple((LABELS[rating], COLOURS[rating]) for rating in RATINGS)
# Opinion is "divided" when at least this share of those with a view sits on each side.
DIVIDED_AT = 30


def percent(part: int, whole: int) -> int | None:
    """`part` of `whole` as a whole percentage, rounded half up; None when `whole` is 0."""
    if not whole:
        return None
    return (200 * part + whole) // (2 * whole)


@dataclass(frozen=True)
class Statement:
    id: int
    code: str
    label: str


@dataclass(frozen=True)
class Section:
    id: int
    code: str
    label: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Band:
    """One answer's part of the spread: its rating, words, count and share of all answers."""

    rating: int
    label: str
    count: int
    share: int  # percentage of every answer, "Don't know" included, for drawing the bar
    start: int  # where the band starts on a 0 to 100 bar

    @property
    def colour(self) -> str:
        return COLOURS[self.rating]


@dataclass(frozen=True)
class Spread:
    counts: dict[int, int]
    total: int  # every answer, "Don't know" included
    with_view: int  # answers other than "Don't know"
    agree: int | None  # % agree or strongly agree, of those with a view
    disagree: int | None  # % disagree or strongly disagree, of those with a view
    strongly_agree: int | None  # % at each end, of those with a view
    strongly_disagree: int | None
    bands: tuple[Band, ...] = field(default=())

    @property
    def divided(self) -> bool:
        """At least DIVIDED_AT % of those with a view on each side: worth discussing."""
        return (self.agree is not None and self.agree >= DIVIDED_AT
                and self.disagree >= DIVIDED_AT)

    @property
    def summary(self) -> str:
        """The spread in words, for people who cannot see the bar and for the download."""
        return ", ".join(f"{band.label} {band.count}" for band in self.bands)


def spread(ratings: Iterable[int]) -> Spread:
    counts = Counter(ratings)
    unknown = set(counts) - set(RATINGS)
    if unknown:
        raise ValueError(f"Not a rating: {sorted(unknown)}")
    counts = {rating: counts.get(rating, 0) for rating in RATINGS}
    total = sum(counts.values())
    with_view = total - counts[DONT_KNOW]
    return Spread(
        counts=counts, total=total, with_view=with_view,
        agree=percent(counts[STRONGLY_AGREE] + counts[AGREE], with_view),
        disagree=percent(counts[DISAGREE] + counts[STRONGLY_DISAGREE], with_view),
        strongly_agree=percent(counts[STRONGLY_AGREE], with_view),
        strongly_disagree=percent(counts[STRONGLY_DISAGREE], with_view),
        bands=_bands(counts, total))


def _bands(counts: dict[int, int], total: int) -> tuple[Band, ...]:
    """The five bands of the bar, end to end; shares are cumulative so they add up to 100."""
    bands, running, start = [], 0, 0
    for rating in RATINGS:
        running += counts[rating]
        end = percent(running, total) or 0
        bands.append(Band(rating, LABELS[rating], counts[rating], end - start, start))
        start = end
    return tuple(bands)


@dataclass(frozen=True)
class StatementResult:
    statement: Statement
    spread: Spread


@dataclass(frozen=True)
class SectionResult:
    section: Section
    statements: tuple[StatementResult, ...]
    spread: Spread  # every answer to the section's statements together


def results(sections: Iterable[Section],
            answers: Iterable[tuple[int, int]]) -> tuple[SectionResult, ...]:
    """Each section's results from `answers`, (statement id, rating) pairs; answers to a
    statement not in `sections` are ignored."""
    by_statement: dict[int, list[int]] = {}
    for statement_id, rating in answers:
        by_statement.setdefault(statement_id, []).append(rating)
    found = []
    for section in sections:
        rows = tuple(StatementResult(s, spread(by_statement.get(s.id, ())))
                     for s in section.statements)
        together = [r for s in section.statements for r in by_statement.get(s.id, ())]
        found.append(SectionResult(section, rows, spread(together)))
    return tuple(found)


def response_rate(responses: int, invitations: int) -> int | None:
    return percent(responses, invitations)


def stable_order(items: Iterable, key: Callable[[object], object], salt: str) -> list:
    """`items` in an order that does not follow when they came (so a comment cannot be
    matched to the day it was written) and is the same at every reading."""
    def digest(item) -> str:
        return hashlib.sha256(f"{salt}:{key(item)}".encode()).hexdigest()
    return sorted(items, key=digest)


# Answers that say nothing: compared after lower-casing and dropping trailing punctuation.
FILLER = frozenset({"", "n/a", "na", "none", "nothing", "nothing to add", "no comment",
                    "no comments", "nil", "-", "no"})


def _plain(text: str) -> str:
    return " ".join(text.split()).strip().rstrip(".!").strip().lower()


def is_filler(text: str) -> bool:
    return _plain(text) in FILLER


@dataclass(frozen=True)
class Comment:
    """One thing said, by `count` people; `ref` names the first of them."""

    ref: str
    text: str
    count: int


def grouped(comments: Iterable[tuple[str, str]]) -> list[Comment]:
    """(ref, text) pairs without the filler, identical texts (ignoring case, spacing and a
    final full stop) as one `Comment` where the first one said stands for them all."""
    found: dict[str, list] = {}
    for ref, text in comments:
        if not is_filler(text):
            found.setdefault(_plain(text), [ref, text.strip(), 0])[2] += 1
    return [Comment(ref, text, count) for ref, text, count in found.values()]
