"""The public performance pages: no sign-in, read only from the partnership's latest
publication (``pif.reports.public_snapshot``) and from its published public reports, whose
content is frozen too. Nothing here reads a live indicator, value, action or comment."""

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe

from pif.improvement.models.action import ActionStatus
from pif.measures.charts import accessible_svg, render_svg
from pif.reports import render, report_files
from pif.reports.models import Audience, Report, ReportState
from pif.reports.public_access import (
    Public,
    latest_publication,
    public_page,
    public_site_page,
    render_public,
)
from pif.spc.vocabulary import NO_TARGET, Rag

REPORT_FORMATS = ("pdf", "html", "xlsx")  # the order the page offers render.FORMATS
LATEST_REPORTS = 5
FLAG_WORDS = {"provisional": "Provisional", "suppressed": "Suppressed", "missing": "Missing"}
OTHER_INDICATORS = "Other published indicators"
NOT_LINKED = "Not linked to an outcome"
# An action's percentage complete says something only while it is under way.
NOT_UNDER_WAY = {status.label for status in (ActionStatus.NOT_STARTED, ActionStatus.COMPLETE,
                                             ActionStatus.CANCELLED, ActionStatus.DEFERRED)}
NEWEST_SHOWN = 8  # the indicator page's table shows the newest figures; older ones fold away
# The accessibility statement's dates: change them when it is reviewed or the service tested.
STATEMENT_PREPARED = datetime.date(2026, 12, 5)
STATEMENT_REVIEWED = datetime.date(2026, 12, 5)
SERVICE_TESTED = datetime.date(2026, 12, 5)


def _published_reports(public: Public):
    """The partnership's published public reports, newest first, without their content."""
    return (Report.objects.filter(partnership_id=public.partnership_id,
                                  audience=Audience.PUBLIC, state=ReportState.PUBLISHED)
            .only("id", "partnership_id", "kind", "title", "as_of", "published_at")
            .order_by("-published_at", "-as_of", "-id"))


def _public_report(public: Public, report_id: int) -> Report:
    """A published public report of this partnership: any other answers "Page not found"."""
    return get_object_or_404(
        Report.objects.prefetch_related("corrections"), pk=report_id,
        partnership_id=public.partnership_id, audience=Audience.PUBLIC,
        state=ReportState.PUBLISHED)


def _groups(content: dict, by_code: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    """The published indicators under each outcome (the plan's order), then any under none;
    and the outcomes with no published indicator, themselves or below them, which the page
    names in one line rather than as a heading each with nothing under it."""
    outcomes = content.get("outcomes", [])
    own = {outcome.get("id"): [by_code[code] for code in outcome.get("indicator_codes", [])
                               if code in by_code] for outcome in outcomes}
    parent_of = {outcome.get("id"): outcome.get("parent_id") for outcome in outcomes}
    reported = set()  # outcomes with a published indicator of their own or below them
    for outcome_id, indicators in own.items():
        seen = set()
        while indicators and outcome_id is not None and outcome_id not in seen:
            seen.add(outcome_id)
            reported.add(outcome_id)
            outcome_id = parent_of.get(outcome_id)
    groups, empty, placed = [], [], set()
    for outcome in outcomes:
        if outcome.get("id") not in reported:
            empty.append(outcome)
            continue
        indicators = own[outcome.get("id")]
        placed.update(indicator["code"] for indicator in indicators)
        groups.append({"outcome": outcome, "indicators": indicators})
    rest = [indicator for code, indicator in by_code.items() if code not in placed]
    if rest:
        groups.append({"outcome": {"title": OTHER_INDICATORS, "depth": 0}, "indicators": rest})
    for number, group in enumerate(groups, start=1):
        group["id"] = f"outcome-{number}"
    return groups, empty


def _actions(content: dict) -> list[dict]:
    """The published actions as the table shows them: their outcomes, or that they have
    none; and their percentage complete only while they are under way."""
    rows = []
    for action in content.get("actions", []):
        percent = action.get("percent_complete")
        under_way = percent is not None and action.get("status_label") not in NOT_UNDER_WAY
        rows.append({**action, "outcomes_words": "; ".join(action.get("outcomes") or [])
                     or NOT_LINKED, "percent_shown": percent if under_way else None})
    return rows


def _balance(counts: dict) -> list[dict]:
    """Published and in the plan, by red, amber and green, and the rest: so a reader can see
    whether what is shown is a fair picture of the whole."""
    published_by = counts.get("published_by_rag") or {}
    plan_by = counts.get("plan_by_rag") or {}
    rows = [{"label": rag.label, "rag": rag.value, "published": published_by.get(rag.value, 0),
             "in_plan": plan_by.get(rag.value, 0)} for rag in Rag]
    rows.append({
        "label": "No target or not enough data", "rag": "grey",
        "published": max(0, counts.get("published", 0) - sum(r["published"] for r in rows)),
        "in_plan": max(0, counts.get("in_plan", 0) - sum(r["in_plan"] for r in rows)),
    })
    return rows


def _context(public: Public, **more) -> dict:
    return {"public": public, "content": public.content, "no_target": NO_TARGET, **more}


@public_page
def public_home(request: HttpRequest, public: Public) -> HttpResponse:
    content = public.content
    counts = content.get("counts") or {}
    groups, not_reported = _groups(content, public.indicators_by_code)
    return render_public(request, "public/home.html", _context(
        public, groups=groups, not_reported=not_reported, actions=_actions(content),
        counts=counts, balance=_balance(counts),
        reports=list(_published_reports(public)[:LATEST_REPORTS])))


def chart_svg(indicator: dict) -> str:
    """The indicator's chart drawn on the server from the snapshot's spec: no JavaScript."""
    chart = indicator.get("chart") or {}
    if not chart.get("spec"):
        return ""
    slug = "".join(c if c.isalnum() else "-" for c in indicator["code"]).lower()
    return mark_safe(accessible_svg(  # noqa: S308 - Vega escapes the data, we the title
        render_svg(chart["spec"]), chart.get("alt") or f"Chart of {indicator['title']}",
        id_prefix=f"pif-public-{slug}"))


def _chart_targets(indicator: dict) -> dict[str, str]:
    """Each period's target as the chart drew it (its data rows, by period key), so the table
    beside the chart holds the same figures. Empty when there is no chart."""
    spec = (indicator.get("chart") or {}).get("spec") or {}
    values = (spec.get("data") or {}).get("values") or []
    return {row["period"]: row.get("target_text") or "" for row in values
            if isinstance(row, dict) and row.get("period")}


def _table_rows(indicator: dict) -> list[dict]:
    targets = _chart_targets(indicator)
    return [{**observation,
             "target": (observation.get("target")
                        or ("" if observation.get("breakdown")
                            else targets.get(observation.get("period"), ""))),
             "flag_words": [FLAG_WORDS.get(flag, flag) for flag in observation.get("flags", [])]}
            for observation in indicator.get("observations", [])]


def _newest_first(rows: list[dict]) -> list[dict]:
    """Rows by period, newest first; within a period in the snapshot's order."""
    return sorted(rows, key=lambda row: (row.get("period_start") or "",
                                         row.get("period_end") or ""), reverse=True)


@public_page
def public_indicator(request: HttpRequest, public: Public, public_code: str) -> HttpResponse:
    indicator = public.indicator(public_code)
    rows = _table_rows(indicator)
    # Newest first: a reader wants the latest figures, and the older ones are folded away.
    totals = _newest_first([row for row in rows if not row.get("breakdown")])
    code = indicator["code"]
    actions = [action for action in _actions(public.content)
               if code in (action.get("indicator_codes") or [])]
    return render_public(request, "public/indicator.html", _context(
        public, indicator=indicator, chart_svg=chart_svg(indicator),
        rows=totals[:NEWEST_SHOWN], older_rows=totals[NEWEST_SHOWN:],
        breakdown_rows=_newest_first([row for row in rows if row.get("breakdown")]),
        actions=actions,
        has_targets=any(row.get("target") not in (None, "") for row in totals)))


@public_page
def public_reports(request: HttpRequest, public: Public) -> HttpResponse:
    return render_public(request, "public/reports.html", _context(
        public, reports=list(_published_reports(public))))


@public_page
def public_report(request: HttpRequest, public: Public, public_report_id: int) -> HttpResponse:
    report = _public_report(public, public_report_id)
    return render_public(request, "public/report.html", _context(
        public, report=report, document=report.content,
        corrections=list(report.corrections.all()), formats=REPORT_FORMATS))


@public_page
def public_report_download(request: HttpRequest, public: Public, public_report_id: int,
                           fmt: str) -> HttpResponse:
    if fmt not in render.FORMATS:
        raise Http404("Download a report as pdf, html or xlsx")
    report = _public_report(public, public_report_id)
    try:
        # Drawn once and kept (a PDF takes seconds): every visitor is given the same bytes,
        # and a shared cache may keep them too (public_page).
        body = report_files.stored(report, fmt)
    except ValueError:
        raise Http404("This report cannot be given in that format") from None
    response = HttpResponse(body, content_type=render.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{render.filename(f"{report.title} {public.name}", fmt)}"')
    return response


def _statement_partnership(request: HttpRequest) -> dict | None:
    """The partnership whose public pages the reader came from (``?partnership=``), as it
    last published: its name, address and contact email. None for any other value."""
    short_name = request.GET.get("partnership", "")
    if not short_name or len(short_name) > 50:
        return None
    try:
        public = Public(latest_publication(short_name))
    except Http404:
        return None
    return {"name": public.name, "short_name": public.short_name,
            "contact_email": public.content.get("contact_email", "")}


@public_site_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render_public(request, "public/accessibility.html", {
        "came_from": _statement_partnership(request), "prepared": STATEMENT_PREPARED,
        "reviewed": STATEMENT_REVIEWED, "tested": SERVICE_TESTED})
