"""The periods PIF gives the LGBF's "LGBF Year" column match the LGBF's own indicator metadata.

`tests/data/lgbf/Indicator Information.csv` is the Improvement Service's indicator list from
the same commit of SC-TPP/LGBF as the data table (see tests/data/SOURCES.md). Its column
ReportingPeriod says how many years each figure covers: "Annual" and "2 Yearly" (a one-year
figure every other year) are single years, "3 Year Aggregates" three, and so on. The LGBF
writes a single year as "2016-17" and a three-year aggregate as "2016-19": April of the first
year to March of the last, so the span is three financial years (ADR 14).
"""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from pif.lib.periods import parse_period
from pif.measures.importing.validate import guess_frequency

LGBF = Path(__file__).resolve().parents[3] / "tests" / "data" / "lgbf"
YEARS_COVERED = {"Annual": 1, "2 Yearly": 1, "2 Year Aggregates (annual)": 2,
                 "3 Year Aggregates": 3, "4 Year Aggregates": 4}
# The first figure of the seven three-year satisfaction indicators is written "2010-14", four
# years as written; the Improvement Service publishes no 2011-14, and we keep what it wrote.
FIRST_FIGURE_OF_FOUR_YEARS = "2010-14"


def _reporting_periods() -> dict[str, str]:
    with (LGBF / "Indicator Information.csv").open(newline="", encoding="utf-8-sig") as handle:
        return {row["Code"]: row["ReportingPeriod"] for row in csv.DictReader(handle)}


def _lgbf_years() -> dict[str, set[str]]:
    years = defaultdict(set)
    with (LGBF / "LGBF_Data_Table_Real.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Code"]:
                years[row["Code"]].add(row["LGBF Year"])
    return years


def _years_covered(period) -> int:
    return period.end.year - period.start.year + (1 if period.start.month == 1 else 0)


def test_every_lgbf_figure_covers_the_years_its_metadata_says():
    """Read as the import reads a new indicator: its frequency guessed from its periods."""
    reporting = _reporting_periods()
    wrong = []
    for code, written in sorted(_lgbf_years().items()):
        frequency = guess_frequency(written)
        expected = YEARS_COVERED[reporting[code]]
        for text in sorted(written):
            period = parse_period(text, frequency=frequency)
            years = 4 if text == FIRST_FIGURE_OF_FOUR_YEARS and expected == 3 else expected
            if _years_covered(period) != years or period.start.month != 4:
                wrong.append(f"{code} {text}: {period.label}, metadata {reporting[code]}")
    assert wrong == []


@pytest.mark.parametrize(("code", "written", "label"), [
    ("C&L05a", "2016-19", "2016/17 to 2018/19"),  # 3 Year Aggregates
    ("ENV04b", "2016-18", "2016/17 to 2017/18"),  # 2 Year Aggregates (annual)
    ("ENV04e", "2016-20", "2016/17 to 2019/20"),  # 4 Year Aggregates
    ("CHN01", "2016-17", "2016/17"),  # Annual
])
def test_an_lgbf_year_reads_as_the_financial_years_it_covers(code, written, label):
    frequency = guess_frequency(_lgbf_years()[code])
    assert parse_period(written, frequency=frequency).label == label


def test_the_metadata_names_every_indicator_in_the_data():
    assert set(_lgbf_years()) <= set(_reporting_periods())
    assert set(_reporting_periods().values()) <= set(YEARS_COVERED)
