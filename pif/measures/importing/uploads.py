"""The upload pages' changes: keep a file and its check, then import it once.

| name | what it does |
|---|---|
| `start_upload(actor, access, filename=, content=, mapping=)` | keep a file, checked once |
| `stored_check(actor, access, upload)` | the check kept, with what changed since |
| `import_upload(actor, access, upload, checked)` | import it, unless already imported |
| `value_changes(access, checked)` | each stored value it would change (None if not known) |

The file is read and checked once, when it is uploaded, and the result kept on the upload
(`Upload.checked`); the preview and the import work from that. The actor is the person
uploading (ADR 7); `access` is their access to the partnership, which decides the indicators
they may change and whether their values are approved at once.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.access import changeable_indicators
from pif.measures.grid import shown_value
from pif.measures.importing.run import (
    JSON_VERSION,
    Checked,
    ImportOptions,
    check_file,
    import_checked,
    refusal_problems,
)
from pif.measures.importing.validate import Problem
from pif.measures.models import Observation, Upload
from pif.measures.rules import ObservationRefused
from pif.measures.writing import ObservationInput, same_status, stored_changes

# Saying exactly what would change means writing and rolling back; beyond this many values
# the preview gives the counts from the file alone, to keep the page quick.
PREVIEW_DRY_RUN_LIMIT = 5000


def start_upload(actor: Actor, access, *, filename: str, content: bytes,
                 mapping: dict) -> Upload:
    """Keep an uploaded file for its preview, checked as `actor` would import it."""
    upload = Upload(partnership=access.partnership, uploaded_by=actor.user,
                    filename=filename[:Upload._meta.get_field("filename").max_length],
                    content=content, mapping=mapping)
    _check(actor, access, upload)
    return upload


def _check(actor: Actor, access, upload: Upload) -> None:
    """Read and check the file as this person would import it, and keep the result with it:
    this is the only time the file is read. A new upload is saved only now, file and check
    together: saving the check afterwards would have the database copy the file again."""
    options = ImportOptions(mapping=upload.mapping.get("map", {}),
                            indicator=upload.mapping.get("indicator", ""))
    changeable = None if access.can_edit else changeable_indicators(access)
    organisation = access.membership.organisation
    checked = check_file(_content(upload), upload.filename, partnership=access.partnership,
                         options=options, changeable=changeable,
                         organisation_name=organisation.name if organisation else "")
    checked.changes = _what_would_change(actor, access, checked)
    upload.checked = checked.to_json()
    del checked  # its rows are now packed in upload.checked: let go of them before saving
    upload.save(update_fields=None if upload._state.adding else ["checked"])


def _content(upload: Upload) -> bytes:
    """The file: the one just received, or read from the database for an older upload (pages
    leave it out of the upload they load, as it is rarely needed)."""
    if "content" not in upload.get_deferred_fields():
        return bytes(upload.content)
    return bytes(Upload.objects.filter(pk=upload.pk).values_list("content", flat=True).get())


def _what_would_change(actor: Actor, access, checked: Checked) -> str:
    """Saying exactly what would change means writing and rolling back, so it is done once,
    when the file is checked, and only for files small enough to do it quickly."""
    if not checked.ok or len(checked.rows) > PREVIEW_DRY_RUN_LIMIT:
        return ""
    try:
        result = import_checked(actor, checked, partnership=access.partnership,
                                approve=access.can_edit, dry_run=True)
    except ObservationRefused as refused:
        checked.problems += refusal_problems(checked, refused)
        return ""
    return result.describe()


def stored_check(actor: Actor, access, upload: Upload) -> Checked:
    """The check kept when the file was uploaded (made now for uploads from before checks
    were kept, or kept in an older form), with what has changed in the partnership since."""
    if upload.checked is None or upload.checked.get("version") != JSON_VERSION:
        _check(actor, access, upload)
    checked = Checked.from_json(upload.checked, partnership=access.partnership)
    if not access.can_edit:
        mine = set(changeable_indicators(access).values_list("code", flat=True))
        checked.problems += [
            Problem(None, None, f"You can no longer upload data for {code}: upload a file "
                    "without it") for code in checked.indicator_codes
            if code not in mine and code not in checked.new_indicators]
    return checked


@dataclass(frozen=True)
class ValueChange:
    """A stored value the upload would change, as the preview shows it."""

    code: str
    period: Period
    breakdown: str  # "" for the total
    before: str
    after: str


def value_changes(access, checked: Checked) -> list[ValueChange] | None:
    """Each value already stored that importing the checked file would change, in the file's
    order, with the value stored now and the new one (and their status or note where that
    is what changes). Read now, not when the file was checked, as values may have changed
    since; in one query, and only for files small enough to preview what would change. None
    when that is not known: the file is too large, or a value breaks a rule now (the import
    then says which)."""
    if not checked.ok or len(checked.rows) > PREVIEW_DRY_RUN_LIMIT:
        return None
    inputs = [ObservationInput(
        indicator=checked.indicators[row.code], period=row.period, value=row.value,
        breakdown=checked.breakdowns[row.breakdown.lower()] if row.breakdown else None,
        numerator=row.numerator, denominator=row.denominator, missing_code=row.missing_code,
        status=row.status, note=row.note)
        for row in checked.rows if row.code in checked.indicators
        and (not row.breakdown or row.breakdown.lower() in checked.breakdowns)]
    try:
        changes = stored_changes(inputs, approve=access.can_edit)
    except ObservationRefused:
        return None
    return [_value_change(stored, row) for stored, row in changes]


def _value_change(stored, row: ObservationInput) -> ValueChange:
    before, after = _as_written(stored), _as_written(row)
    if not same_status(stored.status, row.status):
        before = f"{before}, {Observation.Status(stored.status).label.lower()}"
        after = f"{after}, {Observation.Status(row.status).label.lower()}"
    if stored.note != row.note:
        after = f"{after}, with a new note" if row.note else f"{after}, with no note"
    return ValueChange(row.indicator.code, row.period,
                       row.breakdown.name if row.breakdown else "", before, after)


def _as_written(entry) -> str:
    """A value as the grid shows it (as a person would type it), unrounded, so that a small
    change shows."""
    if entry.value is None:
        return f"Missing ({entry.missing_code})" if entry.missing_code else "Missing"
    return shown_value(entry)


def import_upload(actor: Actor, access, upload: Upload, checked: Checked) -> bool:
    """Import the checked file, once: False, importing nothing, when another request has
    claimed it (the confirm button pressed twice). Raises ObservationRefused, importing
    nothing, when a value breaks a rule now."""
    with transaction.atomic():
        if not _claim(upload):
            return False
        result = import_checked(actor, checked, partnership=access.partnership,
                                approve=access.can_edit)
        upload.mark_imported(result.describe())
    return True


def _claim(upload: Upload) -> bool:
    """Mark the upload imported unless another request already has. The update waits for
    any other request's import to commit, then finds nothing left to claim."""
    return bool(Upload.objects.filter(pk=upload.pk, imported_at__isnull=True)
                .update(imported_at=timezone.now()))
