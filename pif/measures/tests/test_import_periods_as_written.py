"""A file with periods as councils and PHS write them imports: "19/20", "Q1 19/20", PHS's
YYYYMMDD dates, the LGBF's "2016-19" spans and school years (ADR 14)."""

from io import StringIO

from django.core.management import call_command

from pif.measures.models import Indicator, Observation
from pif.measures.testing import make_indicator

FILE = """Indicator,Period,Value
FY,19/20,10
FY,20/21,11
Q,Q1 19/20,20
Q,19/20 Q2,21
PHS,20230430,30
PHS,20230531,31
SPAN,2016-19,40
SPAN,2017-20,41
SCHOOL,2021-22,50
"""


def test_a_file_with_periods_as_councils_and_phs_write_them_imports(world, tmp_path):
    for code, frequency in (("FY", "financial_year"), ("Q", "quarterly"), ("PHS", "monthly"),
                            ("SPAN", "multi_financial_year"), ("SCHOOL", "academic_year")):
        make_indicator(world.partnership, owner=world.council, code=code, frequency=frequency)
    path = tmp_path / "periods.csv"
    path.write_text(FILE, encoding="utf-8")
    out = StringIO()
    call_command("import", str(path), "--partnership", "alpha", stdout=out, stderr=StringIO())
    assert "9 new" in out.getvalue()
    stored = dict(Observation.objects.values_list("period", "value"))
    assert stored == {"FY2019": 10, "FY2020": 11, "FQ2019-1": 20, "FQ2019-2": 21,
                      "M2023-04": 30, "M2023-05": 31, "MFY2016-2018": 40, "MFY2017-2019": 41,
                      "AY2021": 50}


def test_an_lgbf_span_creates_an_indicator_of_spans_of_financial_years(world, tmp_path):
    path = tmp_path / "lgbf.csv"
    path.write_text("Code,LGBF Year,Value\nC&L05a,2016-19,0.7\nC&L05a,2017-20,0.72\n",
                    encoding="utf-8")
    call_command("import", str(path), "--partnership", "alpha", "--create-indicators",
                 "--map", "indicator=Code", "--map", "period=LGBF Year",
                 stdout=StringIO(), stderr=StringIO())
    indicator = Indicator.objects.get(code="C&L05a")
    assert indicator.frequency == "multi_financial_year"
    assert [o.period_label for o in indicator.observations.order_by("period_start")] == [
        "2016/17 to 2018/19", "2017/18 to 2019/20"]


def test_phs_month_ending_dates_create_a_monthly_indicator(world, tmp_path):
    """PHS monthly files date each month by its last day, as YYYYMMDD."""
    path = tmp_path / "phs.csv"
    path.write_text("MonthEndingDate,HBT,Value\n20230331,S08000029,1\n20230430,S08000029,2\n"
                    "20230531,S08000029,3\n", encoding="utf-8")
    call_command("import", str(path), "--partnership", "alpha", "--create-indicators",
                 "--indicator", "PHS-M", "--map", "period=MonthEndingDate",
                 "--map", "breakdown=HBT", stdout=StringIO(), stderr=StringIO())
    indicator = Indicator.objects.get(code="PHS-M")
    assert indicator.frequency == "monthly"
    assert sorted(indicator.observations.values_list("period", flat=True)) == [
        "M2023-03", "M2023-04", "M2023-05"]
