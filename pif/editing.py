"""The one edit-conflict check, for every form that changes a saved record.

A record people edit has a `version`. The form carries the version the person loaded in a
hidden field (`VersionedForm` adds it); the service saving the change calls
`claim_version` inside its transaction, just before the save: it locks the row, compares
the stored version with the loaded one and sets the next. Of two saves made from the same
page load only the first passes, however close together they come: the second waits for
the lock, then sees the version moved on and raises `EditConflict`. The view then calls
`show_conflict`: the person's entries stay in the form, and the page says who saved since,
when, and what differs (`includes/edit_conflict.html`). Saving again from that page keeps
the person's version, knowingly. When the saves since were the person's own, the page says
so rather than "someone else"; and when they also stored what is being posted now (the same
form sent twice), nothing is refused: the view goes on as after a save, saying
`ALREADY_SAVED`.

A POST without the version, or with one that is not a whole number, is refused as a form
error: it is never treated as "no check". Every service that saves an edit takes
`loaded_version` as a required keyword, so a new view cannot forget it; a change the program
makes from what it has just read (the command line, the demo, moving children before a
delete) passes `PROGRAM_CHANGE`, which says so.

See docs/adr/0004-edit-conflicts.md.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet

from pif.times import format_time

VERSION = "version"
MISSING_VERSION = ("This page did not say which version of the record you started from, so "
                   "your changes could not be checked against other people's. Open the page "
                   "again and make your changes there.")
LARGEST_VERSION = 2_147_483_647  # the largest PositiveIntegerField on every database
ALREADY_SAVED = "This was already saved."


class _ProgramChange:
    def __repr__(self) -> str:
        return "PROGRAM_CHANGE"


# The `loaded_version` of a change the program makes from the record it has just read: the
# command line, the demo, changes made because something else is deleted. Checked against
# the version read with the record, so a save made meanwhile is still never overwritten.
PROGRAM_CHANGE = _ProgramChange()
LoadedVersion = int | _ProgramChange | None
NO_LOADED_VERSION = ("A change to a saved record needs the version the person loaded "
                     "(form.loaded_version), or PROGRAM_CHANGE for a change the program makes")


@dataclass(frozen=True)
class FieldConflict:
    label: str
    saved_value: str
    your_value: str


def saved_only_by(actor, saved_by_ids: frozenset) -> bool:
    """Whether the saves since a page was loaded (their users' ids) were all `actor`'s (a
    pif.actors.Actor; an operator with no account is never "you"): the edit forms and the
    data grid decide "you saved it in another tab" by this."""
    return actor.user is not None and saved_by_ids == frozenset({actor.user.pk})


class EditConflict(Exception):
    """Someone saved the same record after this person loaded it."""

    def __init__(self, current, changed_by: list[tuple[str, datetime]],
                 saved_by_ids: frozenset = frozenset()):
        super().__init__("The record was changed by someone else")
        self.current = current  # the record as saved now
        self.changed_by = changed_by
        self.saved_by_ids = saved_by_ids  # the user id of each save since; None: an operator
        self.conflicts: list[FieldConflict] = []  # filled in by show_conflict
        self.what = "this record"
        self.yours = False  # every save since was this person's own, in another tab, say

    def saved_by_only(self, actor) -> bool:
        """Whether every save since the person loaded the record was `actor`'s."""
        return saved_only_by(actor, self.saved_by_ids)

    @property
    def already_saved(self) -> bool:
        """The person's own save since stored just what they are posting: a form sent twice."""
        return self.yours and not self.conflicts

    @property
    def last_saved(self) -> str:
        """When it was last saved, as "5 December 2026, 09:03"."""
        if not self.changed_by:
            return ""
        return format_time(self.changed_by[-1][1])

    def refusal(self, not_saved: str = "Your changes have not been saved yet.") -> str:
        """The error that refuses the save, saying in plain words who saved since."""
        if self.yours:
            return (f"You saved a different version in another tab or window at "
                    f"{self.last_saved}. {not_saved}")
        return f"Someone else saved {self.what} while you were editing. {not_saved}"


class VersionField(forms.IntegerField):
    """The version of the record the person loaded, sent back with their changes."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        messages = dict.fromkeys(("required", "invalid", "min_value", "max_value"),
                                 MISSING_VERSION)
        super().__init__(min_value=0, max_value=LARGEST_VERSION, error_messages=messages,
                         **kwargs)


class VersionedForm:
    """Mixin for a GOV.UK form that changes a saved record: it carries the version the
    person loaded. Put it first: ``class RiskForm(VersionedForm, ScopedForm)``. A model form
    edits its instance; any other form names the record with ``record=``. A form that adds
    a new record has no version to carry, unless `create_or_change` is set: then it carries
    0 for "there was none" (the commentary for a period, say), so a record created by
    someone else meanwhile is not overwritten either."""

    create_or_change = False

    def __init__(self, *args, record=None, **kwargs):
        self._record = record
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        super().add_fields()
        record = self._record if self._record is not None else getattr(self, "instance", None)
        saved = record is not None and record.pk is not None
        if saved or self.create_or_change:
            self.fields[VERSION] = VersionField()
            self.initial.setdefault(VERSION, record.version if saved else 0)

    @property
    def loaded_version(self) -> int | None:
        """The version the person loaded (0: none saved yet), or None when adding."""
        return self.cleaned_data.get(VERSION) if VERSION in self.fields else None


def _who(save) -> str:
    return save.history_user.display_name if save.history_user else "An operator"


def conflict_since(current, loaded_version: int) -> EditConflict:
    """The EditConflict for `current`: who saved it after `loaded_version` was read."""
    saves = list(current.history.filter(version__gt=loaded_version)
                 .select_related("history_user").order_by("history_date"))
    return EditConflict(current, [(_who(save), save.history_date) for save in saves],
                        frozenset(save.history_user_id for save in saves))


def claim_version(record: models.Model, loaded_version: LoadedVersion) -> None:
    """Refuse with EditConflict if `record`'s stored version is not `loaded_version`, or
    set `record.version` to the next one, for the save that must follow.

    Call inside the transaction that saves the record, just before saving it. The row is
    locked (SELECT ... FOR UPDATE), so of two saves racing from the same version the second
    waits for the first and then sees its version. A form always passes the version the
    person loaded; PROGRAM_CHANGE means the version read with `record`. None (a form that
    adds a record has no version) is refused: a view that forgot the version must not save
    unchecked.
    """
    if loaded_version is None:
        raise ValueError(NO_LOADED_VERSION)
    if loaded_version is PROGRAM_CHANGE:
        loaded_version = record.version
    current = type(record)._base_manager.select_for_update().get(pk=record.pk)
    if current.version != loaded_version:
        raise conflict_since(current, loaded_version)
    record.version = current.version + 1


def is_versioned(record) -> bool:
    return any(field.name == VERSION for field in record._meta.concrete_fields)


@contextmanager
def refusing_a_racing_create(model: type[models.Model], **lookup):
    """For a form that creates a record or changes the one already there (version 0: there
    was none when the page was loaded). Turns a unique-constraint failure, when someone
    else created the same record a moment earlier, into an EditConflict instead of a
    server error. A record created earlier is caught by `claim_version` (no version is 0)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        current = model._base_manager.filter(**lookup).first()
        if current is None:
            raise
        raise conflict_since(current, 0) from None


def _text(field, value) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, (list, tuple, set, QuerySet)):
        return ", ".join(sorted(str(item) for item in value)) or "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = dict(field.choices)  # show "Partnership admin", not "admin"
        return str(labels.get(value, labels.get(str(value), value)))
    return str(value)


def _saved_value(current, name: str):
    value = getattr(current, name)
    return list(value.all()) if hasattr(value, "all") else value


def differences(form: forms.Form, current) -> list[FieldConflict]:
    """The form's fields whose saved value differs from what the person entered."""
    found = []
    model_fields = getattr(getattr(form, "_meta", None), "fields", None)
    for name, field in form.fields.items():
        if name == VERSION or name not in form.cleaned_data or not hasattr(current, name):
            continue
        if model_fields is not None and name not in model_fields:
            continue  # a form's own field, such as the period a commentary is for
        saved = _text(field, _saved_value(current, name))
        yours = _text(field, form.cleaned_data[name])
        if saved != yours:
            found.append(FieldConflict(str(field.label or name).capitalize(), saved, yours))
    return found


def show_conflict(form: forms.Form, conflict: EditConflict, what: str, *,
                  actor) -> EditConflict:
    """Refuse the save on the form, keeping the person's entries, and say what differs.

    The hidden version becomes the one saved now, so saving again from this page keeps the
    person's version of the record, as the page says. `actor` is the person saving: if the
    saves since were all theirs the page says so, and if they stored just what is posted
    now, `conflict.already_saved` is true and the form is left alone, for the view to go on
    as after a save, saying ALREADY_SAVED.
    """
    conflict.what = what
    conflict.conflicts = differences(form, conflict.current)
    conflict.yours = conflict.saved_by_only(actor)
    if conflict.already_saved:
        return conflict
    form.data = form.data.copy()
    form.data[form.add_prefix(VERSION)] = conflict.current.version
    form.add_error(None, conflict.refusal())
    return conflict
