"""The measures demo's real open data (OGL v3.0), read from pif/measures/demo_data/.

`_OpenData` is a mixin of `pif.measures.demo.builder._Builder`: it uses the builder's
`indicator`, `target`, `annotate` and `breakdown` helpers and its `real` and `commentary` lists.
"""

import csv
from collections import defaultdict

from pif.lib.periods import Period
from pif.measures.demo.common import (
    CUSTOMER,
    DATA_DIR,
    LDP,
    LGBF,
    NOT_LOCH_ARDEN,
    OGL,
    PROCESSES,
    REAL,
    REAL_DATA,
    Chart,
    Frequency,
    Improvement,
    MeasureKind,
    RbaKind,
    Unit,
)
from pif.measures.demo.periods import _financial_year, _month
from pif.measures.demo.spec_types import TargetSpec
from pif.measures.models import Breakdown, Target
from pif.measures.writing import ObservationInput


class _OpenData:
    # -- real data --

    def _rows(self, name: str) -> list[dict]:
        with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    def phs_ae(self) -> None:
        months: dict[Period, list[int]] = defaultdict(lambda: [0, 0, 0])
        for row in self._rows("phs_ae_activity_nhs_fife.csv"):
            if row["HBT"] != "S08000029" or row["DepartmentType"] != "Emergency Department":
                continue
            totals = months[_month(row["Month"])]
            totals[0] += int(row["NumberOfAttendancesAll"])
            totals[1] += int(row["NumberWithin4HoursAll"])
            # Blank (qualifier "z") in early years; every month in this extract has a figure.
            totals[2] += int(row["NumberOver12HoursEpisode"])
        periods = sorted(months)
        where = ("NHS Fife, emergency departments (type 'Emergency Department'; in these "
                 "months one site, F704H)")
        source = (f"Public Health Scotland, Monthly A&E activity and waiting times (open data, "
                  f"extract of May 2023), {where}. {REAL_DATA} {OGL}")
        quality = (f"{NOT_LOCH_ARDEN} The extract ends in May 2023, so the indicator shows as "
                   "overdue. Minor injury units are excluded.")
        four = self.indicator(
            code="FIFE-AE-4HR",
            title="A&E attendances seen within four hours, NHS Fife (real data)",
            definition="Numerator: attendances at emergency departments that were admitted, "
                       "discharged or transferred within four hours of arrival. Denominator: "
                       "all attendances at emergency departments in the month.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.PERCENTAGE,
            improvement=Improvement.HIGHER, decimals=1, data_source=source,
            quality_note=quality + " Charted as a P′ (Laney) chart because the monthly "
                                   "denominators are in the thousands.",
            measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL, chart_type=Chart.PP,
            published=True, due_days=30, tags=(CUSTOMER, LDP, REAL), lead="contributor",
            baseline_period=periods[0].key)
        self.target(four, TargetSpec(95.0, 5, Target.ToleranceKind.ABSOLUTE,
                                     "LDP standard: 95% within four hours"), periods)
        self.target(four, TargetSpec(98.0, 0, Target.ToleranceKind.ABSOLUTE,
                                     "LDP standard: boards work towards 98%",
                                     level=Target.Level.STRETCH), periods)
        shift = Period.month(2021, 5)
        self.annotate(four, shift, "Sustained fall in four-hour performance from May 2021 "
                                   "(visible in the published data): limits recalculated "
                                   "from here", rebase=True)
        attendances = self.indicator(
            code="FIFE-AE-ATT", title="Emergency department attendances, NHS Fife (real data)",
            definition="Attendances at emergency departments in the month (all attendances, "
                       "new and planned return).",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.COUNT,
            improvement=Improvement.NEITHER, data_source=source, quality_note=quality,
            measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_MUCH, published=True,
            tags=(PROCESSES, REAL), lead="contributor")
        lockdown = "First national COVID-19 lockdown began on 23 March 2020"
        self.annotate(attendances, Period.month(2020, 3), lockdown)
        twelve = self.indicator(
            code="FIFE-AE-12HR",
            title="Emergency department attendances waiting over 12 hours, NHS Fife (real data)",
            definition="Attendances at emergency departments in the month whose episode lasted "
                       "more than 12 hours from arrival to admission, discharge or transfer.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.COUNT,
            improvement=Improvement.LOWER, data_source=source,
            quality_note=quality + " Counted from the episode-level measure "
                                   "NumberOver12HoursEpisode. Charted as a C chart.",
            measure_kind=MeasureKind.BALANCING, rba_kind=RbaKind.HOW_WELL,
            chart_type=Chart.C, tags=(CUSTOMER, REAL), lead="contributor")
        for period in periods:
            seen, within, over12 = months[period]
            self.real.append(ObservationInput(four, period, round(100 * within / seen, 1),
                                              numerator=within, denominator=seen,
                                              status="final"))
            self.real.append(ObservationInput(attendances, period, float(seen), status="final"))
            self.real.append(ObservationInput(twelve, period, float(over12), status="final"))
        self._real_commentary(four, months, periods)

    def _real_commentary(self, indicator, months, periods) -> None:
        last = periods[-1]
        seen, within, _ = months[last]
        below = [p for p in periods if round(100 * months[p][1] / months[p][0], 1) < 90]
        run_start = last
        for period in reversed(periods):
            if period not in below:
                break
            run_start = period
        what = (f"In {last.label}, {within:,} of the {seen:,} attendances at NHS Fife's "
                f"emergency department ({100 * within / seen:.1f}%) were seen within four "
                f"hours, against the 95% standard. The figure has been below 90% in every "
                f"month since {run_start.label}.")
        why = ("This is real data published by Public Health Scotland for NHS Fife, shown to "
               "demonstrate PIF. The demo does not explain NHS Fife's performance: in a real "
               "partnership the board's own commentary would go here.")
        self.commentary.append((indicator, why, "", "contributor", what))

    def phs_delayed_discharge(self) -> None:
        totals: dict[Period, dict[str, int]] = defaultdict(dict)
        for row in self._rows("phs_delayed_discharge_nhs_fife.csv"):
            if row["HBT"] != "S08000029" or row["ReasonForDelay"] != "All Delay Reasons":
                continue
            totals[_month(row["MonthOfDelay"])][row["AgeGroup"]] = int(
                row["NumberOfDelayedBedDays"])
        periods = sorted(totals)
        indicator = self.indicator(
            code="FIFE-DD-BEDDAYS",
            title="Bed days occupied by people whose discharge was delayed, NHS Fife "
                  "(real data)",
            definition="Bed days in the month occupied by people aged 18 and over who were "
                       "clinically ready for discharge, all delay reasons. Breakdowns by age "
                       "group: 18 to 74, and 75 and over.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.COUNT,
            improvement=Improvement.LOWER,
            data_source=(f"Public Health Scotland, Delayed discharges in NHSScotland (open "
                         f"data, bed days by NHS board), NHS Fife (S08000029), people aged 18 "
                         f"and over, all delay reasons. {REAL_DATA} {OGL}"),
            quality_note=(f"{NOT_LOCH_ARDEN} The extract runs from July 2016 to May 2023, so "
                          "the indicator shows as overdue. The total is PHS's own '18plus' and "
                          "'All Delay Reasons' row, not a sum of the breakdowns."),
            measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL, published=True,
            tags=(PROCESSES, REAL), lead="contributor")
        self.annotate(indicator, Period.month(2020, 3),
                      "First national COVID-19 lockdown began on 23 March 2020")
        groups = {"18-74": self.breakdown("Aged 18 to 74", Breakdown.Kind.GROUP),
                  "75plus": self.breakdown("Aged 75 and over", Breakdown.Kind.GROUP)}
        for period in periods:
            self.real.append(ObservationInput(indicator, period,
                                              float(totals[period]["18plus"]), status="final"))
            for age, breakdown in groups.items():
                self.real.append(ObservationInput(indicator, period,
                                                  float(totals[period][age]),
                                                  breakdown=breakdown, status="final"))

    def nhs_england(self) -> None:
        rows = [r for r in self._rows("nhse_ae_attendances_rf4.csv")
                if r["org_code"] == "RF4" and r["type"] == "1"]
        indicator = self.indicator(
            code="NHSE-RF4-4HR",
            title="Type 1 A&E attendances seen within four hours, NHS England provider RF4 "
                  "(real data)",
            definition="Numerator: type 1 (major) A&E attendances at provider RF4 that did not "
                       "breach four hours. Denominator: all type 1 attendances in the month.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.PERCENTAGE,
            improvement=Improvement.HIGHER, decimals=1,
            data_source=("NHS England A&E attendances and emergency admissions, provider "
                         "org code RF4, type 1 departments, April 2016 to March 2019 (as "
                         "published in the NHSRdatasets package, ae_attendances). An English "
                         f"trust, shown only as an example of a monthly A&E series. {REAL_DATA} "
                         f"{OGL}"),
            quality_note=(f"{NOT_LOCH_ARDEN} Four-hour performance is 1 − breaches ÷ "
                          "attendances. The series ends in March 2019, so the indicator shows "
                          "as overdue. Charted as a run chart."),
            measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_WELL, chart_type=Chart.RUN,
            tags=(CUSTOMER, REAL))
        for row in rows:
            year, month, _ = (int(part) for part in row["period"].split("-"))
            seen, breaches = int(row["attendances"]), int(row["breaches"])
            self.real.append(ObservationInput(indicator, Period.month(year, month),
                                              round(100 * (seen - breaches) / seen, 1),
                                              numerator=seen - breaches, denominator=seen,
                                              status="final"))

    LGBF_FAMILY = {"Least Deprived": "1", "2": "2", "3": "3", "Most Deprived": "4"}

    def lgbf(self) -> None:
        rows = self._rows("lgbf_selected_indicators.csv")
        unknown = ("Local Government Benchmarking Framework indicator {code} ({area}). The "
                   "data file gives no title or definition, so none is stated here; see the "
                   "Improvement Service's LGBF indicator list. Values are shown exactly as "
                   "published, as a proportion between 0 and 1.")
        known = {"unit": Unit.PERCENTAGE, "decimals": 1, "scale": 100,
                 "improvement": Improvement.HIGHER, "rba_kind": RbaKind.BETTER_OFF,
                 "published": True, "tags": (CUSTOMER, LGBF, REAL)}
        untitled = {"unit": Unit.RATIO, "decimals": 3, "scale": 1,
                    "improvement": Improvement.NEITHER, "rba_kind": "", "published": False}
        specs = {
            "CHN04": {**known,
                      "title": "Pupils gaining 5 or more awards at SCQF level 5 "
                               "(LGBF CHN04, real data)",
                      "definition": "LGBF indicator CHN04: percentage of pupils gaining 5 or "
                                    "more awards at SCQF level 5."},
            "CHN11": {**known,
                      "title": "Pupils entering positive destinations (LGBF CHN11, real data)",
                      "definition": "LGBF indicator CHN11: percentage of pupils entering "
                                    "positive destinations."},
            "CHN12a": {**known, "unit": Unit.SCORE, "decimals": 0, "scale": 1,
                       "title": "Overall average total tariff (LGBF CHN12a, real data)",
                       "definition": "LGBF indicator CHN12a: overall average total tariff."},
            "SW03a": {**untitled, "tags": (CUSTOMER, LGBF, REAL),
                      "title": "LGBF indicator SW03a (real data)",
                      "definition": unknown.format(code="SW03a", area="SW: adult social care")},
            "ENV03c": {**untitled, "tags": (PROCESSES, LGBF, REAL),
                       "title": "LGBF indicator ENV03c (real data)",
                       "definition": unknown.format(code="ENV03c",
                                                    area="ENV: environmental services")},
        }
        by_code: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            by_code[row["Code"]].append(row)
        breakdowns = {}
        for row in rows:
            name = row["LocalAuthority"]
            if name and name not in breakdowns:
                group = self.LGBF_FAMILY.get(row["FamilyGroup"], "")
                breakdowns[name] = self.breakdown(
                    name, Breakdown.Kind.AREA, f"Family group {group}" if group else "")
        for code, spec in specs.items():
            spec = dict(spec)
            scale = spec.pop("scale")
            years = sorted({_financial_year(r["LGBF Year"]) for r in by_code[code]})
            source = (f"Improvement Service, Local Government Benchmarking Framework data "
                      f"table (real terms), indicator {code}, {years[0].label} to "
                      f"{years[-1].label}. The headline series is the Scotland figure; each "
                      f"of the 32 Scottish councils is a breakdown, with its LGBF family "
                      f"group. {REAL_DATA} {OGL}")
            quality = (f"{NOT_LOCH_ARDEN} The headline is Scotland's figure as published by "
                       "the Improvement Service, not a sum of the council figures. Family "
                       "groups are the LGBF 'people' typology (group 1 least deprived, group "
                       "4 most deprived); Fife is in family group 3. Polarity is not in the "
                       "data file" + ("; higher is taken as better for this "
                                      "measure." if spec["improvement"] != "neither" else
                                      ", so no direction of improvement is set.") +
                       " The extract ends in "
                       f"{years[-1].label}, so the indicator shows as overdue.")
            absent = sorted(set(breakdowns) - {r["LocalAuthority"] for r in by_code[code]})
            if absent:
                quality += (f" The published table has no figures for {', '.join(absent)} "
                            "in these years.")
            indicator = self.indicator(
                code=f"LGBF-{code}", owner="LAC", frequency=Frequency.FINANCIAL_YEAR,
                data_source=source, quality_note=quality, measure_kind=MeasureKind.OUTCOME,
                due_days=365, baseline_period=years[0].key, **spec)
            scotland: dict[Period, float] = {}
            for row in by_code[code]:
                period = _financial_year(row["LGBF Year"])
                scotland.setdefault(period, float(row["Scotland_Indicator_Real"]))
                if row["LA_IndicatorReal"]:
                    self.real.append(ObservationInput(
                        indicator, period, round(float(row["LA_IndicatorReal"]) * scale, 6),
                        breakdown=breakdowns[row["LocalAuthority"]], status="final"))
            for period, value in sorted(scotland.items()):
                self.real.append(ObservationInput(indicator, period, round(value * scale, 6),
                                                  status="final"))
