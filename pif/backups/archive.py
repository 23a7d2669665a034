"""The backup file: a zip of a manifest, one JSON-lines file per table and the uploaded files,
optionally encrypted with Fernet. See docs/adr/0022-backups.md.

Layout of the zip:

- `manifest.json`: format and version, PIF version, when made, database vendor, scope, the
  applied migrations per app, and for each table its data file, row count and SHA-256,
  for each uploaded file its name and SHA-256, and what was left out (sessions).
- `data/<app>.<Model>.jsonl`: first line `{"model": ..., "columns": [...]}`, then one JSON
  list per row, values typed by field (see `encode_value`), so a backup made on SQLite
  loads into PostgreSQL and back.
- `media/<name>`: the files under MEDIA_ROOT that the rows' file fields name.

An encrypted backup is `MAGIC` and a random file id, followed by Fernet tokens of at most
`CHUNK_BYTES` of the zip each, every token prefixed by its length; each token's plain text
starts with the file id, its sequence number and a last-chunk flag, so chunks cannot be
dropped, reordered, cut off or spliced in from another backup made with the same key
unnoticed.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import json
import os
import struct
import uuid
from pathlib import Path

from django.core.management.base import CommandError

FORMAT = "pif-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAGIC = b"PIF-BACKUP-FERNET-2\n"
CHUNK_BYTES = 1024 * 1024
KEY_VARIABLE = "PIF_BACKUP_KEY"
_FILE_ID_BYTES = 16
_CHUNK_HEADER = struct.Struct(">16sQ?")  # file id, sequence number, last chunk
_LENGTH = struct.Struct(">I")


# Values -----------------------------------------------------------------------------------

def value_type(field) -> str:
    """The field's internal type, following a foreign key to the field it points at."""
    while field.is_relation:
        field = field.target_field
    return field.get_internal_type()


def encode_value(kind: str, value):
    """A value as JSON can carry it: dates and times as ISO 8601 (with zone), decimals as
    text (no rounding through floats), durations as microseconds, binary as base64."""
    if value is None:
        return None
    if kind in {"DateTimeField", "DateField", "TimeField"}:
        return value.isoformat()
    if kind == "DecimalField":
        return str(value)
    if kind == "DurationField":
        return value // datetime.timedelta(microseconds=1)
    if kind == "UUIDField":
        return str(value)
    if kind == "BinaryField":
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode_value(kind: str, value):
    """The inverse of `encode_value`."""
    if value is None:
        return None
    if kind == "DateTimeField":
        return datetime.datetime.fromisoformat(value)
    if kind == "DateField":
        return datetime.date.fromisoformat(value)
    if kind == "TimeField":
        return datetime.time.fromisoformat(value)
    if kind == "DecimalField":
        return decimal.Decimal(value)
    if kind == "DurationField":
        return datetime.timedelta(microseconds=value)
    if kind == "UUIDField":
        return uuid.UUID(value)
    if kind == "BinaryField":
        return base64.b64decode(value)
    return value


def data_file_name(model) -> str:
    return f"data/{model._meta.app_label}.{model.__name__}.jsonl"


def sha256_of(stream, size=CHUNK_BYTES) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(size):
        digest.update(chunk)
    return digest.hexdigest()


class HashingWriter:
    """Wraps a binary stream: counts lines and keeps a SHA-256 of what passes through."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def write_line(self, obj) -> None:
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"),
                          sort_keys=True).encode() + b"\n"
        self.digest.update(line)
        self.stream.write(line)


# The key and encryption -------------------------------------------------------------------

def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode("ascii")


def fernet_from_environment():
    """The Fernet of PIF_BACKUP_KEY, or a CommandError that says what to do."""
    from cryptography.fernet import Fernet

    key = os.environ.get(KEY_VARIABLE, "").strip()
    if not key:
        raise CommandError(
            f"{KEY_VARIABLE} is not set. Set it to the backup key (make one with "
            "`pif backup --new-key` and keep it somewhere safe apart from the backups).")
    try:
        return Fernet(key.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as error:
        raise CommandError(
            f"{KEY_VARIABLE} is not a valid backup key: it must be 32 bytes in URL-safe "
            "base64, as `pif backup --new-key` prints.") from error


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as stream:
        return stream.read(len(MAGIC)) == MAGIC


def encrypt_file(plain: Path, target: Path, fernet) -> None:
    """Encrypt `plain` into `target` a chunk at a time (see the module docstring)."""
    size = plain.stat().st_size
    with open(plain, "rb") as source, open(target, "wb") as out:
        file_id = os.urandom(_FILE_ID_BYTES)
        out.write(MAGIC + file_id)
        index = 0
        done = 0
        while True:
            chunk = source.read(CHUNK_BYTES)
            done += len(chunk)
            last = done >= size
            token = fernet.encrypt(_CHUNK_HEADER.pack(file_id, index, last) + chunk)
            out.write(_LENGTH.pack(len(token)) + token)
            index += 1
            if last:
                break


def decrypt_file(source_path: Path, target: Path, fernet) -> None:
    """Decrypt into `target`, or raise CommandError: wrong key, damaged or cut short."""
    from cryptography.fernet import InvalidToken

    damaged = CommandError(f"{source_path} is damaged or cut short: it cannot be decrypted.")
    with open(source_path, "rb") as source, open(target, "wb") as out:
        if source.read(len(MAGIC)) != MAGIC:
            raise damaged
        file_id = source.read(_FILE_ID_BYTES)
        if len(file_id) != _FILE_ID_BYTES:
            raise damaged
        index = 0
        while True:
            length = source.read(_LENGTH.size)
            if len(length) != _LENGTH.size:
                raise damaged
            expected = _LENGTH.unpack(length)[0]
            token = source.read(expected)
            if len(token) != expected:
                raise damaged
            try:
                plain = fernet.decrypt(token)
            except InvalidToken as error:
                if index == 0:
                    raise CommandError(
                        f"{source_path} cannot be decrypted with this {KEY_VARIABLE}: "
                        "it is the wrong key, or the file is damaged.") from error
                raise damaged from error
            if len(plain) < _CHUNK_HEADER.size:
                raise damaged
            chunk_file, number, last = _CHUNK_HEADER.unpack(plain[:_CHUNK_HEADER.size])
            if chunk_file != file_id or number != index:
                raise damaged
            out.write(plain[_CHUNK_HEADER.size:])
            index += 1
            if last:
                break
        if source.read(1):
            raise damaged
