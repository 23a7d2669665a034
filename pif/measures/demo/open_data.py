"""The measures demo's real open data (OGL v3.0), read from pif/measures/demo_data/.

`_OpenData` is a mixin of `pif.measures.demo.builder._Builder`: it uses the builder's
`indicator`, `target`, `annotate` and `breakdown` helpers and its `real` and `commentary` lists.
"""

import csv
from collections import defaultdict

from pif.lib.periods import Period, financial_year_label, parse_period
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
from pif.measures.demo.periods import _month
from pif.measures.demo.spec_types import TargetSpec
from pif.measures.models import Breakdown, Target
from pif.measures.writing import ObservationInput


class _OpenData:
    # -- real data --

    def _rows(self, name: str) -> list[dict]:
        with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    # PHS's department types, as the breakdowns name them.
    AE_DEPARTMENTS = {"Emergency Department": "Emergency department",
                      "Minor Injury Unit or Other": "Minor injury units and other"}

    def phs_ae(self) -> None:
        # (month, department) -> [attendances, within four hours]; PHS counts new and
        # unplanned return attendances.
        counts: dict[tuple[Period, str], list[int]] = defaultdict(lambda: [0, 0])
        over12: dict[Period, int] = defaultdict(int)
        for row in self._rows("phs_ae_activity_nhs_fife.csv"):
            if row["HBT"] != "S08000029":
                continue
            month, department = _month(row["Month"]), self.AE_DEPARTMENTS[row["DepartmentType"]]
            counts[month, department][0] += int(row["NumberOfAttendancesAll"])
            counts[month, department][1] += int(row["NumberWithin4HoursAll"])
            if row["DepartmentType"] == "Emergency Department":
                # Blank (qualifier "z") in early years; every month in this extract has one.
                over12[month] += int(row["NumberOver12HoursEpisode"])
        periods = sorted({month for month, _ in counts})
        # All sites together: the four-hour LDP standard is measured over every A&E site.
        sites = {p: [sum(counts[p, d][i] for d in self.AE_DEPARTMENTS.values()) for i in (0, 1)]
                 for p in periods}
        publisher = ("Public Health Scotland, Monthly A&E activity and waiting times (open data, "
                     "extract of May 2023)")
        all_sites = (f"{publisher}, NHS Fife (S08000029), all A&E sites: the emergency "
                     f"department (F704H in these months) and the minor injury units (F708H, "
                     f"F709H and F805H). {REAL_DATA} {OGL}")
        quality = (f"{NOT_LOCH_ARDEN} The extract ends in May 2023, so the indicator shows as "
                   "overdue.")
        four = self.indicator(
            code="FIFE-AE-4HR",
            title="A&E attendances seen within four hours, all A&E sites, NHS Fife (real data)",
            definition="Numerator: new and unplanned return attendances at all of NHS Fife's "
                       "A&E sites (the emergency department and the minor injury units) that "
                       "were admitted, discharged or transferred within four hours of arrival. "
                       "Denominator: all new and unplanned return attendances at those sites "
                       "in the month. The four-hour LDP standard is measured this way, over "
                       "all sites. Breakdowns by department type: emergency department, and "
                       "minor injury units and other.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.PERCENTAGE,
            improvement=Improvement.HIGHER, decimals=1, data_source=all_sites,
            quality_note=quality + " The headline adds up PHS's figures for every site; the "
                                   "emergency department alone is a breakdown. Charted as a "
                                   "P′ (Laney) chart because the monthly denominators are in "
                                   "the thousands.",
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
            code="FIFE-AE-ATT", title="A&E attendances, all A&E sites, NHS Fife (real data)",
            definition="New and unplanned return attendances at all of NHS Fife's A&E sites "
                       "(the emergency department and the minor injury units) in the month. "
                       "Breakdowns by department type: emergency department, and minor injury "
                       "units and other.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.COUNT,
            improvement=Improvement.NEITHER, data_source=all_sites, quality_note=quality,
            measure_kind=MeasureKind.PROCESS, rba_kind=RbaKind.HOW_MUCH, published=True,
            tags=(PROCESSES, REAL), lead="contributor")
        lockdown = "First national COVID-19 lockdown began on 23 March 2020"
        self.annotate(attendances, Period.month(2020, 3), lockdown)
        twelve = self.indicator(
            code="FIFE-AE-12HR",
            title="Attendances waiting over 12 hours at the emergency department, NHS Fife "
                  "(real data)",
            definition="New and unplanned return attendances at NHS Fife's emergency "
                       "department in the month whose episode lasted more than 12 hours from "
                       "arrival to admission, discharge or transfer. Minor injury units are "
                       "not included.",
            owner="NHSLA", frequency=Frequency.MONTHLY, unit=Unit.COUNT,
            improvement=Improvement.LOWER,
            data_source=(f"{publisher}, NHS Fife (S08000029), the emergency department only "
                         f"(F704H in these months). {REAL_DATA} {OGL}"),
            quality_note=quality + " Counted from the episode-level measure "
                                   "NumberOver12HoursEpisode. Charted as a C chart.",
            measure_kind=MeasureKind.BALANCING, rba_kind=RbaKind.HOW_WELL,
            chart_type=Chart.C, tags=(CUSTOMER, REAL), lead="contributor")
        departments = {name: self.breakdown(name, Breakdown.Kind.GROUP)
                       for name in self.AE_DEPARTMENTS.values()}
        for period in periods:
            seen, within = sites[period]
            self.real.append(ObservationInput(four, period, round(100 * within / seen, 1),
                                              numerator=within, denominator=seen,
                                              status="final"))
            self.real.append(ObservationInput(attendances, period, float(seen), status="final"))
            self.real.append(ObservationInput(twelve, period, float(over12[period]),
                                              status="final"))
            for name, breakdown in departments.items():
                seen, within = counts[period, name]
                if seen:
                    self.real.append(ObservationInput(
                        four, period, round(100 * within / seen, 1), numerator=within,
                        denominator=seen, breakdown=breakdown, status="final"))
                    self.real.append(ObservationInput(attendances, period, float(seen),
                                                      breakdown=breakdown, status="final"))
        emergency = {p: counts[p, self.AE_DEPARTMENTS["Emergency Department"]] for p in periods}
        self._real_commentary(four, sites, emergency, periods)

    def _real_commentary(self, indicator, sites, emergency, periods) -> None:
        def percent(counts) -> float:
            return 100 * counts[1] / counts[0]

        last = periods[-1]
        seen, within = sites[last]
        run_start = last
        for period in reversed(periods):
            if round(percent(sites[period]), 1) >= 90:
                break
            run_start = period
        what = (f"In {last.label}, {within:,} of the {seen:,} attendances at all of NHS Fife's "
                f"A&E sites ({percent(sites[last]):.1f}%) were seen within four hours, "
                f"against the 95% standard; at the emergency department alone the figure was "
                f"{percent(emergency[last]):.1f}%. The all-sites figure has been below 90% in "
                f"every month since {run_start.label}.")
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
    # The council whose published figures stand in for Loch Arden's own: the headline of each
    # LGBF indicator, as the scorecard should show a partnership's own council.
    LGBF_COUNCIL = "Fife"

    def lgbf(self) -> None:
        rows = self._rows("lgbf_selected_indicators.csv")
        # Titles as the LGBF publishes them (its indicator list, tests/data/lgbf/Indicator
        # Information.csv), then the council and the code.
        title = "{published}, " + self.LGBF_COUNCIL + " (LGBF {code}, real data)"
        # CHN04, CHN11 and CHN12a count school leavers, by school year (August to July):
        # the LGBF writes the school year 2021/22 as "2021-22", as it does financial years.
        known = {"unit": Unit.PERCENTAGE, "decimals": 1, "scale": 100,
                 "improvement": Improvement.HIGHER, "rba_kind": RbaKind.BETTER_OFF,
                 "published": True, "tags": (CUSTOMER, LGBF, REAL),
                 "frequency": Frequency.ACADEMIC_YEAR}
        # No direction of improvement is taken for these two: the demo's data file has none.
        undirected = {"unit": Unit.PERCENTAGE, "decimals": 1, "scale": 100,
                      "improvement": Improvement.NEITHER, "rba_kind": "", "published": False,
                      "frequency": Frequency.FINANCIAL_YEAR}
        specs = {
            "CHN04": {**known,
                      "title": title.format(published="% of Pupils Gaining 5+ Awards at "
                                                      "Level 5", code="CHN04"),
                      "definition": "LGBF indicator CHN04, published as \"% of Pupils Gaining "
                                    "5+ Awards at Level 5\": the percentage of pupils gaining "
                                    "5 or more awards at SCQF level 5."},
            "CHN11": {**known,
                      "title": title.format(published="% of Pupils Entering Positive "
                                                      "Destinations", code="CHN11"),
                      "definition": "LGBF indicator CHN11, published as \"% of Pupils "
                                    "Entering Positive Destinations\": the percentage of "
                                    "pupils entering positive destinations."},
            "CHN12a": {**known, "unit": Unit.SCORE, "decimals": 0, "scale": 1,
                       "title": title.format(published="Overall Average Total Tariff",
                                             code="CHN12a"),
                       "definition": "LGBF indicator CHN12a, published as \"Overall Average "
                                     "Total Tariff\": the overall average total tariff."},
            "SW03a": {**undirected, "tags": (CUSTOMER, LGBF, REAL),
                      "title": title.format(published="% of People 65+ with Long-Term Care "
                                                      "Needs who are Receiving Personal Care "
                                                      "at Home", code="SW03a"),
                      "definition": "LGBF indicator SW03a, published as \"% of People 65+ "
                                    "with Long-Term Care Needs who are Receiving Personal "
                                    "Care at Home\" (adult social care)."},
            "ENV03c": {**undirected, "tags": (PROCESSES, LGBF, REAL),
                       "title": title.format(published="Street Cleanliness Score (% "
                                                       "Acceptable)", code="ENV03c"),
                       "definition": "LGBF indicator ENV03c, published as \"Street "
                                     "Cleanliness Score (% Acceptable)\" (environmental "
                                     "services)."},
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
        # A group, not an area: Scotland is the councils together, never ranked among them.
        scotland_breakdown = self.breakdown("Scotland", Breakdown.Kind.GROUP)
        for code, spec in specs.items():
            spec = dict(spec)
            scale = spec.pop("scale")
            frequency = spec["frequency"]
            years = sorted({parse_period(r["LGBF Year"], frequency=frequency)
                            for r in by_code[code]})
            school = "school years " if frequency == Frequency.ACADEMIC_YEAR else ""
            first, last = (financial_year_label(year.start, start_month=year.start.month)
                           for year in (years[0], years[-1]))
            source = (f"Improvement Service, Local Government Benchmarking Framework data "
                      f"table (real terms), indicator {code}, {school}{first} to "
                      f"{last}. The headline series is {self.LGBF_COUNCIL}'s figure, standing "
                      f"in for Loch Arden's council; Scotland's figure is the breakdown "
                      f"\"Scotland\", and each of the 32 Scottish councils is a breakdown, "
                      f"with its LGBF family group. {REAL_DATA} {OGL}")
            quality = (f"{NOT_LOCH_ARDEN} The headline is {self.LGBF_COUNCIL} Council's "
                       "figure and the Scotland breakdown is Scotland's figure, both as "
                       "published by the Improvement Service; Scotland's is not a sum of the "
                       "council figures. Family "
                       "groups are the LGBF 'people' typology (group 1 least deprived, group "
                       "4 most deprived); Fife is in family group 3. Polarity is not in the "
                       "data file" + ("; higher is taken as better for this "
                                      "measure." if spec["improvement"] != "neither" else
                                      ", so no direction of improvement is set.") +
                       f" The extract ends in {'the school year ' if school else ''}"
                       f"{last}, so the indicator shows as overdue.")
            absent = sorted(set(breakdowns) - {r["LocalAuthority"] for r in by_code[code]})
            if absent:
                quality += (f" The published table has no figures for {', '.join(absent)} "
                            "in these years.")
            indicator = self.indicator(
                code=f"LGBF-{code}", owner="LAC",
                data_source=source, quality_note=quality, measure_kind=MeasureKind.OUTCOME,
                due_days=365, baseline_period=years[0].key, **spec)
            scotland: dict[Period, float] = {}
            for row in by_code[code]:
                period = parse_period(row["LGBF Year"], frequency=frequency)
                scotland.setdefault(period, float(row["Scotland_Indicator_Real"]))
                if row["LA_IndicatorReal"]:
                    value = round(float(row["LA_IndicatorReal"]) * scale, 6)
                    self.real.append(ObservationInput(
                        indicator, period, value,
                        breakdown=breakdowns[row["LocalAuthority"]], status="final"))
                    if row["LocalAuthority"] == self.LGBF_COUNCIL:
                        self.real.append(ObservationInput(indicator, period, value,
                                                          status="final"))
            for period, value in sorted(scotland.items()):
                self.real.append(ObservationInput(indicator, period, round(value * scale, 6),
                                                  breakdown=scotland_breakdown, status="final"))
