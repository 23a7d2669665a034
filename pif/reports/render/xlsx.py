"""A built report as an Excel workbook: a "Summary" sheet (what the report is, as of when,
its key figures and written sections), a sheet for each scorecard, indicators, actions and
table section, and every indicator's values in one tidy "Data" sheet (one row per indicator
and period). Every cell is made safe against formula injection the way ``pif/tables.py``
makes its downloads (:mod:`pif.lib.spreadsheet_safety`)."""

import datetime
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from pif.lib.spreadsheet_safety import safe_cell, to_xlsx_text

__all__ = ["SHEET_TITLE_LIMIT", "render_xlsx", "sheet_titles"]

SHEET_TITLE_LIMIT = 31
SHEET_TYPES = ("scorecard", "indicators", "actions", "table")
_NOT_IN_SHEET_TITLES = re.compile(r"[\[\]:*?/\\]")
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")

INDICATOR_COLUMNS = [
    ("Code", "code"), ("Indicator", "title"), ("Outcome", "outcome"),
    ("Latest period", "latest_period"), ("Value", "value"), ("Target", "target"),
    ("Status", "rag_label"), ("Variation", "variation_label"),
    ("Assurance", "assurance_label"), ("Since the previous value", "direction_label"),
    ("What it says", "status"),
]
BLOCK_COLUMNS = [*INDICATOR_COLUMNS, ("Unit", "unit_label"), ("Definition", "definition")]
COMMENTARY_COLUMNS = [("Commentary period", "period"), ("What the data shows", "what_it_shows"),
                      ("Why", "why"), ("What is being done", "actions")]
ACTION_COLUMNS = [("Reference", "reference"), ("Action", "title"), ("Owner", "owner"),
                  ("Status", "status_label"), ("Per cent complete", "percent_complete"),
                  ("Due", "due_date_label")]


def _value(value):
    """A cell's value: safe text (Excel's escapes applied) or a number as it is."""
    value = safe_cell(value)
    return to_xlsx_text(value) if isinstance(value, str) else value


def _number_or_text(value):
    """Text that is a plain number ("50", "-2.5") as that number; anything else as text."""
    if isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value.strip()):
        text = value.strip()
        return float(text) if "." in text else int(text)
    return value


def sheet_titles(headings: list[str], taken=("Summary", "Data")) -> list[str]:
    """Excel sheet titles for ``headings``: at most 31 characters, none of ``[]:*?/\\``,
    unique (Excel compares them without case) and not one of ``taken``."""
    used = {title.casefold() for title in taken}
    titles = []
    for heading in headings:
        base = " ".join(_NOT_IN_SHEET_TITLES.sub(" ", heading or "").split()).strip("'")
        base = base or "Section"
        title, n = base[:SHEET_TITLE_LIMIT], 1
        while title.casefold() in used:
            n += 1
            suffix = f" ({n})"
            title = base[:SHEET_TITLE_LIMIT - len(suffix)].rstrip() + suffix
        used.add(title.casefold())
        titles.append(title)
    return titles


class _Sheet:
    """A write-only sheet: a bold, frozen header row, then rows of safe cells."""

    def __init__(self, workbook, title: str, widths=()):
        self.sheet = workbook.create_sheet(title)
        for index, width in enumerate(widths):
            self.sheet.column_dimensions[chr(ord("A") + index)].width = width

    def header(self, values) -> None:
        self.sheet.freeze_panes = "A2"
        self.row(values, bold=True)

    def row(self, values, *, bold=False) -> None:
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.sheet, value=_value(value))
            if bold:
                cell.font = Font(bold=True)
            if isinstance(cell.value, str) and len(cell.value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            cells.append(cell)
        self.sheet.append(cells)


def _summary(workbook, document: dict, final: bool) -> None:
    sheet = _Sheet(workbook, "Summary", widths=(28, 80))
    sheet.row(["Report", document.get("title", "")], bold=True)
    partnership = (document.get("partnership") or {}).get("name", "")
    for label, value in [("Partnership", partnership), ("Kind", document.get("kind_label")),
                         ("As it stood on", document.get("as_of_label")),
                         ("Built", document.get("built_at")),
                         ("Reporting year", document.get("reporting_year")),
                         ("Statutory basis", document.get("statutory_basis")),
                         ("Due", document.get("due_label"))]:
        if value:
            sheet.row([label, value])
    if document.get("summary"):
        sheet.row([])
        sheet.row(["Key figure", "Value"], bold=True)
        for figure in document["summary"]:
            sheet.row([figure.get("label"), _number_or_text(figure.get("value"))])
    written = [s for s in document.get("sections", []) if s.get("type") == "narrative"
               and (s.get("text") or s.get("required") or not final)]
    if written:
        sheet.row([])
        sheet.row(["Written section", "Text"], bold=True)
        unwritten = ("This section was not written before the report was signed off."
                     if final else "This section has not been written yet.")
        for section in written:
            sheet.row([section.get("heading"), section.get("text") or unwritten])


def _section(workbook, title: str, section: dict) -> None:
    kind = section["type"]
    if kind == "scorecard":
        _records(workbook, title, INDICATOR_COLUMNS, section.get("rows", []))
    elif kind == "indicators":
        sheet = _Sheet(workbook, title, widths=(12, 40))
        sheet.header([name for name, _ in BLOCK_COLUMNS + COMMENTARY_COLUMNS]
                     + ["Actions"])
        for block in section.get("indicators", []):
            commentary = block.get("commentary") or {}
            actions = "; ".join(_action_words(a) for a in block.get("actions") or [])
            sheet.row([block.get(key) for _, key in BLOCK_COLUMNS]
                      + [commentary.get(key) for _, key in COMMENTARY_COLUMNS] + [actions])
    elif kind == "actions":
        _records(workbook, title, ACTION_COLUMNS, section.get("actions", []))
    else:
        sheet = _Sheet(workbook, title, widths=(30,))
        sheet.header(section.get("headers", []))
        for row in section.get("rows", []):
            sheet.row(row)


def _records(workbook, title: str, columns, records) -> None:
    sheet = _Sheet(workbook, title, widths=(12, 40))
    sheet.header([name for name, _ in columns])
    for record in records:
        sheet.row([record.get(key) for _, key in columns])


def _action_words(action: dict) -> str:
    words = f"{action.get('reference')}: {action.get('title')}".lstrip(": ")
    return f"{words} ({action['status_label']})" if action.get("status_label") else words


def _blocks(document: dict):
    """Every IndicatorBlock of the document, each indicator once, in order."""
    seen = set()
    for section in document.get("sections", []):
        blocks = section.get("indicators", []) if section.get("type") == "indicators" else [
            item.get("indicator") for item in section.get("items", [])
            if section.get("type") == "items"]
        for block in blocks:
            if not block or (block.get("id"), block.get("code")) in seen:
                continue
            seen.add((block.get("id"), block.get("code")))
            yield block


def _data(workbook, document: dict) -> None:
    blocks = [block for block in _blocks(document) if (block.get("data") or {}).get("rows")]
    headers = list(dict.fromkeys(h for block in blocks for h in block["data"]["headers"]))
    sheet = _Sheet(workbook, "Data", widths=(12, 40, 16))
    sheet.header(["Indicator code", "Indicator", *headers])
    for block in blocks:
        data = block["data"]
        numbers = data.get("numbers") or []
        for index, row in enumerate(data["rows"]):
            raw = numbers[index] if index < len(numbers) else []
            values = dict(zip(data["headers"], row, strict=False))
            given = dict(zip(data["headers"], raw, strict=False))
            sheet.row([block.get("code"), block.get("title"),
                       *(given[h] if given.get(h) is not None else values.get(h)
                         for h in headers)])


def render_xlsx(document: dict, *, final: bool = False) -> bytes:
    """The workbook of ``document`` (see :mod:`pif.reports.document`); ``final`` (signed
    off) leaves out the written sections nobody wrote that the report does not need."""
    workbook = Workbook(write_only=True)
    _summary(workbook, document, final)
    sections = [s for s in document.get("sections", []) if s.get("type") in SHEET_TYPES]
    for title, section in zip(sheet_titles([s.get("heading", "") for s in sections]),
                              sections, strict=True):
        _section(workbook, title, section)
    _data(workbook, document)
    built = _built_moment(document)
    workbook.properties.created = workbook.properties.modified = built
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _dated(buffer.getvalue(), built)


def _built_moment(document: dict) -> datetime.datetime:
    """When the report was built, without a time zone (as a workbook keeps it)."""
    try:
        return datetime.datetime.fromisoformat(document.get("built_at", "")).replace(
            tzinfo=None, microsecond=0)
    except ValueError:
        return datetime.datetime(2000, 1, 1)


def _dated(data: bytes, moment: datetime.datetime) -> bytes:
    """The workbook's zip with every part dated ``moment``: a kept report downloads as the
    same bytes each time (a zip otherwise dates each part when it is written)."""
    stamp = max(moment, datetime.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = zipfile.ZipInfo(info.filename, date_time=stamp)
            part.compress_type = zipfile.ZIP_DEFLATED
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the saving moment
                body = _MODIFIED.sub(
                    f"\\g<1>{moment:%Y-%m-%dT%H:%M:%S}Z\\g<2>".encode(), body)
            target.writestr(part, body)
    return out.getvalue()


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
