"""The scorecard page and its CSV / Excel download."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pif.measures import scorecard as card
from pif.measures.charts.formatting import shown_number, unit_title
from pif.measures.forms import ScorecardFilterForm
from pif.partnerships.access import Access, partnership_view
from pif.spc.vocabulary import Assurance, Direction, Rag, Variation
from pif.tables import table_response


def _rows(access: Access, options: dict) -> list[card.Row]:
    rows = card.load_rows(access.partnership, group_by=options["group"])
    rows = card.filter_rows(rows, owner=options["owner"], status=options["status"],
                            frequency=options["frequency"])
    return card.sort_rows(rows, options["sort"])


@partnership_view("read")
def scorecard(request: HttpRequest, access: Access) -> HttpResponse:
    filters = ScorecardFilterForm(request.GET, partnership=access.partnership)
    options = filters.values
    rows = _rows(access, options)
    # Filters changed with htmx only need the results, not the whole page.
    template = ("measures/_scorecard_results.html" if request.htmx
                else "measures/scorecard.html")
    return render(request, template, {
        "groups": card.group_rows(rows, options["group"]), "count": len(rows),
        "options": options, "filters": filters,
        "query": request.GET.urlencode(),
    })


# Values are rounded as the page shows them, with their unit beside them: this is a report.
# The exact figures are in the data export (`pif export`), which the import reads back.
EXPORT_HEADERS = ["Code", "Title", "Owner", "Frequency", "Latest period", "Latest value",
                  "Target", "Unit", "RAG", "Variation", "Assurance", "Direction of travel",
                  "Data overdue", "Values awaiting approval"]


def _export_row(row: card.Row) -> list:
    indicator, status = row.indicator, row.status
    return [
        indicator.code, indicator.title, indicator.owner_name,
        indicator.frequency_label, row.latest_label,
        shown_number(status.latest_value, indicator),
        shown_number(status.target_value, indicator), unit_title(indicator),
        Rag.label_of(status.rag), Variation.label_of(status.variation),
        Assurance.label_of(status.assurance), Direction.label_of(status.direction),
        "Yes" if row.overdue else "No", status.awaiting_approval,
    ]


@partnership_view("read")
def scorecard_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    rows = _rows(access, ScorecardFilterForm(request.GET,
                                             partnership=access.partnership).values)
    return table_response(f"{access.partnership.short_name}-scorecard", fmt, EXPORT_HEADERS,
                          [_export_row(row) for row in rows], sheet_title="Scorecard")
