"""Checking a whole file, and importing it once it is clean.

`check_file` reads, finds the layout and checks every row, touching nothing. `import_checked`
creates any new indicators and breakdowns and writes the observations through
`write_observations`, all in one transaction; with `dry_run` it rolls back, so a preview can
say exactly what an import would do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from pif.lib.numbers import decimal_places
from pif.measures.importing.layout import Layout, LayoutError, find_layout
from pif.measures.importing.mapping import FIELDS, MappingError, normalise_header
from pif.measures.importing.readers import ReadError, read_sheets
from pif.measures.importing.records import raw_records
from pif.measures.importing.validate import (
    CheckContext,
    CheckedRow,
    Problem,
    check_records,
    plan_new_indicators,
)
from pif.measures.models import Breakdown, Indicator
from pif.measures.writing import ObservationInput, WriteResult, write_observations
from pif.partnerships.events import record_event

__all__ = ["Checked", "ImportOptions", "check_file", "import_checked"]


@dataclass
class ImportOptions:
    """How to read a file: the command line's options, or the browser's mapping form."""

    mapping: dict = field(default_factory=dict)  # field -> header
    indicator: str = ""  # every row is this indicator
    create_indicators: bool = False
    frequency: str = ""  # for indicators created
    unit: str = ""  # for indicators created; guessed from the value header if blank
    owner: object = None  # Organisation owning indicators created
    sheet: str = ""


@dataclass
class Checked:
    """What a file holds and what is wrong with it; `ok` when it can be imported."""

    filename: str
    rows: list[CheckedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    layout: Layout | None = None
    indicators: dict = field(default_factory=dict)
    new_indicators: dict = field(default_factory=dict)
    breakdowns: dict = field(default_factory=dict)  # lower-case name -> Breakdown
    new_breakdowns: list[str] = field(default_factory=list)
    owner: object = None

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def indicator_codes(self) -> list[str]:
        return sorted({row.code for row in self.rows})


def _mapping_problems(options: ImportOptions) -> list[Problem]:
    return [Problem(None, None, f"'{name}' is not a field: use one of {', '.join(FIELDS)}")
            for name in options.mapping if name not in FIELDS]


def check_file(content: bytes, filename: str, *, partnership, options: ImportOptions,
               changeable=None, organisation_name: str = "") -> Checked:
    """Read and check the file; `changeable` is the queryset the person may write (None: all)."""
    checked = Checked(filename)
    checked.problems = _mapping_problems(options)
    if checked.problems:
        return checked
    try:
        checked.layout = find_layout(read_sheets(content, filename, options.sheet or None),
                                     options.mapping, bool(options.indicator), filename)
    except (ReadError, LayoutError, MappingError) as error:
        checked.problems.append(Problem(None, None, str(error)))
        return checked
    records = raw_records(checked.layout, options.indicator)
    if not records:
        checked.problems.append(Problem(None, None, f"{filename} has a header row (row "
                                        f"{checked.layout.header_row}) but no data below it"))
        return checked
    checked.indicators = {i.code: i for i in Indicator.objects.filter(
        partnership=partnership).select_related("owner").only(
        "pk", "code", "frequency", "unit", "owner__name", "partnership")}
    if options.indicator and options.indicator not in checked.indicators \
            and not options.create_indicators:
        checked.problems.append(Problem(None, None, f"There is no indicator with the code "
                                        f"'{options.indicator}' in this partnership: check the "
                                        "code, or add the indicator first"))
        return checked
    context = CheckContext(
        indicators=checked.indicators,
        changeable=None if changeable is None else set(changeable.values_list("pk", flat=True)),
        organisation_name=organisation_name, create_indicators=options.create_indicators,
        frequency=options.frequency, unit=options.unit)
    if options.create_indicators:
        checked.owner = options.owner or partnership.organisations.order_by("pk").first()
        value_header = normalise_header(checked.layout.headers[checked.layout.columns["value"]]) \
            if "value" in checked.layout.columns else ""
        checked.problems += plan_new_indicators(records, context, value_header)
        if context.new_indicators and checked.owner is None:
            checked.problems.append(Problem(None, None, f"{partnership.name} has no "
                                            "organisations to own the indicators created"))
    checked.new_indicators = context.new_indicators
    rows, problems = check_records(records, context)
    checked.problems += problems
    checked.rows = rows if not checked.problems else []
    _plan_breakdowns(checked, partnership)
    return checked


def _plan_breakdowns(checked: Checked, partnership) -> None:
    checked.breakdowns = {b.name.lower(): b for b in Breakdown.objects.filter(
        partnership=partnership)}
    new = {}
    for row in checked.rows:
        name = row.breakdown
        if name and name.lower() not in checked.breakdowns:
            new.setdefault(name.lower(), name)
    checked.new_breakdowns = sorted(new.values())


def _decimals_shown(rows: list, codes) -> dict[str, int]:
    """For each new indicator, the decimal places its values are written with (at most 3), so
    0.825 is not shown as 1."""
    values = defaultdict(list)
    for row in rows:
        if row.code in codes:
            values[row.code].append(row.value)
    return {code: decimal_places(values[code]) for code in codes}


def import_checked(checked: Checked, *, partnership, user, approve: bool, via: str = "web",
                   dry_run: bool = False) -> WriteResult:
    """Import a clean file in one transaction; with `dry_run`, roll it all back afterwards."""
    if not checked.ok:
        raise ValueError("Only a file with no problems can be imported")
    actor = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        indicators = dict(checked.indicators)
        decimals = _decimals_shown(checked.rows, checked.new_indicators)
        for new in checked.new_indicators.values():
            indicator = Indicator(partnership=partnership, owner=checked.owner, code=new.code,
                                  title=new.title, frequency=new.frequency, unit=new.unit,
                                  decimals=decimals[new.code])
            indicator._history_user = actor
            indicator.save()
            indicators[new.code] = indicator
            record_event(partnership, "indicator_created",
                         f"{new.code} created by importing {checked.filename}",
                         actor=actor, obj=indicator, via=via)
        breakdowns = dict(checked.breakdowns)
        for name in checked.new_breakdowns:
            breakdown = Breakdown(partnership=partnership, name=name[:150])
            breakdown._history_user = actor
            breakdown.save()
            breakdowns[name.lower()] = breakdown
        inputs = [ObservationInput(
            indicator=indicators[row.code], period=row.period, value=row.value,
            breakdown=breakdowns[row.breakdown.lower()] if row.breakdown else None,
            numerator=row.numerator, denominator=row.denominator,
            missing_code=row.missing_code, status=row.status, note=row.note)
            for row in checked.rows]
        result = write_observations(inputs, user=actor, approve=approve,
                                    partnership=partnership, via=via, source=checked.filename)
        if dry_run:
            transaction.set_rollback(True)
    return result
