"""The one way PIF writes a moment: "5 December 2026, 06:23", in the local time zone
(settings.TIME_ZONE), as the History page has it.

Python code calls `format_time`; templates use the same through the `pif_time` filter
(`{% load times %}`, in pif/partnerships/templatetags/times.py).
"""

from datetime import datetime

from django.utils.dateformat import format as format_date
from django.utils.timezone import localtime

__all__ = ["TIME_FORMAT", "format_time"]

TIME_FORMAT = "j F Y, H:i"


def format_time(moment: datetime) -> str:
    """`moment` as "5 December 2026, 06:23", in local time."""
    return format_date(localtime(moment), TIME_FORMAT)
