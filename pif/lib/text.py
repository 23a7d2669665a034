"""Single-line text: names, codes, email subjects and ids typed into URLs.

A name is shown in tables, page titles, file headers and email subject lines, where a
line break or an invisible control character breaks the output (an email subject with a
newline cannot be sent at all). Unicode categories Cc (control: newline, tab, NUL, ...)
and Cf (format: zero-width spaces, direction overrides, byte order marks, ...) are never
part of a name, except the zero-width non-joiner and joiner (U+200C, U+200D), which
Persian and Indic names and emoji sequences need to be written correctly.
"""

from __future__ import annotations

import unicodedata

__all__ = ["control_characters", "describe_character", "one_line", "parse_id"]

_FORBIDDEN_CATEGORIES = ("Cc", "Cf")
_JOINERS = ("\u200c", "\u200d")  # ZERO WIDTH NON-JOINER, ZERO WIDTH JOINER
# An id or page number has at most 18 digits: it then always fits a 64-bit integer column.
MAX_ID_DIGITS = 18
_ASCII_DIGITS = frozenset("0123456789")
_NAMES = {"\n": "a line break", "\r": "a line break", "\t": "a tab", "\x00": "a NUL byte"}


def control_characters(text: str) -> list[str]:
    """The control and format characters in `text`, in order, each once."""
    found: list[str] = []
    for character in text:
        if _is_control(character) and character not in found:
            found.append(character)
    return found


def _is_control(character: str) -> bool:
    return (unicodedata.category(character) in _FORBIDDEN_CATEGORIES
            and character not in _JOINERS)


def describe_character(character: str) -> str:
    """Plain words for an invisible character: "a tab", "U+200B (ZERO WIDTH SPACE)"."""
    if character in _NAMES:
        return _NAMES[character]
    name = unicodedata.name(character, "")
    code = f"U+{ord(character):04X}"
    return f"{code} ({name})" if name else code


def one_line(text: str) -> str:
    """`text` with every run of control characters and whitespace made one space.

    For output that must be a single line, such as an email subject, whatever the data.
    """
    cleaned = "".join(" " if _is_control(c) else c for c in str(text))
    return " ".join(cleaned.split())


def parse_id(text) -> int | None:
    """The whole number in `text` (an id or page number from a URL or form), or None.

    Only ASCII digits count: str.isdigit() also accepts "²" and "٣", which int() refuses
    or reads as another number, and int() accepts "-1", " 7" and "1_000".
    """
    if not isinstance(text, str) or not 0 < len(text) <= MAX_ID_DIGITS:
        return None
    return int(text) if _ASCII_DIGITS.issuperset(text) else None
