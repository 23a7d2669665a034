"""The one way PIF writes a moment: "5 December 2026, 06:23", in the local time zone."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.template import Context, Template

from pif.times import format_time

SUMMER_MORNING = datetime(2026, 7, 5, 5, 23, tzinfo=UTC)  # 06:23 in London


@pytest.mark.parametrize("moment", [SUMMER_MORNING, datetime(2026, 12, 5, 6, 23, tzinfo=UTC)])
def test_a_moment_is_written_day_first_then_the_local_time(moment):
    assert format_time(moment) == f"5 {moment:%B} 2026, 06:23"


def test_pages_write_a_moment_the_same_way():
    rendered = Template("{% load times %}{{ when|pif_time }}").render(
        Context({"when": SUMMER_MORNING}))
    assert rendered == "5 July 2026, 06:23"


def test_no_page_writes_a_time_of_day_its_own_way():
    """A time of day ("H:i") is written by `pif.times` alone."""
    root = Path(__file__).resolve().parents[1]
    written_apart = [
        str(path.relative_to(root)) for path in root.rglob("*")
        if path.suffix in (".html", ".txt", ".py") and "migrations" not in path.parts
        and path.name not in ("times.py", "test_times.py", "settings.py")
        and "H:i" in path.read_text(encoding="utf-8")]
    assert written_apart == []
