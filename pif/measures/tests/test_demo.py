"""The measures demo step: about 40 indicators, real open data labelled as such, and the rest
illustrative, with targets, commentary, annotations, approvals and overdue figures."""

import csv
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from pif.measures import demo as measures_demo
from pif.measures.collection import is_overdue
from pif.measures.models import (
    Annotation,
    Breakdown,
    Commentary,
    Indicator,
    IndicatorStatus,
    Observation,
    Target,
)
from pif.partnerships import demo

TODAY = date(2026, 11, 27)
DATA_DIR = Path(measures_demo.__file__).resolve().parent.parent / "demo_data"
PUBLISHERS = ("Public Health Scotland", "Improvement Service", "NHS England")
REAL_AREAS = ("NHS Fife", "32 Scottish councils", "RF4")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end."""
    # Other apps' registered steps (and this one, once registered) are left out, so the step
    # runs exactly once, with a fixed date.
    with django_db_blocker.unblock(), transaction.atomic():
        with mock.patch.object(demo, "_steps", []):
            partnership = demo.load(reset=True)
        users = {u.role: get_user_model().objects.get(email=u.email) for u in demo.DEMO_USERS}
        indicators = measures_demo.load_measures_demo(partnership, users, today=TODAY)
        yield partnership, users, indicators
        transaction.set_rollback(True)


@pytest.fixture
def partnership(loaded, db):
    return loaded[0]


def _indicators(partnership):
    return list(Indicator.objects.filter(partnership=partnership).order_by("code"))


def _is_real(indicator) -> bool:
    return measures_demo.REAL_DATA in indicator.data_source


def test_it_creates_about_forty_indicators_each_with_three_to_eight_years(partnership):
    indicators = _indicators(partnership)
    assert 38 <= len(indicators) <= 45
    spans = {}
    for indicator in indicators:
        totals = indicator.observations.filter(breakdown__isnull=True)
        first, last = totals.order_by("period_start").first(), totals.order_by("period_end").last()
        spans[indicator.code] = ((last.period_end - first.period_start).days + 1) / 365.25
    assert min(spans.values()) >= 2.99, spans
    assert max(spans.values()) <= 8.01, spans


def test_the_step_returns_the_indicators_it_made(loaded, db):
    partnership, _, indicators = loaded
    assert {i.pk for i in indicators} == {i.pk for i in _indicators(partnership)}


def test_real_data_indicators_name_the_publisher_the_area_and_the_licence(partnership):
    real = [i for i in _indicators(partnership) if _is_real(i)]
    assert len(real) >= 10
    for indicator in real:
        assert any(p in indicator.data_source for p in PUBLISHERS), indicator.code
        assert any(a in indicator.data_source for a in REAL_AREAS), indicator.code
        assert measures_demo.OGL in indicator.data_source
        assert "not for Loch Arden" in indicator.quality_note
        assert "real data" in indicator.title
        assert indicator.tags.filter(name=measures_demo.REAL).exists()
    codes = {i.code for i in real}
    assert {"FIFE-AE-4HR", "FIFE-DD-BEDDAYS", "LGBF-CHN11", "NHSE-RF4-4HR"} <= codes


def test_illustrative_indicators_say_they_are_invented(partnership):
    illustrative = [i for i in _indicators(partnership) if not _is_real(i)]
    assert len(illustrative) >= 25
    for indicator in illustrative:
        assert indicator.data_source == "Illustrative figures invented for the demo."
        assert "Illustrative figures invented" in indicator.quality_note
        assert not indicator.tags.filter(name=measures_demo.REAL).exists()


def test_real_figures_match_the_published_files(partnership):
    four_hours = Indicator.objects.get(partnership=partnership, code="FIFE-AE-4HR")
    may_2023 = four_hours.observations.get(period="M2023-05", breakdown=None)
    # All of NHS Fife's A&E sites: the emergency department and three minor injury units.
    assert (may_2023.numerator, may_2023.denominator, may_2023.value) == (5848, 7850, 74.5)
    by_type = {o.breakdown.name: (o.numerator, o.denominator, o.value)
               for o in four_hours.observations.filter(
                   period="M2023-05", breakdown__isnull=False).select_related("breakdown")}
    assert by_type == {"Emergency department": (3922, 5922, 66.2),
                       "Minor injury units and other": (1926, 1928, 99.9)}
    attendances = Indicator.objects.get(partnership=partnership, code="FIFE-AE-ATT")
    assert attendances.observations.get(period="M2023-05", breakdown=None).value == 7850
    delays = Indicator.objects.get(partnership=partnership, code="FIFE-DD-BEDDAYS")
    assert delays.observations.get(period="M2016-07", breakdown=None).value == 3476
    by_age = {o.breakdown.name: o.value for o in delays.observations.filter(
        period="M2016-07", breakdown__isnull=False).select_related("breakdown")}
    assert set(by_age) == {"Aged 18 to 74", "Aged 75 and over"}
    england = Indicator.objects.get(partnership=partnership, code="NHSE-RF4-4HR")
    assert england.observations.count() == 36


def test_lgbf_indicators_compare_all_32_councils_in_family_groups(partnership):
    lgbf = [i for i in _indicators(partnership) if i.code.startswith("LGBF-")]
    assert len(lgbf) == 5
    for indicator in lgbf:
        councils = set(indicator.observations.filter(breakdown__kind=Breakdown.Kind.AREA)
                       .values_list("breakdown__name", flat=True))
        if indicator.code == "LGBF-ENV03c":  # the published table has no Moray figures
            assert len(councils) == 31 and "Moray" not in councils
            assert "no figures for Moray" in indicator.quality_note
        else:
            assert len(councils) == 32, indicator.code
        assert "The headline series is Fife's figure" in indicator.data_source
        assert "Scotland's figure is the breakdown" in indicator.data_source
    areas = Breakdown.objects.filter(partnership=partnership, kind=Breakdown.Kind.AREA)
    groups = Counter(areas.values_list("family_group", flat=True))
    assert groups == {f"Family group {n}": 8 for n in (1, 2, 3, 4)}
    assert areas.get(name="Fife").family_group == "Family group 3"
    assert areas.get(name="Glasgow City").family_group == "Family group 4"
    destinations = Indicator.objects.get(partnership=partnership, code="LGBF-CHN11")
    fife = destinations.observations.get(period="AY2021", breakdown__name="Fife")
    assert fife.value == pytest.approx(94.8385519)


def test_lgbf_school_leaver_measures_are_by_school_year(partnership):
    """CHN04, CHN11 and CHN12a count school leavers, so their "2021-22" is the school year
    (August to July), not a financial year (ADR 14)."""
    frequencies = dict(Indicator.objects.filter(partnership=partnership, code__startswith="LGBF-")
                       .values_list("code", "frequency"))
    assert frequencies == {"LGBF-CHN04": "academic_year", "LGBF-CHN11": "academic_year",
                           "LGBF-CHN12a": "academic_year", "LGBF-SW03a": "financial_year",
                           "LGBF-ENV03c": "financial_year"}
    tariff = Indicator.objects.get(partnership=partnership, code="LGBF-CHN12a")
    assert set(tariff.observations.values_list("period", flat=True)) == {
        f"AY{year}" for year in range(2014, 2022)}
    assert "school years 2014/15 to 2021/22" in tariff.data_source


def test_the_lgbf_headline_is_the_councils_figure_and_scotland_a_breakdown(partnership):
    """The scorecard reads the headline series: the council's own figure (Fife stands in for
    Loch Arden's council), with Scotland's beside it as a breakdown, never ranked as an area."""
    destinations = Indicator.objects.get(partnership=partnership, code="LGBF-CHN11")
    headline = destinations.observations.get(period="AY2021", breakdown=None)
    assert headline.value == pytest.approx(94.8385519)
    scotland = destinations.observations.get(period="AY2021", breakdown__name="Scotland")
    assert scotland.value == pytest.approx(95.7311223)
    assert scotland.breakdown.kind == Breakdown.Kind.GROUP
    status = IndicatorStatus.objects.get(indicator=destinations)
    assert status.latest_value == pytest.approx(94.8385519)


LGBF_TITLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "lgbf" / (
    "Indicator Information.csv")


def test_lgbf_indicators_carry_their_published_titles(partnership):
    with LGBF_TITLES.open(newline="", encoding="utf-8-sig") as handle:
        published = {row["Code"]: row["Title"] for row in csv.DictReader(handle)}
    lgbf = Indicator.objects.filter(partnership=partnership, code__startswith="LGBF-")
    assert lgbf.count() == 5
    for indicator in lgbf:
        code = indicator.code.removeprefix("LGBF-")
        assert indicator.title == f"{published[code]}, Fife (LGBF {code}, real data)"
        assert published[code] in indicator.definition
    untaken = Indicator.objects.filter(code__in=["LGBF-SW03a", "LGBF-ENV03c"])
    assert {i.improvement for i in untaken} == {Indicator.Improvement.NEITHER}
    assert {i.unit for i in untaken} == {Indicator.Unit.PERCENTAGE}


def test_every_indicator_has_a_status_row_with_data(partnership):
    indicators = _indicators(partnership)
    statuses = IndicatorStatus.objects.filter(indicator__in=indicators)
    assert statuses.count() == len(indicators)
    assert all(s.points >= 3 and s.latest_period for s in statuses)


def test_the_mix_of_owners_frequencies_units_and_charts(partnership):
    indicators = _indicators(partnership)
    assert {i.owner.short_code for i in indicators} == {
        "LAC", "NHSLA", "PSLA", "SFRS", "LATSI", "ACCF"}
    assert {"monthly", "quarterly", "financial_year"} <= {i.frequency for i in indicators}
    assert len({i.unit for i in indicators}) >= 6
    assert {"higher", "lower", "neither"} == {i.improvement for i in indicators}
    charts = Counter(i.chart_type for i in indicators)
    assert charts["xmr"] > len(indicators) / 2
    assert charts["p"] >= 2 and charts["run"] >= 1 and charts["c"] >= 1
    assert len({i.measure_kind for i in indicators}) == 3
    assert len({i.rba_kind for i in indicators} - {""}) == 3
    assert 22 <= sum(i.published for i in indicators) <= 28
    perspectives = {t.name for i in indicators for t in i.tags.all() if t.group == "Perspective"}
    assert perspectives == {"Customer", "Internal processes", "Learning and growth", "Financial"}
    assert any(t.group == "National indicator" for i in indicators for t in i.tags.all())


def test_p_charts_have_numerators_and_denominators(partnership):
    for indicator in Indicator.objects.filter(partnership=partnership, chart_type__in=["p", "pp"]):
        values = indicator.observations.exclude(value=None)
        assert values.exists()
        assert not values.filter(denominator=None).exists(), indicator.code


def test_targets_single_values_trajectories_and_none(partnership):
    indicators = _indicators(partnership)
    targets = Target.objects.filter(indicator__in=indicators)
    with_target = {t.indicator_id for t in targets}
    assert len(with_target) >= 20
    assert len(indicators) - len(with_target) >= 8
    trajectories = [t for t in targets if t.value is None]
    assert len(trajectories) >= 2 and all(t.points.count() >= 4 for t in trajectories)
    assert targets.filter(tolerance__gt=0, tolerance_kind="relative").exists()
    assert targets.filter(tolerance__gt=0, tolerance_kind="absolute").exists()
    assert targets.exclude(valid_from="").filter(valid_from_start__isnull=False).exists()
    assert targets.exclude(valid_to="").filter(valid_to_end__isnull=False).exists()
    assert targets.filter(level=Target.Level.STRETCH).exists()


def test_commentary_for_the_latest_period_of_about_a_third(partnership):
    indicators = _indicators(partnership)
    commentaries = Commentary.objects.filter(indicator__in=indicators).select_related(
        "indicator__status")
    assert 10 <= commentaries.count() <= 18
    for commentary in commentaries:
        assert commentary.period == commentary.indicator.status.latest_period
        assert commentary.what_it_shows and commentary.why and commentary.author_id


def test_annotations_include_rebases_where_the_process_changed(partnership):
    annotations = Annotation.objects.filter(indicator__partnership=partnership)
    assert annotations.count() >= 6
    rebased = set(annotations.filter(is_rebase=True).values_list("indicator__code", flat=True))
    assert {"LAC-REPAIRS", "SFRS-UFAS", "FIFE-AE-4HR"} <= rebased


def test_some_recent_values_await_approval_from_the_contributor(loaded, db):
    partnership, users, _ = loaded
    waiting = Observation.objects.filter(indicator__partnership=partnership, approved_at=None)
    assert 3 <= waiting.count() <= 10
    assert set(waiting.values_list("entered_by", flat=True)) == {users["contributor"].pk}
    assert set(waiting.values_list("indicator__owner__short_code", flat=True)) == {"NHSLA"}
    assert IndicatorStatus.objects.filter(indicator__partnership=partnership,
                                          awaiting_approval__gt=0).count() >= 3


def test_missing_values_carry_a_missing_code(partnership):
    missing = Observation.objects.filter(indicator__partnership=partnership, value=None)
    assert missing.count() >= 3
    assert all(o.missing_code and o.note for o in missing)


def test_illustrative_series_are_current_except_the_overdue_ones(partnership):
    overdue = {i.code for i in _indicators(partnership) if not _is_real(i)
               and is_overdue(i, i.status.latest_period, TODAY)}
    assert overdue == {"NHSLA-ABI", "LATSI-VOLHRS"}


@pytest.mark.parametrize("today", [date(2026, 1, 1), date(2026, 4, 15), date(2027, 7, 31)])
def test_latest_period_is_due_but_the_next_one_is_not_yet(today):
    due_days = {"monthly": 30, "quarterly": 45, "financial_year": 180}
    for frequency, days in due_days.items():
        latest = measures_demo.latest_period(frequency, today)
        assert latest.end < today
        indicator = Indicator(frequency=frequency, due_days=days)
        assert not is_overdue(indicator, latest.key, today)


def test_illustrative_series_are_deterministic():
    def generate():
        import random

        rng = random.Random(measures_demo.SEED)
        out = []
        for spec in measures_demo._illustrative_specs():
            periods = measures_demo._periods_ending(
                measures_demo.latest_period(spec.frequency, TODAY), spec.periods)
            out.append(measures_demo._generate(spec, rng, periods).values)
        return out

    assert generate() == generate()


def test_stored_illustrative_values_come_from_the_seeded_generator(partnership):
    import random

    rng = random.Random(measures_demo.SEED)
    expected = {}
    for spec in measures_demo._illustrative_specs():
        periods = measures_demo._periods_ending(
            measures_demo.latest_period(spec.frequency, TODAY), spec.periods)
        data = measures_demo._generate(spec, rng, periods)
        expected[spec.code] = dict(zip([p.key for p in periods], data.values, strict=True))
    stored = defaultdict(dict)
    for code, period, value in Observation.objects.filter(
            indicator__partnership=partnership, breakdown=None, value__isnull=False,
            indicator__code__in=expected).values_list("indicator__code", "period", "value"):
        stored[code][period] = value
    for code, values in stored.items():
        assert all(expected[code][period] == value for period, value in values.items()), code


def test_shipped_data_files_are_small_open_licensed_and_documented():
    files = sorted(p for p in DATA_DIR.iterdir() if p.is_file())
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "Contains public sector information licensed under the Open Government Licence " \
           "v3.0." in sources
    for path in files:
        assert path.stat().st_size <= 300 * 1024, path.name
        assert path.suffix in (".csv", ".md"), path.name
        if path.suffix == ".csv":
            assert f"`{path.name}`" in sources, path.name
    assert sum(p.stat().st_size for p in files) <= 400 * 1024
    for original in ("monthly_ae_activity_202305.csv",
                     "delayed-discharge-beddays-health-board.csv",
                     "LGBF_Data_Table_Real.csv", "ae_attendances.csv"):
        assert original in sources
    names = " ".join(p.name for p in files).lower()
    assert "cpp" not in names and "bnch" not in names and ".xlsx" not in names


def test_the_step_reads_only_its_own_package():
    modules = sorted(Path(measures_demo.__file__).parent.glob("*.py"))
    assert len(modules) > 5
    for module in modules:
        source = module.read_text(encoding="utf-8")
        assert "/work/" not in source and "shared" not in source, module.name


def test_the_four_hour_ldp_standard_is_measured_over_all_a_and_e_sites(partnership):
    standard = [i for i in _indicators(partnership)
                if i.tags.filter(name=measures_demo.LDP).exists() and "A&E" in i.title]
    assert [i.code for i in standard] == ["FIFE-AE-4HR"]
    four_hours = standard[0]
    assert "all A&E sites" in four_hours.title
    assert "minor injury units" in four_hours.definition
    assert "Minor injury units are excluded" not in four_hours.quality_note
    commentary = Commentary.objects.get(indicator=four_hours)
    assert "all of NHS Fife's A&E sites" in commentary.what_it_shows
    assert "74.5%" in commentary.what_it_shows


def test_a_and_e_counts_are_new_and_unplanned_return_attendances(partnership):
    ae = Indicator.objects.filter(partnership=partnership, code__startswith="FIFE-AE-")
    assert ae.count() == 3
    for indicator in ae:
        text = " ".join([indicator.title, indicator.definition, indicator.quality_note,
                         indicator.data_source])
        assert "planned return" not in text.replace("unplanned return", ""), indicator.code
        definition = indicator.definition.lower()
        assert "new and unplanned return attendances" in definition, indicator.code
    twelve = ae.get(code="FIFE-AE-12HR")
    assert "emergency department" in twelve.title and "LDP" not in twelve.quality_note


def _sources_table() -> dict[str, tuple[int, int, str]]:
    """The file table at the top of SOURCES.md: name -> (bytes, rows, sha256)."""
    rows = {}
    for line in (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0].endswith(".csv"):
            rows[cells[0]] = (int(cells[1].replace(",", "")), int(cells[2].replace(",", "")),
                              cells[3])
    return rows


def test_sources_md_gives_each_files_current_size_rows_and_checksum():
    import hashlib

    table = _sources_table()
    files = sorted(p.name for p in DATA_DIR.glob("*.csv"))
    assert sorted(table) == files
    for name in files:
        data = (DATA_DIR / name).read_bytes()
        rows = data.count(b"\n") - 1  # after the header; every file ends with a newline
        assert table[name] == (len(data), rows, hashlib.sha256(data).hexdigest()), name


def test_sources_md_names_the_current_demo_modules_and_every_licence_line_attributes():
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "pif/measures/demo.py" not in sources and "`demo.py`" not in sources
    assert "pif/measures/demo/" in sources
    licences = [item for item in _bullets(sources) if item.startswith("**Licence:**")]
    assert len(licences) == 4
    for licence in licences:
        assert measures_demo.OGL in licence, licence


def _bullets(markdown: str) -> list[str]:
    """Each "- " list item, its wrapped lines joined."""
    items: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("- "):
            items.append(line[2:])
        elif line.startswith("  ") and items:
            items[-1] += " " + line.strip()
    return items
