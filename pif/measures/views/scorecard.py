"""The scorecard page and its CSV / Excel download."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pif.measures import scorecard as card
from pif.measures.models import Indicator
from pif.partnerships.access import Access, partnership_view
from pif.tables import table_response

GROUPINGS = {"tag": "Perspective or tag", "outcome": "Outcome", "none": "No grouping"}


def _options(request: HttpRequest) -> dict:
    group_by = request.GET.get("group", "tag")
    if group_by not in GROUPINGS or (group_by == "outcome" and not card.has_outcomes()):
        group_by = "tag"
    return {
        "group": group_by,
        "owner": request.GET.get("owner", ""),
        "status": request.GET.get("status", ""),
        "frequency": request.GET.get("frequency", ""),
        "sort": request.GET.get("sort", "code") if request.GET.get("sort") in card.SORTS
        else "code",
    }


def _rows(access: Access, options: dict) -> list[card.Row]:
    rows = card.load_rows(access.partnership, group_by=options["group"])
    rows = card.filter_rows(rows, owner=options["owner"], status=options["status"],
                            frequency=options["frequency"])
    return card.sort_rows(rows, options["sort"])


@partnership_view("read")
def scorecard(request: HttpRequest, access: Access) -> HttpResponse:
    options = _options(request)
    rows = _rows(access, options)
    groupings = {k: v for k, v in GROUPINGS.items() if k != "outcome" or card.has_outcomes()}
    # Filters changed with htmx only need the results, not the whole page.
    template = ("measures/_scorecard_results.html" if request.htmx
                else "measures/scorecard.html")
    return render(request, template, {
        "access": access, "partnership": access.partnership,
        "groups": card.group_rows(rows, options["group"]), "count": len(rows),
        "options": options, "groupings": groupings,
        "organisations": access.partnership.organisations.all(),
        "status_filters": [(k, label) for k, (label, _) in card.STATUS_FILTERS.items()]
        + [("overdue", "Overdue data")],
        "frequencies": Indicator.Frequency.choices,
        "sorts": [(k, label) for k, (label, _) in card.SORTS.items()],
        "query": request.GET.urlencode(),
    })


EXPORT_HEADERS = ["Code", "Title", "Owner", "Frequency", "Latest period", "Latest value",
                  "Target", "RAG", "Variation", "Assurance", "Direction of travel",
                  "Data overdue", "Values awaiting approval"]


def _export_row(row: card.Row) -> list:
    indicator, status = row.indicator, row.status
    return [
        indicator.code, indicator.title, indicator.owner_name,
        indicator.frequency_label, row.latest_label,
        status.latest_value, status.target_value,
        card.RAG_LABELS.get(status.rag, ""), card.VARIATION_LABELS.get(status.variation, ""),
        card.ASSURANCE_LABELS.get(status.assurance, ""),
        card.DIRECTION_LABELS.get(status.direction, ""),
        "Yes" if row.overdue else "No", status.awaiting_approval,
    ]


@partnership_view("read")
def scorecard_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    rows = _rows(access, _options(request))
    return table_response(f"{access.partnership.short_name}-scorecard", fmt, EXPORT_HEADERS,
                          [_export_row(row) for row in rows], sheet_title="Scorecard")
