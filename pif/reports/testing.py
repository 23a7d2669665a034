"""Factories for report and public page tests, and URL samples for the test that walks every
URL."""

import datetime

from pif.reports import models as m
from pif.spc.vocabulary import NO_TARGET, Direction, Rag, Variation


def make_report(partnership, kind=m.ReportKind.BOARD, title="Board report", **fields
                ) -> m.Report:
    fields.setdefault("as_of", datetime.date(2026, 10, 31))
    return m.Report.objects.create(partnership=partnership, kind=kind, title=title, **fields)


def make_schedule(partnership, kind=m.ReportKind.SCORECARD, title="Monthly scorecard",
                  **fields) -> m.ReportSchedule:
    fields.setdefault("next_run_on", datetime.date(2026, 12, 1))
    return m.ReportSchedule.objects.create(partnership=partnership, kind=kind, title=title,
                                           **fields)


URL_KWARG_SAMPLES: dict = {}
URL_STATUS_OVERRIDES: dict = {}

# report pages
def narrative_kind() -> str:
    """The first kind of report with sections of words to write."""
    from pif.reports import kinds

    return next(kind for kind, template in kinds.TEMPLATES.items()
                if template.narrative_sections)


def built_report(partnership, kind=m.ReportKind.BOARD, title="Board report", *,
                 as_of=datetime.date(2026, 10, 31), options=None, narrative=None, **fields
                 ) -> m.Report:
    """A report whose content is built by the kind's builder, as the pages keep it."""
    from django.utils import timezone

    from pif.reports import kinds

    content = kinds.build(partnership, kind, as_of=as_of, options=options or {},
                          narrative=narrative or {}, title=title)
    return make_report(partnership, kind=kind, title=title, as_of=as_of,
                       options=options or {}, narrative=narrative or {}, content=content,
                       built_at=timezone.now(), **fields)


def _sample_report(world) -> m.Report:
    """A draft of a kind with words to write, on the world's partnership with one indicator."""
    if not hasattr(world, "_report"):
        world.sample_indicator()
        world._report = built_report(world.partnership, narrative_kind(), "Annual report")
    return world._report


def _sample_section_key(world) -> str:
    from pif.reports import kinds

    return kinds.TEMPLATES[narrative_kind()].narrative_sections[0].key


URL_KWARG_SAMPLES.update({
    "report_id": lambda world: _sample_report(world).pk,
    "section_key": _sample_section_key,
})
URL_STATUS_OVERRIDES.update({
    # The shared "fmt" sample is "csv", and a report downloads as PDF, HTML or Excel only.
    ("report_download", "GET"): {"viewer": 404, "contributor": 404, "editor": 404,
                                 "admin": 404},
})
# end of report pages


# public pages ------------------------------------------------------------------------------

PUBLIC_SAMPLE_CODE = "PUB-1"


def public_content(partnership, *, indicators: int = 1, published: int | None = None,
                   in_plan: int = 10, title: str = "Adults who feel safe") -> dict:
    """A snapshot written by hand, of the shape pif.reports.public_snapshot documents: for
    tests that need figures, breakdowns or counts the database would take long to make."""
    rows = []
    for number in range(1, indicators + 1):
        code = f"PUB-{number}"
        observations = [
            {"period": f"M2024-0{month}", "period_label": label,
             "period_start": f"2024-0{month}-01", "period_end": end, "breakdown": "",
             "category": "", "value": value, "numerator": None, "denominator": None,
             "formatted": f"{value:.1f}%", "flags": []}
            for month, label, end, value in ((3, "March 2024", "2024-03-31", 71.0),
                                             (4, "April 2024", "2024-04-30", 74.0))]
        rows.append({
            "code": code, "title": title if number == 1 else f"{title} {number}",
            "definition": "Share of adults who feel safe after dark.",
            "unit_label": "Percentage", "improvement_label": "Higher is better",
            "frequency_label": "Monthly", "data_source": "Household survey",
            "quality_note": "", "outcomes": ["Safer communities"],
            "latest_period": "April 2024", "value": "74.0%", "target": "75.0%",
            "status": "The latest figure is 74.0%, for April 2024. Just short of its target "
                      "of 75.0%. No sign of change beyond the usual ups and downs.",
            "status_details": f"{Variation.COMMON_CAUSE.description}. {NO_TARGET}.",
            "trend": "From March 2024 to April 2024 it went up.",
            "variation_label": Variation.COMMON_CAUSE.label, "assurance_label": NO_TARGET,
            "rag": Rag.AMBER.value, "rag_label": Rag.AMBER.label,
            "direction_label": Direction.IMPROVING.label,
            "first_published": "2026-11-01", "suppressed": False,
            "chart": None, "chart_withheld": False, "observations": observations,
            "comparison": None,
            "commentary": []})
    return {
        "format": 1, "published_at": "2026-12-01T09:00:00+00:00",
        "published_label": "1 December 2026",
        "partnership": {"name": partnership.name, "short_name": partnership.short_name},
        "licence": {"id": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                    "uri": m.LICENCE_URIS[m.Licence.OGL_3]},
        "contact_email": "",
        "vision": {"statement": "A place where everyone thrives.", "purpose": "",
                   "years": "2026/27 to 2030/31"},
        "outcomes": [{"id": 1, "code": "O1", "title": "Safer communities", "depth": 0,
                      "indicator_codes": [row["code"] for row in rows]}],
        "indicators": rows,
        "actions": [{"reference": "A1", "title": "Street lighting", "status_label": "On track",
                     "percent_complete": 40, "due_date_label": "31 March 2027",
                     "outcomes": ["Safer communities"]}],
        "counts": {"published": indicators if published is None else published,
                   "in_plan": in_plan, "published_by_rag": {"amber": indicators},
                   "plan_by_rag": {"amber": indicators, "red": 3}},
    }


def make_publication(partnership, content: dict | None = None, **fields) -> m.Publication:
    """A publication of `partnership`: of the snapshot `public_snapshot.build` makes now, or
    of `content` as given."""
    from pif.reports import public_snapshot

    if content is None:
        content = public_snapshot.build(partnership)
    counts = content.get("counts") or {}
    fields.setdefault("indicators_published", counts.get("published", 0))
    fields.setdefault("indicators_in_plan", counts.get("in_plan", 0))
    return m.Publication.objects.create(partnership=partnership, content=content, **fields)


def public_document(partnership, title: str = "Annual progress report", rows=()) -> dict:
    """A built report's content (pif.reports.document) with a scorecard of `rows`."""
    return {
        "format": 1, "kind": m.ReportKind.LOIP_PROGRESS,
        "kind_label": m.ReportKind.LOIP_PROGRESS.label, "title": title,
        "partnership": {"name": partnership.name, "short_name": partnership.short_name},
        "as_of": "2026-10-31", "as_of_label": "31 October 2026",
        "built_at": "2026-11-02T09:00:00+00:00", "statutory_basis": "", "due": "",
        "due_label": "", "reporting_year": "2026/27",
        "summary": [{"label": "Indicators", "value": str(len(rows))}],
        "sections": [{"key": "scorecard", "heading": "How we are doing", "intro": "",
                      "type": "scorecard", "rows": list(rows)}],
    }


def make_public_report(partnership, title: str = "Annual progress report", **fields
                       ) -> m.Report:
    """A report for the public, signed off and published."""
    from django.utils import timezone

    fields.setdefault("content", public_document(partnership, title))
    return make_report(partnership, kind=m.ReportKind.LOIP_PROGRESS, title=title,
                       audience=m.Audience.PUBLIC, state=m.ReportState.PUBLISHED,
                       published_at=timezone.now(), built_at=timezone.now(), **fields)


def published_world(world) -> m.Publication:
    """The world partnership with one published indicator holding approved values, and its
    public pages published: made once per world."""
    if not hasattr(world, "_publication"):
        from pif.measures.testing import make_indicator

        make_indicator(world.partnership, owner=world.council, code=PUBLIC_SAMPLE_CODE,
                       title="Adults who feel safe", values=[71.0, 72.5, 74.0, 73.1],
                       published=True)
        world._publication = make_publication(world.partnership)
    return world._publication


def _public_report_sample(world) -> int:
    published_world(world)
    return make_public_report(world.partnership).pk


URL_KWARG_SAMPLES["public_code"] = lambda world: (published_world(world)
                                                  and PUBLIC_SAMPLE_CODE)
URL_KWARG_SAMPLES["public_report_id"] = _public_report_sample
# The walk's format sample is "csv", which reports are not given in (pdf, html, xlsx): the
# public report's downloads answer "Page not found" to everyone; their own tests fetch each.
URL_STATUS_OVERRIDES[("public_report_download", "GET")] = dict.fromkeys(
    ("anonymous", "outsider", "viewer", "contributor", "editor", "admin"), 404)
# end of public pages


# publishing ---------------------------------------------------------------------------------

def make_suppression(indicator, **fields) -> m.Suppression:
    return m.Suppression.objects.create(partnership=indicator.partnership,
                                        indicator=indicator, **fields)


# The suppression page takes any indicator of the partnership (suppressing may be decided
# before it is published).
URL_KWARG_SAMPLES.setdefault("indicator_id", lambda world: world.sample_indicator().pk)
# end of publishing


# schedules ----------------------------------------------------------------------------------

URL_KWARG_SAMPLES["schedule_id"] = lambda world: make_schedule(world.partnership).pk
# end of schedules
