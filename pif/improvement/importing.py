"""Importing an action plan from CSV or Excel, all or nothing, for the import page and
`pif import_actions`.

| name | what it does |
|---|---|
| `COLUMNS` | each field read, with its header (the export's) and the other headers accepted |
| `check_file(content, filename, partnership)` | a `Checked`: the rows and every problem |
| `Checked.token()`, `check_token(token, partnership)` | the rows kept between preview and confirm |
| `import_checked(actor, checked)` | an `ImportResult`; raises `ImportRefused`, writing nothing |

The file is read by `pif.measures.importing.readers` (encodings, ceilings, Excel errors,
formula quotes undone), the same reader as observation uploads. Every row is checked before
anything is written; one bad row and nothing is imported, and each problem says its row,
column and why (`pif.measures.importing.Problem`). A row whose reference the partnership
already has changes that action (its history names the importer); a new reference adds one
through `services.actions.create_action`. A column the file leaves out is left as it is
(a file exported before the Public column was added changes nothing about what is shown on
the public pages, and its new actions are not shown); only an editor may set Public (rule
"publish_by_editor", asked by the services).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE, EditConflict
from pif.improvement import rules
from pif.improvement.models import CLOSED_STATUSES, Action, ActionSource, ActionStatus
from pif.improvement.services import actions as services
from pif.measures.importing.mapping import normalise_header
from pif.measures.importing.readers import (
    BadCell,
    ReadError,
    column_name,
    is_blank,
    read_sheets,
)
from pif.measures.importing.records import cell_text
from pif.measures.importing.validate import Problem
from pif.measures.models import Indicator
from pif.outcomes.models import Group, Outcome, Risk
from pif.partnerships.models import Membership, Organisation

__all__ = ["COLUMNS", "Checked", "ImportRefused", "ImportResult", "Problem", "check_file",
           "check_token", "import_checked"]

VERBS: list[tuple[str, str]] = [("actions_imported", "Actions imported")]

# field: (the header the export writes, other headers accepted)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "reference": ("Reference", ("ref",)),
    "title": ("Title", ("action",)),
    "description": ("Description", ()),
    "owner": ("Owner email", ("owner", "action owner", "owner e-mail")),
    "owner_organisation": ("Owning organisation", (
        "organisation", "organisation code", "owning organisation code")),
    "lead_group": ("Lead group", ("lead group name",)),
    "start_date": ("Start date", ("start",)),
    "due_date": ("Due date", ("due",)),
    "is_ongoing": ("Ongoing", ()),
    "status": ("Status", ()),
    "percent_complete": ("Percent complete", ("percent", "% complete", "progress")),
    "source": ("Source", ("where it came from",)),
    "source_detail": ("Source detail", ("source in detail",)),
    "outcomes": ("Outcomes", ("outcome codes",)),
    "indicators": ("Indicators", ("indicator codes",)),
    "risks": ("Risks", ("risk references",)),
    "published": ("Public", ("published", "show on the public pages", "shown publicly")),
}
REQUIRED = ("reference", "title", "owner_organisation")
# Columns of the export that are worked out, not set: read past without a word.
WORKED_OUT = ("outcome titles", "last update", "overdue", "stale")
LINKS = ("outcomes", "indicators", "risks")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
SPLIT = re.compile(r"[;,\n]")
TOKEN_SALT = "pif.improvement.action_import"
TOKEN_MAX_AGE = 60 * 60 * 4  # seconds: a preview left open all morning can still be confirmed
MAX_ROWS = 2000  # an action plan is tens or hundreds of actions; the preview carries them


class ImportRefused(Exception):
    """Nothing was imported; `problems` says why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class ActionRow:
    """One checked row: what to set on the action, and the action it changes (None: new)."""

    row: int
    reference: str
    values: dict
    links: dict
    action: Action | None = None

    @property
    def is_new(self) -> bool:
        return self.action is None

    @property
    def changes(self) -> bool:
        """Whether importing the row changes anything (a new action always does): a row as
        the export wrote it, unchanged, is left alone, so its history gains nothing."""
        if self.action is None:
            return True
        if any(getattr(self.action, name) != value for name, value in self.values.items()):
            return True
        return any({o.pk for o in getattr(self.action, name).all()} != {o.pk for o in linked}
                   for name, linked in self.links.items())


@dataclass
class Checked:
    filename: str
    partnership: object
    columns: dict = field(default_factory=dict)  # field -> column name, as problems say it
    records: list = field(default_factory=list)  # (row number, {field: text}), to keep
    rows: list = field(default_factory=list)  # ActionRow
    problems: list = field(default_factory=list)
    ignored: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.is_new)

    @property
    def changed_count(self) -> int:
        return sum(1 for row in self.rows if not row.is_new and row.changes)

    @property
    def unchanged_count(self) -> int:
        return len(self.rows) - self.new_count - self.changed_count

    def token(self) -> str:
        """The rows as read, signed, for the confirm form: the file is not kept anywhere, and
        the rows are checked again on confirming, as the plan may have changed since."""
        return signing.dumps({"p": self.partnership.pk, "f": self.filename, "c": self.columns,
                              "r": self.records, "i": self.ignored},
                             salt=TOKEN_SALT, compress=True)


@dataclass(frozen=True)
class ImportResult:
    created: int
    changed: int
    unchanged: int = 0

    def describe(self) -> str:
        said = (f"{self.created} action{'s' if self.created != 1 else ''} added and "
                f"{self.changed} changed")
        return said + (f" ({self.unchanged} already as the file has them)"
                       if self.unchanged else "")


def check_file(content: bytes, filename: str, partnership) -> Checked:
    """Read the file and check every row against the partnership's plan."""
    checked = Checked(filename=filename, partnership=partnership)
    try:
        _read(content, filename, checked)
    except ReadError as error:
        checked.problems.append(Problem(None, None, str(error)))
        return checked
    if not checked.problems:
        _check_records(checked)
    return checked


def check_token(token: str, partnership) -> Checked | None:
    """The rows a preview showed, checked again now; None when the token is not one this
    partnership's preview gave (tampered with, or too old)."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != partnership.pk:
        return None
    checked = Checked(filename=data["f"], partnership=partnership, columns=data["c"],
                      records=[(number, values) for number, values in data["r"]],
                      ignored=data["i"])
    _check_records(checked)
    return checked


# Reading -------------------------------------------------------------------------------

def _header_fields() -> dict[str, str]:
    names = {}
    for name, (header, others) in COLUMNS.items():
        for text in (header, name, *others):
            names[normalise_header(text)] = name
    return names


def _read(content: bytes, filename: str, checked: Checked) -> None:
    sheets = list(read_sheets(content, filename))
    headers_to_fields = _header_fields()
    for sheet in sheets:
        if not sheet.rows:
            continue
        header_row, headers = sheet.rows[0]
        found = {}
        for index, header in enumerate(headers):
            name = headers_to_fields.get(normalise_header(header)) if not is_blank(header) \
                else None
            if name is None:
                if not is_blank(header) and normalise_header(header) not in WORKED_OUT:
                    checked.ignored.append(cell_text(header))
                continue
            if name in found:
                checked.problems.append(Problem(
                    header_row, column_name(sheet, index, headers),
                    f"This column is {COLUMNS[name][0]} again (also column "
                    f"{column_name(sheet, found[name], headers)}): keep one of them"))
                continue
            found[name] = index
        if "reference" not in found:
            if sheet is sheets[-1]:
                checked.problems.append(Problem(
                    header_row, None, f"{sheet.where.capitalize()} has no Reference column: "
                    "the first row must hold the column headings, such as Reference, Title "
                    "and Owning organisation, as the export writes them"))
            continue
        missing = [COLUMNS[name][0] for name in REQUIRED if name not in found]
        if missing:
            checked.problems.append(Problem(
                header_row, None, f"The file has no {_and(missing)} column: add "
                f"{'it' if len(missing) == 1 else 'them'} to the heading row"))
            return
        checked.columns = {name: column_name(sheet, index, headers)
                           for name, index in found.items()}
        if len(sheet.rows) - 1 > MAX_ROWS:
            checked.problems.append(Problem(None, None, f"The file has more than {MAX_ROWS:,} "
                                            "actions: split it into smaller files"))
            return
        for number, row in sheet.rows[1:]:
            values = {}
            for name, index in found.items():
                cell = row[index] if index < len(row) else None
                if isinstance(cell, BadCell):
                    checked.problems.append(Problem(number, checked.columns[name],
                                                    cell.describe()))
                    continue
                values[name] = cell_text(cell, strip=name != "description")
            checked.records.append((number, values))
        return


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


# Checking ------------------------------------------------------------------------------

class _Known:
    """Everything a row may name, read in a fixed number of queries whatever the file."""

    def __init__(self, partnership, records):
        self.organisations = {}
        for organisation in Organisation.objects.filter(partnership=partnership):
            self.organisations[organisation.short_code.lower()] = organisation
            self.organisations.setdefault(organisation.name.lower(), organisation)
        self.members = {m.user.email.lower(): m.user for m in Membership.objects.filter(
            partnership=partnership).select_related("user")}
        self.groups = {g.name.lower(): g for g in Group.objects.filter(partnership=partnership)}
        self.outcomes = {o.code.lower(): o for o in Outcome.objects.filter(
            partnership=partnership).exclude(code="")}
        self.indicators = {i.code.lower(): i for i in Indicator.objects.filter(
            partnership=partnership)}
        self.risks = {r.reference.lower(): r for r in Risk.objects.filter(
            partnership=partnership)}
        references = {values.get("reference", "").strip() for _, values in records}
        self.actions = {a.reference: a for a in Action.objects.filter(
            partnership=partnership, reference__in=references).prefetch_related(
            "outcomes", "indicators", "risks")}


def _check_records(checked: Checked) -> None:
    known = _Known(checked.partnership, checked.records)
    seen: dict[str, int] = {}
    for number, values in checked.records:
        problems: list[Problem] = []
        row = _check_row(number, values, checked.columns, known, problems)
        if row is not None:
            first = seen.setdefault(row.reference, number)
            if first != number:
                problems.append(Problem(number, checked.columns["reference"],
                                        f"Row {first} has the reference {row.reference} too: "
                                        "give each action one row"))
        checked.problems += problems
        if row is not None and not problems:
            checked.rows.append(row)
    if not checked.records and not checked.problems:
        checked.problems.append(Problem(None, None, f"{checked.filename} has no actions under "
                                        "its heading row"))


def _choice(text: str, choices) -> str | None:
    wanted = text.strip().lower()
    for value, label in choices:
        if wanted in (value.lower(), label.lower(), value.replace("_", " ").lower()):
            return value
    return None


def _date(text: str) -> datetime.date | None:
    text = text.strip()
    for form in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(text)


def _check_row(number: int, values: dict, columns: dict, known: _Known,
               problems: list[Problem]) -> ActionRow | None:
    def refuse(name: str, message: str, rule: str = "") -> None:
        problems.append(Problem(number, columns.get(name), message, rule))

    reference = values.get("reference", "").strip()
    if not reference:
        refuse("reference", "Enter the action's reference, for example A01")
        return None
    if len(reference) > Action._meta.get_field("reference").max_length:
        refuse("reference", "The reference must be 20 characters or fewer")
        return None
    action = known.actions.get(reference)
    out: dict = {}
    for name in ("title", "description", "source_detail"):
        if name not in values:
            continue
        text = values[name]
        limit = Action._meta.get_field(name).max_length
        if name == "title" and not text:
            refuse(name, "Enter the action's title")
        elif limit and len(text) > limit:
            refuse(name, f"This must be {limit} characters or fewer; it has {len(text)}")
        else:
            out[name] = text
    if "owner_organisation" in values:
        text = values["owner_organisation"]
        organisation = known.organisations.get(text.lower()) if text else None
        if not text:
            refuse("owner_organisation", "Enter the owning organisation's short code")
        elif organisation is None:
            names = sorted({(o.short_code, o.name) for o in known.organisations.values()})
            refuse("owner_organisation", f"The partnership has no organisation with the code "
                   f"or name “{text}”: use one of "
                   f"{', '.join(f'{code} ({name})' for code, name in names)}")
        else:
            out["owner_organisation"] = organisation
    if "owner" in values:
        email = values["owner"]
        if email and email.lower() not in known.members:
            refuse("owner", f"{email} is not a member of the partnership: the action owner "
                   "must be a member (an admin can add them), or leave the cell blank")
        else:
            out["owner"] = known.members.get(email.lower()) if email else None
    if "lead_group" in values:
        name = values["lead_group"]
        if name and name.lower() not in known.groups:
            refuse("lead_group", f"The partnership has no group called “{name}”: use a group's "
                   "name as the Governance page shows it, or leave the cell blank")
        else:
            out["lead_group"] = known.groups.get(name.lower()) if name else None
    for name in ("start_date", "due_date"):
        if name in values:
            try:
                out[name] = _date(values[name]) if values[name] else None
            except ValueError:
                refuse(name, f"“{values[name]}” is not a date: write it as 2026-04-01 or "
                       "01/04/2026")
    if "is_ongoing" in values:
        text = values["is_ongoing"].strip().lower()
        if text in YES | NO:
            out["is_ongoing"] = text in YES
        else:
            refuse("is_ongoing", f"“{values['is_ongoing']}” is not Yes or No")
    if "published" in values:
        text = values["published"].strip().lower()
        if text in YES | NO:
            out["published"] = text in YES
        else:
            refuse("published", f"“{values['published']}” is not Yes or No: Yes shows the "
                   "action on the public pages")
    if "status" in values and values["status"]:
        status = _choice(values["status"], ActionStatus.choices)
        if status is None:
            refuse("status", f"“{values['status']}” is not a status: use one of "
                   f"{', '.join(label for _, label in ActionStatus.choices)}")
        else:
            out["status"] = status
    if "source" in values and values["source"]:
        source = _choice(values["source"], ActionSource.choices)
        if source is None:
            refuse("source", f"“{values['source']}” is not a source: use one of "
                   f"{', '.join(label for _, label in ActionSource.choices)}")
        else:
            out["source"] = source
    if "percent_complete" in values and values["percent_complete"]:
        text = values["percent_complete"].strip().rstrip("%").strip()
        try:
            percent = float(text)
        except ValueError:
            percent = None
        if percent is None or not percent.is_integer():
            refuse("percent_complete", f"“{values['percent_complete']}” is not a whole number "
                   "from 0 to 100")
        elif findings := rules.check_percent(percent):
            refuse("percent_complete", f"{percent:g} is out of range. {findings[0].message}")
        else:
            out["percent_complete"] = int(percent)
    if "status" in out and out["status"] in CLOSED_STATUSES and (
            action is None or action.status != out["status"]):
        for finding in rules.check_update_status(out["status"], None, ""):
            refuse("status", f"An import does not complete or cancel an action. "
                   f"{finding.message}", finding.rule)
    if action is not None and action.is_closed and "status" in out \
            and out["status"] not in CLOSED_STATUSES:
        refuse("status", f"Action {reference} is {action.get_status_display().lower()}: an "
               "import does not reopen it. Reopen it on its page, or keep its status",
               "closed_action_unchanged")
    links = {}
    for name, table, what in (("outcomes", known.outcomes, "outcome code"),
                              ("indicators", known.indicators, "indicator code"),
                              ("risks", known.risks, "risk reference")):
        if name not in values:
            continue
        codes = [code.strip() for code in SPLIT.split(values[name]) if code.strip()]
        unknown = [code for code in codes if code.lower() not in table]
        if unknown:
            refuse(name, f"The partnership has no {what}{'s' if len(unknown) > 1 else ''} "
                   f"{', '.join(unknown)}: separate them with semicolons (;) and check each")
        else:
            links[name] = [table[code.lower()] for code in codes]
    if action is None:
        for name in REQUIRED:
            if name not in values:
                refuse(name, f"A new action needs its {COLUMNS[name][0].lower()}")
    _check_dates(action, out, values, refuse)
    return ActionRow(number, reference, out, links, action)


def _check_dates(action, out: dict, values: dict, refuse) -> None:
    """The action plan's date rules (`rules.check_action_dates`) on the values after the
    import: the row's own or, for a column the file leaves out, the action's now."""
    def after(name):
        if name in out:
            return out[name]
        return getattr(action, name) if action is not None else Action._meta.get_field(
            name).get_default()
    if ("start_date" in values and "start_date" not in out) or (
            "due_date" in values and "due_date" not in out):
        return  # a date is already refused
    start, due = after("start_date"), after("due_date")
    for finding in rules.check_action_dates(start, due, ongoing=after("is_ongoing")):
        shown = f" (start {start:%-d %B %Y}, due {due:%-d %B %Y})" if start and due else ""
        refuse(finding.field if finding.field in values else "due_date",
               finding.message.rstrip(".") + shown, finding.rule)


# Writing -------------------------------------------------------------------------------

def import_checked(actor: Actor, checked: Checked) -> ImportResult:
    """Add or change every checked action through the action services, or none: raises
    ImportRefused, writing nothing, when the file has a problem or a row breaks a rule."""
    if not checked.ok:
        raise ImportRefused(checked.problems or [Problem(None, None, "The file has no actions")])
    partnership = checked.partnership
    problems: list[Problem] = []
    with transaction.atomic():
        created = changed = 0
        for row in checked.rows:
            if not row.changes:
                continue
            try:
                with transaction.atomic():
                    if row.is_new:
                        services.create_action(actor, partnership, **row.links,
                                               reference=row.reference, **row.values)
                        created += 1
                    else:
                        action = row.action
                        for name, value in row.values.items():
                            setattr(action, name, value)
                        services.save_action(actor, action, loaded_version=PROGRAM_CHANGE,
                                             m2m=row.links)
                        changed += 1
            except ValidationError as error:
                problems += [Problem(row.row, checked.columns.get(name), message)
                             for name, messages in _messages(error) for message in messages]
            except EditConflict:
                problems.append(Problem(row.row, None, f"Action {row.reference} was changed by "
                                        "someone else while the file was imported: upload "
                                        "the file again"))
        if problems:
            raise ImportRefused(problems)  # leaving the transaction undoes every row
        result = ImportResult(created, changed, checked.unchanged_count)
        actor.event(partnership, "actions_imported",
                    f"Actions imported from {checked.filename}: {result.describe()}")
    return result


def _messages(error: ValidationError):
    if hasattr(error, "error_dict"):
        return [(name, [m for e in errors for m in e.messages])
                for name, errors in error.error_dict.items()]
    return [(None, error.messages)]
