"""A refresh analyses its P and U chart indicators together with ``pif.spc.qic_many`` (one pass
per chart type) and stores for each exactly what ``pif.spc.qic`` on that indicator alone gives.
No database: the indicators and rows are unsaved (strategies of test_status_and_chart_agree).
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from pif import spc
from pif.measures import status
from pif.measures.counting import finite

from .test_status_and_chart_agree import indicators


def item(case, pk):
    indicator, chosen, data, rebases, schedule = case
    indicator.pk = pk
    series = status.Series()
    for period, (value, numerator, denominator) in zip(chosen, data, strict=True):
        series.periods.append(period.key)
        series.values.append(finite(value))
        series.numerators.append(finite(numerator))
        series.denominators.append(finite(denominator))
    return indicator, series, rebases, schedule


def one_at_a_time(indicator, series, rebases, schedule):
    """The summary from ``spc.qic`` on this indicator alone (None: nothing to analyse)."""
    prepared = status.spc_input(indicator, series, rebases=rebases, schedule=schedule)
    return None if prepared is None else status._qic_summary(indicator, prepared)


@settings(max_examples=60, deadline=None)
@given(st.lists(indicators(), min_size=1, max_size=8))
def test_p_and_u_indicators_refreshed_together_get_what_each_gets_alone(cases):
    items = [item(case, pk) for pk, case in enumerate(cases, start=1)]
    calls = []
    original = spc.qic_many

    def counted(ys, ns, **options):
        calls.append(options["chart"])
        return original(ys, ns, **options)

    spc.qic_many = counted
    try:
        together = status.spc_summaries(items)
    finally:
        spc.qic_many = original
    vectorised = [entry for entry in items if entry[0].chart_type in ("p", "u")]
    for entry in vectorised:
        assert together.get(entry[0].pk) == one_at_a_time(*entry)
    assert sorted(calls) == sorted({entry[0].chart_type for entry in vectorised
                                    if one_at_a_time(*entry) is not None})
