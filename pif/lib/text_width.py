"""How wide a line of Arial text is, and wrapping text into lines that fit a width.

Server-drawn SVG (strategy maps, driver diagrams) cannot ask the browser how wide a label
is, so it measures with the published advance widths of Helvetica, which Arial and
Liberation Sans (Arial's metric-compatible free twin, what Linux shows for "Arial") share.
A character not in the table counts as wide as "W" would be too cautious; it counts as a
digit (0.556 em), about the average of the rest, and `SAFETY` leaves room for a fallback
font a little wider than Arial.
"""

__all__ = ["text_width", "wrap_to_width"]

# Advance widths in thousandths of an em, from the Helvetica AFM (Adobe Core 14 metrics).
_WIDTHS = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
     *(556,) * 10, 278, 278, 584, 584, 584, 556, 1015,
     667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778,
     722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333,
     556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556,
     333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584), strict=True))
_WIDTHS.update({"‘": 222, "’": 222, "“": 333, "”": 333, "–": 556, "—": 1000, "…": 1000,
                "£": 556, "€": 556, "é": 556, "è": 556, "á": 556, "à": 556, "ó": 556,
                "ò": 556, "ú": 556, "ü": 556, "ö": 556, "ä": 556, "í": 278, "ì": 278,
                "â": 556, "ê": 556, "ô": 556, "ç": 500, "ñ": 556})
_DEFAULT = 556
SAFETY = 1.06


def text_width(text: str, font_size: float, *, bold: bool = False) -> float:
    """The width of `text` in pixels at `font_size` (bold is about 8% wider)."""
    em = sum(_WIDTHS.get(character, _DEFAULT) for character in text) / 1000
    return em * font_size * SAFETY * (1.08 if bold else 1.0)


def wrap_to_width(text: str, width: float, font_size: float, *, bold: bool = False
                  ) -> list[str]:
    """`text` in lines no wider than `width`, breaking between words; a word too long for
    a line on its own is broken between characters. Nothing is left out."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, font_size, bold=bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        if text_width(word, font_size, bold=bold) <= width:
            line = word
            continue
        for character in word:
            if line and text_width(line + character, font_size, bold=bold) > width:
                lines.append(line)
                line = ""
            line += character
    if line or not lines:
        lines.append(line)
    return lines
