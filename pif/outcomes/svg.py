"""Server-rendered SVG for strategy maps and driver diagrams.

The drawings are images for sighted readers and for print; every page that shows one also
gives the same boxes and links as a nested list, which is what screen readers read.

| function | draws |
|---|---|
| `strategy_map(rows, links, tree_edges)` | rows of boxes (perspectives or levels), |
| | arrows from cause to effect |
| `driver_diagram(aim, nodes)` | aim, primary and secondary drivers, change ideas, left to right |
"""

from dataclasses import dataclass
from textwrap import wrap

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["Box", "driver_diagram", "strategy_map"]

WIDTH = 1000
LABEL_WIDTH = 170
ROW_HEIGHT = 120
BOX_HEIGHT = 70
GAP = 16
CHAR_WIDTH = 7.0  # average width of a 13px character, for wrapping
INK, BLUE, GREY, PALE = "#0b0c0c", "#1d70b8", "#505a5f", "#f3f2f1"


@dataclass(frozen=True)
class Box:
    key: object
    text: str
    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


def _lines(text: str, width: float, max_lines: int = 3) -> list[str]:
    per_line = max(8, int((width - 12) / CHAR_WIDTH))
    lines = wrap(text, per_line, break_long_words=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: per_line - 1].rstrip() + "…"
    return lines


def _box(box: Box, fill: str = "#ffffff", stroke: str = BLUE, max_lines: int = 3) -> str:
    lines = _lines(box.text, box.width, max_lines)
    first = box.cy - (len(lines) - 1) * 8
    text = "".join(
        f'<tspan x="{box.cx:.1f}" y="{first + i * 16:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines))
    return (f'<g><rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
            f'height="{box.height:.1f}" rx="4" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="2"/><text font-size="13" fill="{INK}" text-anchor="middle" '
            f'dominant-baseline="middle">{text}</text></g>')


def _arrow(start: tuple[float, float], end: tuple[float, float], dashed=False,
           marker="pif-arrow") -> str:
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    head = "" if dashed else f' marker-end="url(#{marker})"'
    return (f'<line x1="{start[0]:.1f}" y1="{start[1]:.1f}" x2="{end[0]:.1f}" '
            f'y2="{end[1]:.1f}" stroke="{GREY if dashed else INK}" stroke-width="1.5"'
            f'{dash}{head}/>')


def _svg(width: float, height: float, title: str, desc: str, body: list[str],
         ident: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text in `body` was escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pif-diagram" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="Arial, sans-serif">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
        f'<defs><marker id="pif-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        f'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{INK}"/></marker></defs>'
        + "".join(body) + "</svg>")


def _ends(cause: Box, effect: Box) -> tuple[tuple[float, float], tuple[float, float]]:
    if effect.y < cause.y:
        return (cause.cx, cause.y), (effect.cx, effect.y + effect.height)
    if effect.y > cause.y:
        return (cause.cx, cause.y + cause.height), (effect.cx, effect.y)
    if effect.x > cause.x:
        return (cause.x + cause.width, cause.cy), (effect.x, effect.cy)
    return (cause.x, cause.cy), (effect.x + effect.width, effect.cy)


MIN_BOX_WIDTH = 118
MAX_BOX_WIDTH = 210
PAD = 14


def _row_layout(count: int) -> tuple[int, float]:
    """How many boxes fit on one line of a row, and their width."""
    area = WIDTH - LABEL_WIDTH - GAP
    per_line = max(1, min(count, int((area + GAP) // (MIN_BOX_WIDTH + GAP))))
    width = min(MAX_BOX_WIDTH, (area - GAP * (per_line - 1)) / per_line)
    return per_line, width


def strategy_map(rows: list[tuple[str, list]], links: list[tuple[object, object]],
                 tree_edges: list[tuple[object, object]] = (), *, title: str,
                 ident: str = "strategy-map") -> SafeString:
    """`rows`: (row label, items with .pk and .title) top to bottom; `links`: (cause pk,
    effect pk) drawn as arrows; `tree_edges`: (child pk, parent pk) drawn dashed. A row with
    more boxes than fit across wraps onto further lines."""
    bands, boxes, top = [], {}, 0.0
    area = WIDTH - LABEL_WIDTH - GAP
    for label, items in rows:
        per_line, width = _row_layout(len(items))
        lines = max(1, -(-len(items) // per_line))
        height = PAD * 2 + lines * BOX_HEIGHT + (lines - 1) * GAP
        height = max(height, ROW_HEIGHT - 6)
        bands.append(f'<rect x="0" y="{top:.1f}" width="{WIDTH}" height="{height:.1f}" '
                     f'fill="{PALE}"/>')
        for i, line in enumerate(_lines(label, LABEL_WIDTH - 10)):
            bands.append(f'<text x="10" y="{top + 28 + i * 17:.1f}" font-size="14" '
                         f'font-weight="bold" fill="{INK}">{escape(line)}</text>')
        for start in range(0, len(items), per_line):
            chunk = items[start:start + per_line]
            used = width * len(chunk) + GAP * (len(chunk) - 1)
            left = LABEL_WIDTH + (area - used) / 2
            line_top = top + (height - (lines * BOX_HEIGHT + (lines - 1) * GAP)) / 2 + (
                start // per_line) * (BOX_HEIGHT + GAP)
            for i, item in enumerate(chunk):
                boxes[item.pk] = Box(item.pk, item.title, left + i * (width + GAP), line_top,
                                     width, BOX_HEIGHT)
        top += height + 6
    body = list(bands)
    for child, parent in tree_edges:
        if child in boxes and parent in boxes:
            body.append(_arrow(*_ends(boxes[child], boxes[parent]), dashed=True))
    for cause, effect in links:
        if cause in boxes and effect in boxes:
            body.append(_arrow(*_ends(boxes[cause], boxes[effect])))
    body.extend(_box(box) for box in boxes.values())
    return _svg(WIDTH, max(top, ROW_HEIGHT), title, "Outcomes in rows with arrows from cause "
                "to effect. The same map follows as a list.", body, ident)


COLUMN_TITLES = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
COLUMN_WIDTH, NODE_WIDTH, NODE_HEIGHT, SLOT = 250, 226, 58, 70
KIND_COLUMN = {"primary": 1, "secondary": 2, "change_idea": 3}


def driver_diagram(aim: str, nodes: list, *, title: str,
                   ident: str = "driver-diagram") -> SafeString:
    """`nodes`: items with .pk, .title, .kind and .parent_id, in display order."""
    children: dict[object, list] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    boxes: dict[object, Box] = {}
    next_slot = [0]
    top = 40

    def place(node) -> float:
        kids = children.get(node.pk, [])
        if kids:
            centre = sum(place(kid) for kid in kids) / len(kids)
        else:
            centre = top + next_slot[0] * SLOT + NODE_HEIGHT / 2
            next_slot[0] += 1
        column = KIND_COLUMN.get(node.kind, 1)
        boxes[node.pk] = Box(node.pk, node.title, column * COLUMN_WIDTH + 12,
                             centre - NODE_HEIGHT / 2, NODE_WIDTH, NODE_HEIGHT)
        return centre

    primaries = children.get(None, [])
    centres = [place(node) for node in primaries]
    height = top + max(1, next_slot[0]) * SLOT + 10
    aim_centre = sum(centres) / len(centres) if centres else top + NODE_HEIGHT / 2
    aim_box = Box("aim", aim, 12, max(top, aim_centre - 60), NODE_WIDTH, 120)
    body = [f'<text x="{i * COLUMN_WIDTH + 12}" y="22" font-size="14" font-weight="bold" '
            f'fill="{INK}">{label}</text>' for i, label in enumerate(COLUMN_TITLES)]
    for node in nodes:
        parent = aim_box if node.parent_id is None else boxes.get(node.parent_id)
        if parent is not None and node.pk in boxes:
            box = boxes[node.pk]
            body.append(_arrow((parent.x + parent.width, parent.cy), (box.x, box.cy)))
    body.append(_box(aim_box, fill=PALE, max_lines=6))
    body.extend(_box(box) for box in boxes.values())
    height = max(height, aim_box.y + aim_box.height + 10)
    return _svg(4 * COLUMN_WIDTH, height, title, "The aim on the left, then primary drivers, "
                "secondary drivers and change ideas. The same diagram follows as a list.",
                body, ident)
