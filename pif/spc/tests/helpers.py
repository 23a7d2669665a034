"""Small helpers to read the test data shipped beside the tests."""

import csv
import datetime
import struct
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_rows(name):
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def numbers(rows, column):
    """A column as floats, empty cells as None (missing)."""
    return [None if row[column] == "" else float(row[column]) for row in rows]


def dates(rows, column):
    return [datetime.date.fromisoformat(row[column]) for row in rows]


def from_hex(text):
    """A double from the 16 hex digits R serialises it as (big-endian IEEE 754)."""
    return struct.unpack(">d", bytes.fromhex(text))[0]
