"""The rows of the indicator page's "The chart's data" table, as HTML.

A chart of 20 years of months has 240 rows of eight cells: rendered by the template
language they were the largest cost of the page (a dozen variable look-ups and tags per
row). Here they are joined in Python, producing exactly what the template's loop did
(pif/measures/templates/measures/indicator.html), every value escaped.
"""

from html import escape

from django.utils.safestring import SafeData, SafeString, mark_safe

from pif.measures.templatetags.measures_tags import no_target

__all__ = ["data_rows_html"]

NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">'
CELL = '<td class="govuk-table__cell">'


def _escaped(text) -> str:
    """Django's conditional_escape for the strings of a row, without its lazy-text wrapper
    (called 2,000 times a page): what is marked safe is kept, the rest escaped alike."""
    return text if isinstance(text, SafeData) else escape(str(text))


def _value_cell(row) -> str:
    html = _escaped(row.value_text) if row.value is not None else (
        "" if row.is_waiting else _escaped(row.missing_code or "Missing"))
    if row.is_waiting:
        html += (("<br>" if row.value is not None else "")
                 + f'<span class="govuk-body-s">{_escaped(row.waiting_text)}</span>')
    return html


def _variation_cell(row) -> str:
    html = _escaped(row.point_type_text)
    if row.signal_text:
        html += f'<br><span class="govuk-body-s">{_escaped(row.signal_text)}</span>'
    return html


def _changes_cell(row) -> str:
    return "<br>".join(f"{_escaped(mark.kind)}: {_escaped(mark.label)}"
                       for mark in row.changes)


def _row_html(row, missing_target: str, with_changes: bool) -> str:
    target = _escaped(row.target_text) if row.target_text else missing_target
    changes = f"{CELL}{_changes_cell(row)}</td>" if with_changes else ""
    return (f'\n    <tr class="govuk-table__row">'
            f'\n      <th scope="row" class="govuk-table__header">'
            f"{_escaped(row.label)}</th>"
            f"\n      {NUMERIC}{_value_cell(row)}</td>"
            f"\n      {NUMERIC}{_escaped(row.mean_text)}</td>"
            f"\n      {NUMERIC}{_escaped(row.lower_text)}</td>"
            f"\n      {NUMERIC}{_escaped(row.upper_text)}</td>"
            f"\n      {NUMERIC}{target}</td>"
            f"\n      {CELL}{_variation_cell(row)}</td>"
            f"\n      {changes}"
            f"\n    </tr>\n    ")


def data_rows_html(chart) -> SafeString:
    """The ``<tr>`` of each of ``chart``'s rows, with the "Changes made" cell when the chart
    has changes (safe: every value is escaped here)."""
    missing_target = str(no_target())
    with_changes = chart.has_changes
    return mark_safe("".join(_row_html(row, missing_target, with_changes)  # noqa: S308
                             for row in chart.rows))
