"""Rows of observations sent as JSON (by the API), checked and written by the importer's own
rules: the same checks as `pif import` and the upload pages, all or nothing.

| name | what it does |
|---|---|
| `SentRow` | one row as sent: indicator code, period as written, breakdown, value ... |
| `upsert_rows(actor, access, rows, dry_run=, create_indicators=)` | check; write all or none |
| `MAX_ROWS` | the most rows one request may send |

Each row is read as a file's row would be (`RawRecord`), so its problems are the importer's,
with the row's number (1-based, in the order sent) and the field it is about. The rows are
written by `import_checked`, in one transaction, only when not one row is refused; with
`dry_run` it is rolled back. Who may change which indicator, and whether values are approved
at once, is decided as for an upload: contributors only their organisation's indicators, and
editors' values approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from pif.actors import Actor
from pif.measures.access import changeable_indicators
from pif.measures.importing.records import RawRecord
from pif.measures.importing.run import Checked, ImportOptions, check_records_into, import_checked
from pif.measures.importing.validate import PROBLEMS_KEPT, CheckedRow, Problem
from pif.measures.models import Observation
from pif.measures.rules import ObservationRefused
from pif.measures.writing import ObservationInput, stored_changes

__all__ = ["MAX_ROWS", "RowOutcome", "SentRow", "Upserted", "upsert_rows"]

MAX_ROWS = 10_000
SOURCE = "an API request"  # what the partnership's log says the values came from
NEW, CHANGED, UNCHANGED, REFUSED = "new", "changed", "unchanged", "refused"
# The importer's field -> the name of the field in the JSON row, so a problem names it.
FIELD_NAMES = {"indicator": "indicator_code", "period": "period", "breakdown": "breakdown",
               "value": "value", "numerator": "numerator", "denominator": "denominator",
               "missing_code": "missing_code", "status": "status", "note": "note",
               "title": "title"}


@dataclass
class SentRow:
    indicator_code: str
    period: str  # as written in a file: "2026-04", "2026/27", "Q1 2026/27" ...
    breakdown: str = ""
    value: object = None  # a number, or text a file's cell could hold ("85%", "c")
    numerator: object = None
    denominator: object = None
    missing_code: str = ""
    status: str = ""
    note: str = ""
    title: str = ""  # for an indicator created (create_indicators)


@dataclass
class RowOutcome:
    row: int  # 1-based, in the order sent
    indicator_code: str
    period: str  # as sent
    period_label: str  # as PIF reads it; "" when it could not be read
    breakdown: str
    outcome: str = REFUSED  # new, changed, unchanged or refused
    reasons: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Upserted:
    """What was (or, with a dry run or a refusal, would be) done with each row."""

    rows: list[RowOutcome]
    problems: list[Problem]  # about the whole request rather than one row
    dry_run: bool
    written: bool = False  # whether anything was saved
    indicators_created: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.problems) or any(r.outcome == REFUSED for r in self.rows)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((NEW, CHANGED, UNCHANGED, REFUSED), 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    def describe(self) -> str:
        counts = self.counts()
        said = (f"{counts[NEW]} new, {counts[CHANGED]} changed, {counts[UNCHANGED]} unchanged "
                f"and {counts[REFUSED]} refused rows")
        if self.refused:
            return (f"Nothing was changed: {said}. Put the refused rows right and send them "
                    "all again.")
        if self.dry_run:
            return f"A dry run: nothing was changed. Sending these rows would give {said}."
        return f"Saved: {said}."


def upsert_rows(actor: Actor, access, rows: list[SentRow], *, dry_run: bool = False,
                create_indicators: bool = False) -> Upserted:
    """Check every row by the importer's rules and, unless one is refused (or `dry_run`),
    write them all in one transaction. Raises PermissionDenied for a role below contributor,
    or create_indicators below editor; ValidationError for no rows or too many."""
    _require_allowed(access, create_indicators)
    _require_row_count(rows)
    checked, problems, warnings = _check(rows, access, create_indicators)
    upserted = Upserted(_outcomes_before_writing(rows, checked, problems, warnings),
                        [p for p in problems if p.row is None], dry_run)
    with transaction.atomic():
        _add_stored_outcomes(upserted, checked, approve=access.can_edit)
        if upserted.refused:
            return upserted
        try:
            result = import_checked(actor, checked, partnership=access.partnership,
                                    approve=access.can_edit, dry_run=dry_run)
        except ObservationRefused as refused:  # a value stored since the check, at once
            _refuse(upserted, checked.rows, refused)
            return upserted
    upserted.written = not dry_run and (result.written > 0 or bool(checked.new_indicators))
    upserted.indicators_created = sorted(checked.new_indicators)
    return upserted


def _require_allowed(access, create_indicators: bool) -> None:
    """As the upload pages: contributors and above send data; creating indicators, as
    `pif import --create-indicators` does, is for editors, who may add indicators."""
    if not access.can_contribute:
        raise PermissionDenied("Only contributors, editors and admins can send data.")
    if create_indicators and not access.can_edit:
        raise PermissionDenied("Only editors and admins can create indicators.")


def _require_row_count(rows: list[SentRow]) -> None:
    if not rows:
        raise ValidationError("Send at least one row.", code="rows_per_request")
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            f"Send at most {MAX_ROWS:,} rows in one request; this one has {len(rows):,}. "
            "Split them into several requests.", code="rows_per_request")


# The text fields the row checks do not read as codes or periods; a file's reader refuses a
# NUL anywhere (readers.py), and PostgreSQL cannot store one, so they are refused here too.
FREE_TEXT = ("note", "missing_code", "status", "title")


def _records(rows: list[SentRow]) -> list[RawRecord]:
    """The rows as a file's records, numbered from 1 in the order sent. ValidationError for a
    NUL in a row's text, as a file with one is refused."""
    for number, row in enumerate(rows, start=1):
        for name in FREE_TEXT:
            if "\x00" in (getattr(row, name) or ""):
                raise ValidationError({name: ValidationError(
                    f"Row {number}: the {name.replace('_', ' ')} contains a NUL character",
                    code="no_nul")})
    return [RawRecord(number, _text(row.indicator_code), _text(row.period),
                      _text(row.breakdown), row.value, row.numerator, row.denominator,
                      _text(row.status), row.note or "", _text(row.missing_code),
                      _text(row.title), FIELD_NAMES)
            for number, row in enumerate(rows, start=1)]


def _text(text: str | None) -> str:
    return (text or "").strip()


def _check(rows: list[SentRow], access, create_indicators: bool):
    """The importer's checks (`check_records_into`, as `check_file`'s), on records made from
    the rows rather than read from a file: (Checked, problems, warnings by row). The rows
    that pass are kept even when others are refused, to say what each would do."""
    records = _records(rows)
    organisation = access.membership.organisation
    checked = check_records_into(
        Checked(SOURCE), lambda last: records, partnership=access.partnership,
        # Indicators created are owned by the token's organisation, if it has one.
        options=ImportOptions(create_indicators=create_indicators, owner=organisation),
        changeable=None if access.can_edit else changeable_indicators(access),
        organisation_name=organisation.name if organisation else "",
        keep_rows_when_refused=True)
    warnings: dict[int, list[str]] = {}
    for warning in checked.warnings:
        warnings.setdefault(warning.row, []).append(warning.message)
    return checked, checked.problems, warnings


def _outcomes_before_writing(rows: list[SentRow], checked: Checked, problems: list[Problem],
                             warnings: dict) -> list[RowOutcome]:
    """Every row refused, with its problems, until the stored values say what it would do."""
    labels = {row.row: row.period.label for row in checked.rows}
    problems_of: dict[int, list[Problem]] = {}
    for problem in problems:
        if problem.row is not None:
            problems_of.setdefault(problem.row, []).append(problem)
    first_refused_of_code: dict[str, int] = {}
    outcomes = []
    for number, row in enumerate(rows, start=1):
        code = _text(row.indicator_code)
        reasons = problems_of.get(number, [])
        if reasons:
            first_refused_of_code.setdefault(code, number)
        elif number not in labels:
            reasons = [_unlisted_reason(number, code, first_refused_of_code.get(code))]
        outcomes.append(RowOutcome(number, code, row.period, labels.get(number, ""),
                                   _text(row.breakdown), reasons=reasons,
                                   warnings=warnings.get(number, [])))
    return outcomes


def _unlisted_reason(number: int, code: str, earlier: int | None) -> Problem:
    """Why a row was refused with no problem of its own: an indicator that cannot be created
    is reported once, at its first row, and its later rows are skipped; otherwise its
    problems were found but not kept (a request can have one on every row)."""
    if earlier is not None:
        return Problem(number, "indicator_code", f"{code} cannot be created: see row {earlier}")
    return Problem(number, None, "This row breaks a rule too: only the first "
                   f"{PROBLEMS_KEPT:,} problems are listed")


def _add_stored_outcomes(upserted: Upserted, checked: Checked, *, approve: bool) -> None:
    """For each row that passed the checks, whether it is new, changes the stored value or
    leaves it as it is, as `write_observations` decides (`stored_changes`): two queries and
    one more, however many rows."""
    outcome_of = {outcome.row: outcome for outcome in upserted.rows}
    known = [row for row in checked.rows if _stored_may_exist(row, checked)]
    for row in checked.rows:
        outcome_of[row.row].outcome = NEW
    inputs = [_input(row, checked) for row in known]
    try:
        changes = stored_changes(inputs, approve=approve)
    except ObservationRefused as refused:
        _refuse(upserted, known, refused)
        return
    changed = {stored.pk for stored, _ in changes}
    stored = _stored_ids(inputs)
    for row, entry in zip(known, inputs, strict=True):
        pk = stored.get(_key(entry))
        if pk is not None:
            outcome_of[row.row].outcome = CHANGED if pk in changed else UNCHANGED


def _stored_may_exist(row: CheckedRow, checked: Checked) -> bool:
    """A row of an indicator or breakdown still to be created is new."""
    return row.code in checked.indicators and (
        not row.breakdown or row.breakdown.lower() in checked.breakdowns)


def _input(row: CheckedRow, checked: Checked) -> ObservationInput:
    return ObservationInput(
        indicator=checked.indicators[row.code], period=row.period, value=row.value,
        breakdown=checked.breakdowns[row.breakdown.lower()] if row.breakdown else None,
        numerator=row.numerator, denominator=row.denominator, missing_code=row.missing_code,
        status=row.status, note=row.note)


def _key(entry: ObservationInput) -> tuple:
    return (entry.indicator.pk, entry.period.key,
            entry.breakdown.pk if entry.breakdown else None)


def _stored_ids(inputs: list[ObservationInput]) -> dict:
    """(indicator id, period key, breakdown id) -> id of each value stored for the rows."""
    if not inputs:
        return {}
    found = Observation.objects.filter(
        indicator_id__in={entry.indicator.pk for entry in inputs},
        period__in={entry.period.key for entry in inputs}).order_by().values_list(
        "indicator_id", "period", "breakdown_id", "pk")
    return {(indicator_id, period, breakdown_id): pk
            for indicator_id, period, breakdown_id, pk in found}


def _refuse(upserted: Upserted, rows: list[CheckedRow], refused: ObservationRefused) -> None:
    """The rules' last guard names rows by their place in the rows written; name them by
    their number as sent, with the rule broken."""
    outcome_of = {outcome.row: outcome for outcome in upserted.rows}
    for index, findings in sorted(refused.findings.items()):
        outcome = outcome_of[rows[index].row]
        outcome.outcome = REFUSED
        outcome.reasons += [Problem(outcome.row, FIELD_NAMES.get(finding.field, finding.field),
                                    finding.message, finding.rule) for finding in findings]
