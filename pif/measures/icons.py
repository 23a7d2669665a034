"""Variation and assurance icons: PIF's own accessible SVG, in the Making Data Count colours.

The words come from :mod:`pif.spc.vocabulary` (each status's ``description``).
The shapes are original (not NHS artwork): a filled circle with white strokes.
Variation icons carry a letter, H or L, and an arrow for the side of the mean; common
cause carries a zig-zag. Assurance icons carry P (met), F (not met) or ? (may or may
not be met). An empty status gives a hollow circle with a dash ("Not enough data" or
"No target"). Meaning never rests on colour alone (WCAG 1.4.1): each icon has its
own glyph and a ``<title>`` and ``aria-label`` with the words.

The MDC colours themselves (grey #a6a6a6, blue #00b0f0) fall below 3:1 on white, so
the icons use darker shades of the same hues, each at least 5:1 on white and under
white glyphs (WCAG 1.4.11):

=========================  ===========  ==================
Meaning                    Colour       Contrast on white
=========================  ===========  ==================
common cause, inconsistent ``#6f6f6f``  5.0:1
improvement, target met    ``#0072a3``  5.3:1
concern, target not met    ``#b45000``  5.1:1
neutral                    ``#490092``  12.4:1
=========================  ===========  ==================

============================================  =============================================
Function                                      Returns
============================================  =============================================
``variation_icon(status, *, size=32)``        inline SVG for a variation status
``assurance_icon(status, *, size=32)``        inline SVG for an assurance status
``variation_text(status)``                    the words alone, e.g. "Common cause variation"
``assurance_text(status)``                    the words alone, e.g. "Target consistently met"
============================================  =============================================
"""

from functools import lru_cache
from html import escape

from pif.spc.vocabulary import NO_TARGET, NOT_ENOUGH_DATA, Assurance, Variation

__all__ = [
    "ASSURANCE_STATUSES",
    "COLOURS",
    "VARIATION_STATUSES",
    "assurance_icon",
    "assurance_text",
    "variation_icon",
    "variation_text",
]

COLOURS = {
    "common": "#6f6f6f",
    "improvement": "#0072a3",
    "concern": "#b45000",
    "neutral": "#490092",
}

VARIATION_STATUSES = tuple(Variation)
ASSURANCE_STATUSES = tuple(Assurance)

_WHITE = 'fill="none" stroke="#ffffff" stroke-width="3" stroke-linecap="round" ' \
         'stroke-linejoin="round"'
_LETTERS = {
    "H": "M9 12.5v15M17 12.5v15M9 20h8",
    "L": "M10 12.5v15h7",
    "P": "M14 29V11h6.5a5 5 0 0 1 0 10H14",
    "F": "M15 29V11h10M15 20h8",
    "?": "M14.5 15.5a5.5 5.5 0 1 1 7.6 5.1c-1.3.6-2.1 1.6-2.1 3v1.2",
}
_ARROWS = {
    "high": "M27 28V12M22 17l5-5 5 5",
    "low": "M27 12v16M22 23l5 5 5-5",
}
_ZIGZAG = "M8 22l5-6 5 8 5-9 5 8 4-5"


def _glyph(path: str) -> str:
    return f'<path d="{path}" {_WHITE}/>'


def _disc(colour: str) -> str:
    return f'<circle cx="20" cy="20" r="19" fill="{colour}"/>'


def _hollow() -> str:
    colour = COLOURS["common"]
    return (f'<circle cx="20" cy="20" r="17.5" fill="#ffffff" stroke="{colour}" '
            f'stroke-width="3"/><path d="M13 20h14" stroke="{colour}" stroke-width="3" '
            'stroke-linecap="round"/>')


def _svg(kind: str, status: str, text: str, body: str, size: int) -> str:
    words = escape(text)
    modifier = escape(status or "none")
    return (f'<svg class="pif-icon pif-icon--{kind} pif-icon--{modifier}" '
            f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="{int(size)}" '
            f'height="{int(size)}" role="img" aria-label="{words}" focusable="false">'
            f"<title>{words}</title>{body}</svg>")


def _check(status, known, kind):
    status = status or ""
    if status and status not in known and status not in ("none", "not_enough_data"):
        raise ValueError(f"{status!r} is not {kind} status: use one of {', '.join(known)} "
                         "or an empty string")
    return status


def variation_text(status: str | None) -> str:
    """The variation icon's words, such as "Special cause variation: improvement (higher)"."""
    status = _check(status, VARIATION_STATUSES, "a variation")
    return Variation.description_of(status if status in VARIATION_STATUSES else "",
                                    NOT_ENOUGH_DATA)


def assurance_text(status: str | None) -> str:
    """The assurance icon's words; empty or "none" is "No target"."""
    status = _check(status, ASSURANCE_STATUSES, "an assurance")
    if status == "not_enough_data":
        return NOT_ENOUGH_DATA
    return Assurance.description_of(status if status in ASSURANCE_STATUSES else "", NO_TARGET)


@lru_cache(maxsize=64)  # a few statuses, drawn on every scorecard row
def variation_icon(status: str | None, *, size: int = 32) -> str:
    """Inline SVG for a variation status (``IndicatorStatus.variation``)."""
    text = variation_text(status)
    word = Variation(status) if status in VARIATION_STATUSES else None
    if word is None:
        body = _hollow()
    elif not word.is_special_cause:
        body = _disc(COLOURS[word.meaning]) + _glyph(_ZIGZAG)
    else:
        body = (_disc(COLOURS[word.meaning])
                + _glyph(_LETTERS["H" if word.side == "high" else "L"])
                + _glyph(_ARROWS[word.side]))
    return _svg("variation", status, text, body, size)


_ASSURANCE_LETTERS = {Assurance.CONSISTENT_PASS: "P", Assurance.CONSISTENT_FAIL: "F",
                      Assurance.INCONSISTENT: "?"}


@lru_cache(maxsize=64)
def assurance_icon(status: str | None, *, size: int = 32) -> str:
    """Inline SVG for an assurance status (``IndicatorStatus.assurance``)."""
    text = assurance_text(status)
    if status not in ASSURANCE_STATUSES:
        body = _hollow()
    else:
        word = Assurance(status)
        letter = _ASSURANCE_LETTERS[word]
        body = _disc(COLOURS[word.meaning]) + _glyph(_LETTERS[letter])
        if letter == "?":
            body += '<circle cx="20" cy="30" r="1.9" fill="#ffffff"/>'
    return _svg("assurance", status, text, body, size)
