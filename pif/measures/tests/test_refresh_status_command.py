"""`pif refresh_status`: recompute stored status, for one partnership or all."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pif.measures.models import IndicatorStatus


def test_it_stores_status_and_sparklines_again_for_the_partnership(world):
    indicator = world.sample_indicator()
    IndicatorStatus.objects.filter(indicator=indicator).update(sparkline_svg="", rag="")
    out = StringIO()
    call_command("refresh_status", "--partnership", "alpha", stdout=out)
    assert out.getvalue() == "Refreshed the status of 1 indicator.\n"
    stored = IndicatorStatus.objects.get(indicator=indicator)
    assert stored.sparkline_svg.startswith('<svg class="pif-sparkline"')
    assert stored.latest_period == "M2024-04"


def test_an_unknown_partnership_is_refused(db):
    with pytest.raises(CommandError, match="nosuch"):
        call_command("refresh_status", "--partnership", "nosuch", stdout=StringIO())
