"""What every app's business rules share: a `Finding` (one broken rule) and its translation
into a ValidationError. See docs/adr/0008-business-rules.md.

Each app keeps its rules in its own `rules.py` (`pif.measures.rules`, `pif.outcomes.rules`,
`pif.partnerships.rules`): small documented functions, named `check_...`, that return the
findings, so a rule can be tested without a database and asked by any path. The services
call them, so every path (a form, an import, the command line, later the API) obeys the same
rules; forms and importers only translate a refusal into a field error or a problem.

| name | what it is |
|---|---|
| `Finding` | one broken rule: the field, a message for people and the rule's stable name |
| `as_validation_error(findings)` | findings as a ValidationError by field, rule as `code` |
| `refuse(findings)` | raise that ValidationError if there are any findings |
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

__all__ = ["Finding", "as_validation_error", "refuse"]


@dataclass(frozen=True)
class Finding:
    field: str  # the field it is about, such as "value" or "code"; "" for the whole record
    message: str  # plain words, fit to show to the person making the change
    rule: str  # the rule's stable short name, such as "percentage_range"

    def __str__(self) -> str:
        return self.message


def as_validation_error(findings: Iterable[Finding]) -> ValidationError:
    """Findings as a ValidationError whose messages are listed by field, each carrying its
    rule's name as the error's code."""
    by_field: dict[str, list[ValidationError]] = {}
    for finding in findings:
        by_field.setdefault(finding.field or NON_FIELD_ERRORS, []).append(
            ValidationError(finding.message, code=finding.rule))
    return ValidationError(by_field)


def refuse(findings: Iterable[Finding]) -> None:
    """Raise the findings as one ValidationError, if there are any."""
    findings = tuple(findings)
    if findings:
        raise as_validation_error(findings)
