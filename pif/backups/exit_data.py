"""A partnership's exit download: all of its data in open formats, so it can leave PIF or move
to another system.

``write_exit_zip(actor, partnership, destination)`` writes a zip file to ``destination`` (an
open binary file) and records who did it in the event log. The zip holds:

============================  ================================================================
File                          What it is
============================  ================================================================
``README.txt``                what the files are, the partnership, when and by whom it was made,
                              the PIF version, what is left out and whose data it is
``<app>_<model>.csv``         one table: UTF-8, a header row, one row per record
``<app>_<model>.json``        the same rows as a JSON array of objects, one per record
``accounts_user.csv/.json``   the people the rows refer to: id, full name and email only
``data_dictionary.csv/.json`` every column of every table: type, whether it can be empty,
                              what it means, allowed values and the table a key points to
``files/``                    uploaded files and stored documents, by table and record id,
                              under their original names where known
============================  ================================================================

The rows are those ``pif.backups.selection.partnership_querysets`` finds for the partnership
(history tables included), so the backup and the exit download agree on what belongs to a
partnership. A row of the partnership that points at another partnership's row (a data fault)
keeps the dangling id, and that row is left out. Each table is read once, with ``.iterator()``,
and written as it is read (the JSON half to a temporary file, as a zip takes one file at a
time), so a large partnership does not need its rows in memory; the number of queries does
not grow with the number of rows.

Left out: other partnerships' data, password hashes, token hashes, anything named secret,
sign-in sessions, and every column of a person beyond id, full name and email.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import shutil
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.duration import duration_iso_string

from pif.actors import Actor
from pif.backups import state
from pif.backups.selection import partnership_querysets
from pif.backups.writer import ROWS_PER_FETCH, pif_version
from pif.partnerships.access import access_for
from pif.partnerships.events import register_verb
from pif.partnerships.models import Membership, Partnership
from pif.times import format_time

__all__ = ["EVENT_VERB", "ExitSummary", "exit_filename", "is_secret_column", "write_exit_zip"]

EVENT_VERB = "data_downloaded"
register_verb(EVENT_VERB, "Downloaded all the partnership's data")

USER_COLUMNS = ("id", "full_name", "email")
DICTIONARY_HEADERS = ["table", "column", "type", "can_be_empty", "points_to", "allowed_values",
                      "meaning"]
# Rows fetched at a time (as the backup does); fewer where a row may carry a whole stored
# document.
CHUNK_ROWS_WITH_BINARY = 20
# Parts of a column's name that mark something no export may carry.
SECRET_MARKS = ("password", "secret", "hash")

TYPE_WORDS = {
    "AutoField": "whole number", "BigAutoField": "whole number", "SmallAutoField": "whole number",
    "IntegerField": "whole number", "BigIntegerField": "whole number",
    "SmallIntegerField": "whole number", "PositiveIntegerField": "whole number",
    "PositiveBigIntegerField": "whole number", "PositiveSmallIntegerField": "whole number",
    "DecimalField": "decimal number (exact, as text)", "FloatField": "number",
    "BooleanField": "true or false", "NullBooleanField": "true or false",
    "DateField": "date (ISO 8601, 2026-12-05)",
    "DateTimeField": "date and time (ISO 8601 with time zone)",
    "TimeField": "time (ISO 8601)", "DurationField": "length of time (ISO 8601 duration)",
    "JSONField": "JSON", "UUIDField": "identifier (UUID)",
    "FileField": "file (its path inside this zip)",
    "BinaryField": "stored document (its path inside this zip)",
}


@dataclass
class Column:
    """One column of a table: the model field and the name it has in the files."""

    field: models.Field
    name: str


@dataclass
class ExitSummary:
    """What went into a zip: each table's row count, the files and any listed but not found."""

    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing_files: list[str] = field(default_factory=list)


def exit_filename(partnership: Partnership, today: datetime.date | None = None) -> str:
    """The zip's name: "loch-arden-data-2026-12-05.zip"."""
    today = today or timezone.localdate()
    return f"{partnership.short_name}-data-{today.isoformat()}.zip"


def is_secret_column(field_name: str) -> bool:
    """A column no export carries: passwords, anything secret and any hash (API tokens and
    survey invitations keep only a token's hash, which must not leave with the data)."""
    name = field_name.lower()
    return any(mark in name for mark in SECRET_MARKS)


def write_exit_zip(actor: Actor, partnership: Partnership, destination) -> ExitSummary:
    """Write `partnership`'s whole data as a zip to `destination` (an open binary file), and
    record in the event log that `actor` took it. Partnership admins only (and the operator
    on the command line)."""
    _require_admin(actor, partnership)
    summary = ExitSummary()
    dictionary: list[dict] = []
    with state.one_snapshot(), zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for model, queryset in partnership_querysets(partnership.pk, apps=django_apps):
            columns = exported_columns(model)
            dictionary.extend(describe(model, columns))
            summary.tables[table_name(model)] = _write_table(archive, model, columns, queryset,
                                                             summary)
        _write_dictionary(archive, dictionary)
        archive.writestr("README.txt", readme(actor, partnership, summary))
    actor.event(partnership, EVENT_VERB, f"A zip of {len(summary.tables)} tables and "
                f"{_count(summary.files, 'file')}, as CSV and JSON")
    return summary


def _require_admin(actor: Actor, partnership: Partnership) -> None:
    if actor.is_operator:
        return
    access = access_for(actor.user, partnership)
    if access is None:
        raise Partnership.DoesNotExist("No such partnership")
    access.require(Membership.Role.ADMIN)


# Tables ------------------------------------------------------------------------------------

def table_name(model) -> str:
    """"measures_indicator": the app and the model, as the file is named."""
    return f"{model._meta.app_label}_{model._meta.model_name}"


def exported_columns(model) -> list[Column]:
    """Every concrete field but the secret ones; a key by its id, named "<field>_id". People
    (the users the rows refer to) by id, full name and email only."""
    if model is get_user_model():
        return [Column(model._meta.get_field(name), name) for name in USER_COLUMNS]
    return [Column(f, f.attname) for f in model._meta.concrete_fields
            if not is_secret_column(f.attname)]


def _write_table(archive, model, columns, queryset, summary) -> int:
    """Write one table as CSV and JSON, reading its rows once. Both go to temporary files
    first: a zip takes one file at a time, and a row's uploaded files go in as it is read."""
    name = table_name(model)
    json_columns = [isinstance(c.field, models.JSONField) for c in columns]
    has_binary = any(isinstance(c.field, models.BinaryField) for c in columns)
    rows = queryset.order_by("pk").values_list(*[c.field.attname for c in columns])
    count = 0
    with tempfile.TemporaryFile() as csv_spool, tempfile.TemporaryFile() as json_spool:
        csv_text = io.TextIOWrapper(csv_spool, encoding="utf-8", newline="")
        json_text = io.TextIOWrapper(json_spool, encoding="utf-8")
        writer = csv.writer(csv_text)
        writer.writerow([c.name for c in columns])
        json_text.write("[")
        chunk = CHUNK_ROWS_WITH_BINARY if has_binary else ROWS_PER_FETCH
        for values in rows.iterator(chunk_size=chunk):
            values = _with_files(archive, model, columns, values, summary)
            writer.writerow([as_text(v, json_columns[i]) for i, v in enumerate(values)])
            json_text.write(",\n" if count else "\n")
            json.dump({c.name: as_json(v) for c, v in zip(columns, values, strict=True)},
                      json_text, ensure_ascii=False)
            count += 1
        json_text.write("\n]\n" if count else "]\n")
        for spool, text, suffix in ((csv_spool, csv_text, "csv"), (json_spool, json_text, "json")):
            text.flush()
            spool.seek(0)
            with archive.open(f"{name}.{suffix}", "w", force_zip64=True) as target:
                shutil.copyfileobj(spool, target)
            text.detach()
    return count


def _json_array(items: list) -> str:
    return "[" + ",".join("\n" + json.dumps(item, ensure_ascii=False) for item in items) + \
        ("\n" if items else "") + "]\n"


# Values ------------------------------------------------------------------------------------

def as_text(value, is_json: bool = False) -> str:
    """A value as the CSV writes it: ISO 8601 dates and times (with their zone), true/false,
    a JSON column's value as JSON text, and empty for nothing."""
    if value is None:
        return ""
    if is_json:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    return str(value)


def as_json(value):
    """A value as the JSON files hold it: numbers, true/false and null as JSON's own; exact
    decimals, dates and identifiers as the same text the CSV has."""
    if value is None or isinstance(value, bool | int | float | dict | list):
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return as_text(value)


# Files -------------------------------------------------------------------------------------

def _with_files(archive, model, columns, values, summary) -> tuple:
    """The row with each uploaded file and stored document copied into files/ and its column
    holding that path; a file listed but no longer stored keeps its stored name."""
    if not any(isinstance(c.field, models.FileField | models.BinaryField) for c in columns):
        return values
    row = dict(zip([c.field.attname for c in columns], values, strict=True))
    changed = list(values)
    for i, column in enumerate(columns):
        if isinstance(column.field, models.FileField) and values[i]:
            changed[i] = _copy_stored_file(archive, model, column, row, summary)
        elif isinstance(column.field, models.BinaryField):
            changed[i] = _copy_document(archive, model, column, row, summary)
    return tuple(changed)


def _folder(model, row) -> str:
    return f"files/{table_name(model)}/{row[model._meta.pk.attname]}"


def _copy_stored_file(archive, model, column, row, summary) -> str:
    stored_name = row[column.field.attname]
    path = f"{_folder(model, row)}/{_safe_name(_original_name(row) or stored_name)}"
    try:
        with column.field.storage.open(stored_name, "rb") as source, \
                archive.open(path, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target)
    except (FileNotFoundError, OSError):
        summary.missing_files.append(
            f"{table_name(model)} {row[model._meta.pk.attname]}: {stored_name}")
        return stored_name
    summary.files += 1
    return path


def _copy_document(archive, model, column, row, summary) -> str:
    content = row[column.field.attname]
    if not content:
        return ""
    name = _original_name(row) or column.name + (f".{row['fmt']}" if row.get("fmt") else "")
    path = f"{_folder(model, row)}/{_safe_name(name)}"
    archive.writestr(path, bytes(content))
    summary.files += 1
    return path


def _original_name(row) -> str:
    return row.get("file_name") or row.get("filename") or ""


def _safe_name(name: str) -> str:
    """The file's own name, with no folders and nothing a file system refuses."""
    base = os.path.basename(name.replace("\\", "/")).strip().lstrip(".")
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    return cleaned[:150] or "file"


# The data dictionary -----------------------------------------------------------------------

def describe(model, columns: list[Column]) -> list[dict]:
    """A data dictionary entry for each column of `model`."""
    return [describe_column(model, column) for column in columns]


def describe_column(model, column: Column) -> dict:
    model_field = column.field
    points_to = ""
    if model_field.is_relation and model_field.related_model is not None:
        target = model_field.related_model
        points_to = f"{table_name(target)}.{model_field.target_field.attname}"
    choices = [{"value": as_json(value), "label": str(label)}
               for value, label in (model_field.flatchoices or [])]
    return {
        "table": table_name(model),
        "column": column.name,
        "type": _type_words(model_field),
        "can_be_empty": not model_field.primary_key and bool(model_field.null or model_field.blank),
        "points_to": points_to,
        "allowed_values": choices,
        "meaning": _meaning(model_field, points_to, choices),
    }


def _type_words(model_field) -> str:
    if model_field.is_relation:
        return f"identifier ({_type_words(model_field.target_field)})"
    internal = model_field.get_internal_type()
    return TYPE_WORDS.get(internal, "text")


def _meaning(model_field, points_to: str, choices: list[dict]) -> str:
    words = [_sentence(str(model_field.verbose_name))]
    if model_field.help_text:
        words.append(_sentence(str(model_field.help_text)))
    if points_to:
        words.append(f"Points to {points_to}.")
    if choices:
        listed = "; ".join(f"{c['value']} = {c['label']}" for c in choices)
        words.append(f"One of: {listed}.")
    return " ".join(words)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _write_dictionary(archive, dictionary: list[dict]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(DICTIONARY_HEADERS)
    for entry in dictionary:
        allowed = "; ".join(f"{c['value']} = {c['label']}" for c in entry["allowed_values"])
        writer.writerow([entry["table"], entry["column"], entry["type"],
                         as_text(entry["can_be_empty"]), entry["points_to"], allowed,
                         entry["meaning"]])
    archive.writestr("data_dictionary.csv", buffer.getvalue())
    archive.writestr("data_dictionary.json", _json_array(dictionary))


# README.txt --------------------------------------------------------------------------------

def readme(actor: Actor, partnership: Partnership, summary: ExitSummary) -> str:
    now = timezone.now()
    who = actor.user
    made_by = f"{who.display_name} <{who.email}>" if who is not None else f"PIF's operator " \
        f"(through the {actor.via})"
    tables = "\n".join(f"  {name}.csv / {name}.json: {_count(count, 'row')}"
                       for name, count in sorted(summary.tables.items()))
    missing = ""
    if summary.missing_files:
        missing = ("\nFiles listed but no longer stored (their column keeps the stored name):\n"
                   + "\n".join(f"  {item}" for item in summary.missing_files) + "\n")
    title = f"All of {partnership.name}'s data from PIF"
    return README_TEXT.format(
        title=title, underline="=" * len(title), partnership=partnership.name,
        short_name=partnership.short_name,
        made_at=format_time(now), made_at_iso=now.isoformat(timespec="seconds"),
        made_by=made_by, version=pif_version(), tables=tables, files=summary.files,
        missing=missing,
    )


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


README_TEXT = """\
{title}
{underline}

Partnership: {partnership} ({short_name})
Made: {made_at} ({made_at_iso})
Made by: {made_by}
PIF version: {version}

This is the partnership's way to leave PIF or to move its data to another system. It holds
every table of the partnership's data, their history (who changed what, and when), the
people the rows refer to, uploaded files and a data dictionary.

The files
---------
<app>_<model>.csv   One file per table. UTF-8, comma-separated, a header row of column
                    names, one row per record.
<app>_<model>.json  The same rows as a JSON array: one object per record, keyed by
                    column name. Numbers, true/false and empty (null) are JSON's own;
                    exact decimals, dates and identifiers are text, as in the CSV.
data_dictionary.csv and data_dictionary.json
                    Every column of every table: its type, whether it can be empty,
                    what it means, the values it allows and the table a key points to.
files/              Uploaded files and stored documents, in files/<table>/<record id>/,
                    under their original names where known. The file's column in its
                    table holds its path inside this zip.

Values in the CSV files: dates and times in ISO 8601 (times with their time zone, as
stored: UTC), true or false, an empty cell for nothing, JSON as JSON text. A key to
another table is that record's id, in a column named <field>_id.

Tables named ..._historical<model> are the history: each row is a record as it was after
a change, with history_date (when), history_user_id (who: see accounts_user),
history_type (+ created, ~ changed, - deleted) and history_change_reason.

Some cells are large: a report's or a publication's snapshot is kept as JSON in one cell
(over a megabyte, at times); a program reading the CSV may need its cell limit raised
(in Python, csv.field_size_limit), or read the JSON files instead.

Values are written exactly as stored. A spreadsheet may treat a cell that begins with
=, +, - or @ as a formula: open the CSV files in a spreadsheet with care, or import them.

Tables in this file:
{tables}

Uploaded files and stored documents: {files}
{missing}
What is not in it
-----------------
- Other partnerships' data.
- Password hashes, API token and survey link hashes, and anything secret.
- Sign-in sessions.
- Anything about a person beyond their id, full name and email address, and only for
  the people the partnership's rows refer to (members, authors of changes).

Whose data this is
------------------
This is the partnership's own data, not covered by PIF's software licence: the partnership
decides how it may be used. It includes personal data (names and email addresses, and
whatever people wrote); keep it as the partnership's data protection arrangements require.
"""

