"""A realistic built report (pif/reports/document.py) for the renderers' tests and the
benchmark, made without the builders: sections of every type, charts from real indicators'
Vega-Lite specs (``pif.measures.charts.indicator_charts``), long titles, formula-like text
and a narrative section nobody has written yet."""

from __future__ import annotations

import json

import pytest

from pif.lib.periods import Period
from pif.measures.charts import indicator_charts
from pif.measures.testing import make_indicator
from pif.reports.document import FORMAT

LONG_TITLE = ("Percentage of children and young people in the partnership area who say they "
              "feel safe in their neighbourhood, at school and online, all localities combined")
FORMULA_TEXT = "=HYPERLINK(\"http://example.org\",\"Click\")"
DATA_HEADERS = ["Period", "Value", "Mean", "Lower limit", "Upper limit", "Target",
                "What the point shows"]


def shifted_values(seed: int = 0, months: int = 36) -> list[float]:
    """Monthly values that sit level, then rise: the last points signal special cause."""
    level = [50 + ((seed + i) * 7) % 11 for i in range(months)]
    return [value + (12 if i >= months - 8 else 0) for i, value in enumerate(level)]


def make_charted_indicators(partnership, owner, count: int = 2, months: int = 36):
    """``count`` indicators with monthly values, and their charts as the pages draw them."""
    indicators = [make_indicator(partnership, owner=owner, code=f"FX-{n + 1}",
                                 title=LONG_TITLE if n == 0 else f"Fixture indicator {n + 1}",
                                 values=shifted_values(n, months),
                                 first_period=Period.month(2022, 1))
                  for n in range(count)]
    return indicators, indicator_charts(indicators)


def chart_of(chart) -> dict:
    """The document's ``{"spec", "alt"}`` of a :class:`pif.measures.charts.Chart`."""
    return {"spec": chart.spec, "alt": chart.summary}


def data_of(chart) -> dict:
    return {"headers": list(DATA_HEADERS),
            "rows": [[row.label, row.value_text, row.mean_text, row.lower_text,
                      row.upper_text, row.target_text, row.point_type_text]
                     for row in chart.rows]}


def action_row(n: int, **fields) -> dict:
    row = {"reference": f"A{n}", "title": f"Action {n}: extend the evening service",
           "owner": "Loch Arden Council", "status_label": "In progress",
           "percent_complete": 40 + n, "due_date": "2027-03-31",
           "due_date_label": "31 March 2027"}
    row.update(fields)
    return row


def indicator_row(n: int, *, code: str, title: str, rag: str = "green") -> dict:
    return {"id": n, "code": code, "title": title, "outcome": "Children are safe",
            "latest_period": "October 2026", "value": f"{60 + n}.0%", "target": "65.0%",
            "variation_label": "Improvement (high)", "assurance_label": "Hit and miss",
            "rag": rag, "rag_label": {"green": "Green", "amber": "Amber",
                                      "red": "Red"}.get(rag, "No status"),
            "direction_label": "Improving",
            "status": f"{code} is improving: the latest value is {60 + n}.0%."}


def indicator_block(n: int, *, code: str, title: str, chart=None, commentary=True,
                    actions: int = 1) -> dict:
    block = indicator_row(n, code=code, title=title)
    block.update({
        "definition": "Share of respondents answering 'safe' or 'very safe'.",
        "unit_label": "Percentage",
        "commentary": ({"period": "October 2026",
                        "what_it_shows": "The last eight months are above the upper limit.",
                        "why": "The new youth workers started in March.",
                        "actions": "Keep the evening sessions going over winter."}
                       if commentary else None),
        "chart": chart_of(chart) if chart is not None else None,
        "data": data_of(chart) if chart is not None else {"headers": [], "rows": []},
        "actions": [action_row(n * 10 + i) for i in range(actions)],
    })
    return block


def fixture_document(indicators=(), charts=None, *, title: str | None = None) -> dict:
    """A board report of ``indicators`` (with their ``charts``, by id) holding a section of
    every type; with no indicators, two blocks without charts."""
    charts = charts or {}
    blocks = [indicator_block(n, code=ind.code, title=ind.title, chart=charts.get(ind.pk))
              for n, ind in enumerate(indicators, start=1)]
    if not blocks:
        blocks = [indicator_block(1, code="NC-1", title=LONG_TITLE),
                  indicator_block(2, code="NC-2", title="Second indicator", commentary=False,
                                  actions=0)]
    rows = [{key: block[key] for key in indicator_row(0, code="", title="")} for block in blocks]
    return {
        "format": FORMAT,
        "kind": "board", "kind_label": "Board report",
        "title": title or ("Loch Arden Community Planning Partnership board report on "
                           "children, young people and community safety, autumn 2026"),
        "partnership": {"name": "Loch Arden Community Planning Partnership",
                        "short_name": "loch-arden"},
        "as_of": "2026-11-30", "as_of_label": "30 November 2026",
        "built_at": "2026-12-01T09:00:00+00:00",
        "statutory_basis": "Community Empowerment (Scotland) Act 2015, section 8",
        "due": "2027-09-30", "due_label": "30 September 2027",
        "reporting_year": "2026/27",
        "summary": [{"label": "Indicators", "value": str(len(blocks))},
                    {"label": "Improving", "value": "1"},
                    {"label": "Concern", "value": "0"}],
        "sections": [
            {"key": "scorecard", "heading": "Scorecard", "intro": "Every indicator at a glance.",
             "type": "scorecard", "rows": rows},
            {"key": "indicators", "heading": "Indicators in detail", "intro": "",
             "type": "indicators", "indicators": blocks},
            {"key": "actions", "heading": "Actions", "intro": "", "type": "actions",
             "actions": [action_row(1), action_row(2, title=FORMULA_TEXT)]},
            {"key": "participation", "heading": "How community bodies took part",
             "intro": "Section 8 of the Act asks for this.", "type": "narrative",
             "guidance": "Describe how community bodies took part in the plan this year.",
             "text": "", "required": True},
            {"key": "finance", "heading": "Finance", "intro": "", "type": "narrative",
             "guidance": "Spending on the plan's priorities.",
             "text": "Spending was on budget.\n\nNo new funding was agreed.", "required": False},
            {"key": "comparison", "heading": "Comparison with similar councils", "intro": "",
             "type": "table", "caption": "Latest values in the family group",
             "headers": ["Council", "2024/25", "2025/26"],
             "rows": [["Loch Arden", "61.0%", "63.5%"], ["-Family average", "58.0%", "59.1%"],
                      ["Glen Mora", "55.2%", "57.8%"]]},
            {"key": "items", "heading": "Items for the stat meeting", "intro": "",
             "type": "items",
             "items": [{"section_label": "Item 1", "title": "Feeling safe online",
                        "questions": ["What changed in March?", "Will it last?"],
                        "indicator": blocks[0], "carry_overs": ["Report back on the survey"],
                        "owner": "Head of Children's Services",
                        "due_date_label": "15 January 2027"}]},
        ],
    }


def plain(document: dict) -> dict:
    """``document`` as it is kept (JSON), so tests read what the renderers are given."""
    return json.loads(json.dumps(document, default=str))


@pytest.fixture(scope="module")
def fixture_report(django_db_setup, django_db_blocker) -> dict:
    """The fixture document with two real charts, built once for a test module (its records
    are rolled back; the document is plain JSON)."""
    from django.db import transaction

    from pif.testing import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        indicators, charts = make_charted_indicators(world.partnership, world.council)
        document = plain(fixture_document(indicators, charts))
        transaction.set_rollback(True)
    return document
