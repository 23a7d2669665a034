# ruff: noqa: E501 - the reference row is the template's own markup, long lines and all
"""A scorecard row written in Python is the markup the template drew, cell for cell, with
every value escaped (pif.measures.scorecard.row_html). No database: rows are built here."""

import pytest
from django.template import engines

from pif.measures import scorecard as card

# The template's row as it was before rows were written in Python: the reference.
TEMPLATE_ROW = engines["django"].from_string("""{% load measures_tags %}<tr class="govuk-table__row" role="row">
      <th scope="row" class="govuk-table__header pif-scorecard__name" role="rowheader"><a class="govuk-link" href="{{ row.url }}">{{ row.indicator.code }} {{ row.indicator.title }}</a><br><span class="govuk-body-s pif-muted">{{ row.indicator.owner_short_code }} · {{ row.indicator.frequency_label }}</span></th>
      <td role="cell" data-label="Latest" class="govuk-table__cell">{{ row.latest_label|default:"No data" }}{% if row.overdue %}<br><strong class="govuk-tag govuk-tag--red">Overdue</strong>{% endif %}{% if row.status.awaiting_approval %}<br><strong class="govuk-tag govuk-tag--yellow">{{ row.status.awaiting_approval }} to approve</strong>{% endif %}</td>
      <td role="cell" data-label="Value" class="govuk-table__cell govuk-table__cell--numeric">{% format_value row.status.latest_value row.indicator %}</td>
      <td role="cell" data-label="Target" class="govuk-table__cell govuk-table__cell--numeric">{% if row.status.target_value is not None %}{% format_value row.status.target_value row.indicator %}{% else %}{% no_target %}{% endif %}</td>
      <td role="cell" data-label="Variation" class="govuk-table__cell">{% variation_icon row.status.variation %}</td>
      <td role="cell" data-label="Assurance" class="govuk-table__cell">{% assurance_icon row.status.assurance %}</td>
      <td role="cell" data-label="RAG" class="govuk-table__cell">{% rag_tag row.status.rag %}</td>
      <td role="cell" data-label="Direction" class="govuk-table__cell">{{ row.direction_label|default:"Not known" }}</td>
      <td role="cell" data-label="Trend" class="govuk-table__cell">{% sparkline row.status %}</td>
    </tr>""")


def indicator(**changes):
    values = {"pk": 1, "code": "A&1", "title": "Waits <4 hours \"A&E\"", "frequency": "monthly",
              "unit": "percentage", "rate_per": None, "decimals": 1, "due_days": 30,
              "owner_id": 7, "owner_name": "Council", "owner_short_code": "C<C>"}
    return card.CardIndicator(**{**values, **changes})


STATUSES = [
    card.CardStatus(),
    card.CardStatus(latest_period="M2024-04", latest_value=91.25, target_value=95.0,
                    variation="concern_low", assurance="inconsistent",
                    rag="red", direction="worsening", awaiting_approval=3,
                    sparkline_svg='<svg aria-hidden="true"></svg>', submitted_period="M2024-04"),
    card.CardStatus(latest_period="FQ2023-1", latest_value=12.0, rag="GREEN",
                    variation="common_cause", direction="no_change"),
]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("overdue", [False, True])
def test_a_row_is_the_templates_markup_with_its_values_escaped(status, overdue):
    unit = "rate" if status.latest_period.startswith("FQ") else "percentage"
    row = card.Row(indicator(unit=unit, rate_per=1000, frequency="quarterly"), status,
                   overdue, url="/p/x/indicators/A%261/")
    assert row.html == TEMPLATE_ROW.render({"row": row}).strip()
    assert "<4" not in row.html and "C<C>" not in row.html
