"""Server-rendered SVG for strategy maps and driver diagrams.

Both draw cause to effect the same way: each arrow runs from a cause to its effect, towards
the goal. A strategy map reads from bottom to top (the mission or national outcomes at the
top); a driver diagram reads from left to right (change ideas on the left, the aim on the
right). Labels are wrapped by their measured width (`pif.lib.text_width`) and boxes grow to
hold them: nothing is cut.

The drawings are for sighted readers and for print; every page that shows one also gives
the same boxes and links as a nested list, which is what screen readers read. A strategy
map's boxes are links to their outcomes, and show each outcome's status three ways: a
line of words ("2 improving, 1 concern"), the border's pattern and the colour.

| function | draws |
|---|---|
| `strategy_map(rows, links, tree_edges, statuses=, hrefs=)` | rows of boxes (perspectives |
| | or levels), arrows from cause to effect |
| `driver_diagram(aim, nodes)` | change ideas, secondary and primary drivers, the aim, left |
| | to right |
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pif.lib.text_width import wrap_to_width
from pif.spc.vocabulary import Signal

__all__ = ["BORDERS", "Box", "driver_diagram", "strategy_map"]

WIDTH = 1000
LABEL_WIDTH = 170
ROW_HEIGHT = 120
BOX_HEIGHT = 70
GAP = 16
FONT, LINE = 13, 16  # a box's title: font size and line height
NOTE_FONT, NOTE_LINE = 12, 15  # a box's status line
INSET = 8  # space between a box's edge and its text
INK, BLUE, GREY, PALE = "#0b0c0c", "#1d70b8", "#505a5f", "#f3f2f1"


@dataclass(frozen=True)
class Border:
    """How a box shows a status without colour alone: a border's width and dashes."""

    words: str  # for the legend
    fill: str
    stroke: str
    width: float
    dashes: str = ""


# The legend under a strategy map lists these in this order.
BORDERS = {
    Signal.CONCERN: Border("thick dashed border: at least one indicator shows concern",
                           "#fbe4d5", "#b54d00", 4, "9 5"),
    Signal.IMPROVING: Border("thick solid border: improving, none showing concern",
                             "#dbe8f4", BLUE, 4),
    Signal.NO_SIGNAL: Border("thin solid border: no signal either way", "#ffffff", GREY, 1.5),
    Signal.NO_DATA: Border("dotted border: no data or no indicators", "#ffffff", GREY, 1.5,
                           "2 3"),
}
PLAIN = Border("", "#ffffff", BLUE, 2)


@dataclass(frozen=True)
class Box:
    key: object
    text: str
    x: float
    y: float
    width: float
    height: float
    note: str = ""  # the status in words, under the title
    border: Border = PLAIN
    href: str = ""

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


def _title_lines(text: str, width: float) -> list[str]:
    return wrap_to_width(text, width - 2 * INSET, FONT)


def _note_lines(note: str, width: float) -> list[str]:
    return wrap_to_width(note, width - 2 * INSET, NOTE_FONT) if note else []


def _needed_height(text: str, note: str, width: float, least: float) -> float:
    """The height a box needs to show all of its title and status line."""
    lines = len(_title_lines(text, width)) * LINE
    notes = len(_note_lines(note, width)) * NOTE_LINE
    return max(least, 2 * INSET + lines + (notes + 4 if notes else 0))


def _box(box: Box) -> str:
    titles = _title_lines(box.text, box.width)
    notes = _note_lines(box.note, box.width)
    used = len(titles) * LINE + (len(notes) * NOTE_LINE + 4 if notes else 0)
    baseline = box.y + (box.height - used) / 2 + LINE - 4
    spans = []
    for line in titles:
        spans.append(f'<tspan class="pif-box__title" x="{box.cx:.1f}" y="{baseline:.1f}">'
                     f'{escape(line)}</tspan>')
        baseline += LINE
    baseline += 4 - LINE + NOTE_LINE
    for line in notes:
        spans.append(f'<tspan x="{box.cx:.1f}" y="{baseline:.1f}" font-size="{NOTE_FONT}" '
                     f'font-style="italic">{escape(line)}</tspan>')
        baseline += NOTE_LINE
    border = box.border
    dashes = f' stroke-dasharray="{border.dashes}"' if border.dashes else ""
    drawn = (f'<rect class="pif-box" x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
             f'height="{box.height:.1f}" rx="4" fill="{border.fill}" stroke="{border.stroke}" '
             f'stroke-width="{border.width}"{dashes}/><text font-size="{FONT}" fill="{INK}" '
             f'text-anchor="middle">{"".join(spans)}</text>')
    if box.href:
        return f'<a href="{escape(box.href)}">{drawn}</a>'
    return f"<g>{drawn}</g>"


def _arrow(start: tuple[float, float], end: tuple[float, float], dashed=False,
           marker="pif-arrow") -> str:
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    head = "" if dashed else f' marker-end="url(#{marker})"'
    return (f'<line x1="{start[0]:.1f}" y1="{start[1]:.1f}" x2="{end[0]:.1f}" '
            f'y2="{end[1]:.1f}" stroke="{GREY if dashed else INK}" stroke-width="1.5"'
            f'{dash}{head}/>')


def _svg(width: float, height: float, title: str, desc: str, body: list[str],
         ident: str, role: str = "img") -> SafeString:
    """`role` "img" for a picture; "group" when it holds links, which an image would hide."""
    return mark_safe(  # noqa: S308 - every text in `body` was escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pif-diagram" role="{role}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="Arial, sans-serif">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
        f'<defs><marker id="pif-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        f'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{INK}"/></marker></defs>'
        + "".join(body) + "</svg>")


def _ends(cause: Box, effect: Box) -> tuple[tuple[float, float], tuple[float, float]]:
    if effect.y + effect.height <= cause.y:
        return (cause.cx, cause.y), (effect.cx, effect.y + effect.height)
    if effect.y >= cause.y + cause.height:
        return (cause.cx, cause.y + cause.height), (effect.cx, effect.y)
    if effect.x > cause.x:
        return (cause.x + cause.width, cause.cy), (effect.x, effect.cy)
    return (cause.x, cause.cy), (effect.x + effect.width, effect.cy)


MIN_BOX_WIDTH = 118
MAX_BOX_WIDTH = 210
PAD = 14
LABEL_FONT, LABEL_LINE = 14, 17


def _row_layout(count: int) -> tuple[int, float]:
    """How many boxes fit on one line of a row, and their width."""
    area = WIDTH - LABEL_WIDTH - GAP
    per_line = max(1, min(count, int((area + GAP) // (MIN_BOX_WIDTH + GAP))))
    width = min(MAX_BOX_WIDTH, (area - GAP * (per_line - 1)) / per_line)
    return per_line, width


def strategy_map(rows: list[tuple[str, list]], links: list[tuple[object, object]],
                 tree_edges: list[tuple[object, object]] = (), *, title: str,
                 statuses: dict | None = None, hrefs: dict | None = None,
                 ident: str = "strategy-map") -> SafeString:
    """`rows`: (row label, items with .pk and .title) top to bottom; `links`: (cause pk,
    effect pk) drawn as arrows; `tree_edges`: (child pk, parent pk) drawn dashed;
    `statuses`: pk -> (Signal, words) for the box's border and status line; `hrefs`: pk ->
    the address each box links to. A row with more boxes than fit across wraps onto further
    lines; a line of boxes is as tall as its longest label needs."""
    statuses, hrefs = statuses or {}, hrefs or {}
    bands, boxes, top = [], {}, 0.0
    area = WIDTH - LABEL_WIDTH - GAP
    for label, items in rows:
        per_line, width = _row_layout(len(items))
        chunks = [items[start:start + per_line] for start in range(0, len(items), per_line)]
        heights = [max(_needed_height(item.title, statuses.get(item.pk, ("", ""))[1], width,
                                      BOX_HEIGHT) for item in chunk) for chunk in chunks]
        label_lines = wrap_to_width(label, LABEL_WIDTH - 20, LABEL_FONT, bold=True)
        boxes_height = sum(heights) + GAP * (len(heights) - 1) if heights else BOX_HEIGHT
        height = max(PAD * 2 + boxes_height, ROW_HEIGHT - 6,
                     PAD + 14 + len(label_lines) * LABEL_LINE)
        bands.append(f'<rect x="0" y="{top:.1f}" width="{WIDTH}" height="{height:.1f}" '
                     f'fill="{PALE}"/>')
        for i, line in enumerate(label_lines):
            bands.append(f'<text x="10" y="{top + 28 + i * LABEL_LINE:.1f}" '
                         f'font-size="{LABEL_FONT}" font-weight="bold" fill="{INK}">'
                         f'{escape(line)}</text>')
        line_top = top + (height - boxes_height) / 2
        for chunk, chunk_height in zip(chunks, heights, strict=True):
            used = width * len(chunk) + GAP * (len(chunk) - 1)
            left = LABEL_WIDTH + (area - used) / 2
            for i, item in enumerate(chunk):
                signal, words = statuses.get(item.pk, (None, ""))
                boxes[item.pk] = Box(item.pk, item.title, left + i * (width + GAP), line_top,
                                     width, chunk_height, note=words,
                                     border=BORDERS.get(signal, PLAIN),
                                     href=hrefs.get(item.pk, ""))
            line_top += chunk_height + GAP
        top += height + 6
    body = list(bands)
    for child, parent in tree_edges:
        if child in boxes and parent in boxes:
            body.append(_arrow(*_ends(boxes[child], boxes[parent]), dashed=True))
    for cause, effect in links:
        if cause in boxes and effect in boxes:
            body.append(_arrow(*_ends(boxes[cause], boxes[effect])))
    body.extend(_box(box) for box in boxes.values())
    return _svg(WIDTH, max(top, ROW_HEIGHT), title, "Outcomes in rows, read from bottom to "
                "top: arrows run from cause to effect. Each box links to its outcome and "
                "says its indicators' status. The same map follows as a list.", body, ident,
                role="group" if hrefs else "img")


# Left to right, cause to effect: change ideas, secondary drivers, primary drivers, the aim.
COLUMN_TITLES = ("Change ideas", "Secondary drivers", "Primary drivers", "Aim")
COLUMN_WIDTH, NODE_WIDTH, NODE_HEIGHT, AIM_HEIGHT = 250, 226, 58, 120
KIND_COLUMN = {"change_idea": 0, "secondary": 1, "primary": 2}
AIM_COLUMN = 3
TOP = 40


def _column_x(column: int) -> float:
    return column * COLUMN_WIDTH + 12


def driver_diagram(aim: str, nodes: list, *, title: str,
                   ident: str = "driver-diagram") -> SafeString:
    """`nodes`: items with .pk, .title, .kind and .parent_id, in display order. Each entry
    is centred beside the entries under it; arrows run from each entry to the one it drives
    (its parent, or the aim)."""
    children: dict[object, list] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    boxes: dict[object, Box] = {}
    cursor = [float(TOP)]  # the top of the next free space down the drawing
    column_bottom: dict[int, float] = {}

    def place(node) -> float:
        column = KIND_COLUMN.get(node.kind, 2)
        height = _needed_height(node.title, "", NODE_WIDTH, NODE_HEIGHT)
        kids = children.get(node.pk, [])
        if kids:
            centres = [place(kid) for kid in kids]
            y = (centres[0] + centres[-1]) / 2 - height / 2
        else:
            y = cursor[0]
        y = max(y, column_bottom.get(column, TOP - GAP) + GAP)
        boxes[node.pk] = Box(node.pk, node.title, _column_x(column), y, NODE_WIDTH, height)
        column_bottom[column] = y + height
        cursor[0] = max(cursor[0], y + height + GAP)
        return y + height / 2

    primaries = children.get(None, [])
    centres = [place(node) for node in primaries]
    aim_height = _needed_height(aim, "", NODE_WIDTH, AIM_HEIGHT)
    middle = (centres[0] + centres[-1]) / 2 if centres else TOP + aim_height / 2
    aim_box = Box("aim", aim, _column_x(AIM_COLUMN), max(TOP, middle - aim_height / 2),
                  NODE_WIDTH, aim_height, border=Border("", PALE, BLUE, 2))
    body = [f'<text x="{_column_x(i)}" y="22" font-size="14" font-weight="bold" '
            f'fill="{INK}">{label}</text>' for i, label in enumerate(COLUMN_TITLES)]
    for node in nodes:
        effect = aim_box if node.parent_id is None else boxes.get(node.parent_id)
        if effect is not None and node.pk in boxes:
            cause = boxes[node.pk]
            body.append(_arrow((cause.x + cause.width, cause.cy), (effect.x, effect.cy)))
    body.append(_box(aim_box))
    body.extend(_box(box) for box in boxes.values())
    height = max(cursor[0], aim_box.y + aim_box.height + GAP) + 10
    return _svg(4 * COLUMN_WIDTH, height, title, "Read from left to right: change ideas, "
                "then secondary drivers and primary drivers, with arrows from cause to "
                "effect ending at the aim on the right. The same diagram follows as a list.",
                body, ident)
