"""A 10 MB upload never takes more than about 300 MB of memory, nor long to read.

Each file is read in a fresh Python process, which reports its peak memory (Linux's
`VmHWM`, everything the process has held, Python and C alike; unlike `ru_maxrss` it is not
inherited from the test process that started it) and the time reading took; the figures are
printed (run with `-s` to see them). Before reading was bounded, a 10 MB file of blank
lines took a worker to 2 GB and 12 seconds, and a 0.95 MB workbook of 8.8 million empty cells
timed the worker out on every visit to its preview.

Nothing here depends on how fast the machine is: reading's time limit (`MAX_SECONDS`) is
lifted while measuring, so a busy machine answers as a quiet one does, only later, and no
test asserts a time. The time limit has its own test in test_import_files.py.
"""

import io
import json
import subprocess
import sys
import textwrap
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from pif.measures.importing import readers
from pif.measures.models import Upload

CEILING_MB = 300
# An upload through the site runs in a process that has loaded the whole site first. Since
# 6 December 2026 that includes the API (django-ninja, pydantic) and single sign-on (Authlib,
# requests, cryptography): 20 to 25 MB more at start-up whatever is uploaded (measured: 114 to
# 125 MB before the upload, the upload's own share unchanged at about 195 MB), so uploads
# through the site are allowed 30 MB more than reading a file alone.
SITE_CEILING_MB = CEILING_MB + 30
pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(),
                                reason="measures memory with Linux's /proc")
TEN_MB = 10 * 1024 * 1024

MEASURE = textwrap.dedent("""
    import json, os, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pif.settings_test")
    import django
    django.setup()
    from pif.measures.importing import readers
    readers.MAX_SECONDS = float("inf")  # the outcome must not depend on the machine's speed
    from pif.measures.importing.layout import LayoutError, find_layout
    from pif.measures.importing.readers import ReadError, read_sheets
    from pif.measures.importing.records import raw_records, table_problems

    def peak_mb():
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    path = sys.argv[1]
    with open(path, "rb") as handle:
        content = handle.read()
    baseline = peak_mb()
    start = time.monotonic()
    try:
        layout = find_layout(read_sheets(content, os.path.basename(path)), {})
        problems, records = list(table_problems(layout)), list(raw_records(layout))
        outcome = f"{len(problems)} problems, {len(records)} records"
    except (ReadError, LayoutError) as error:
        outcome = str(error)
    print(json.dumps({"baseline_mb": baseline, "peak_mb": peak_mb(),
                      "seconds": time.monotonic() - start, "outcome": outcome}))
""")


def measured(path) -> dict:
    """Read the file in a fresh process; its peak memory, time and outcome."""
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True,
                          text=True, timeout=120, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\n{path.name} ({path.stat().st_size / 1e6:.2f} MB): peak {figures['peak_mb']:.0f} MB "
          f"(Python and Django alone {figures['baseline_mb']:.0f} MB), read in "
          f"{figures['seconds']:.1f} s: {figures['outcome']}")
    return figures


def blank_lines_csv(path):
    header = b"Indicator,Period,Value\n"
    path.write_bytes(header + b"\n" * (TEN_MB - len(header)))
    return path


DENSE_HEADER, DENSE_LINE = b"Indicator,Period,Value,Note\n", b"AE-4HR,May 2024,90.5,Seen\n"
DENSE_ROWS = (TEN_MB - len(DENSE_HEADER)) // len(DENSE_LINE)


def dense_csv(path):
    """10 MB of real-looking rows: the most values an upload can hold."""
    path.write_bytes(DENSE_HEADER + DENSE_LINE * DENSE_ROWS)
    return path


def workbook_of_empty_cells(path, rows: int, columns: int):
    """A workbook with a header and one row of values, then `rows` rows of `columns` empty
    formatted cells: a tiny file, as such cells compress to almost nothing."""
    workbook = Workbook()
    workbook.active.append(["Indicator", "Period", "Value"])
    workbook.active.append(["AE-4HR", "May 2024", 90.5])
    stream = io.BytesIO()
    workbook.save(stream)
    source = zipfile.ZipFile(stream)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename != "xl/worksheets/sheet1.xml":
                target.writestr(member, data)
                continue
            head, tail = data.split(b"</sheetData>")
            empty_row = b'<c s="1"/>' * columns
            with target.open(member.filename, "w") as sheet:
                sheet.write(head)
                for number in range(3, 3 + rows):
                    sheet.write(b'<row r="%d">%s</row>' % (number, empty_row))
                sheet.write(b"</sheetData>" + tail)
    return path


def with_shared_text(name: str, data: bytes) -> bytes:
    """A workbook's part, declaring a table of shared text if it is where that is declared."""
    if name == "[Content_Types].xml":
        return data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                            b'ContentType="application/vnd.openxmlformats-officedocument.'
                            b'spreadsheetml.sharedStrings+xml"/></Types>')
    if name == "xl/_rels/workbook.xml.rels":
        return data.replace(b"</Relationships>", b'<Relationship Id="rIdShared" Type="http://'
                            b"schemas.openxmlformats.org/officeDocument/2006/relationships/"
                            b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    return data


def workbook_of_shared_text(path, megabytes: float):
    """A workbook whose table of shared text holds `megabytes` of tiny distinct strings,
    which openpyxl reads whole before any sheet."""
    workbook = Workbook()
    workbook.active.append(["Indicator", "Period", "Value"])
    workbook.active.append(["AE-4HR", "May 2024", 90.5])
    stream = io.BytesIO()
    workbook.save(stream)
    source = zipfile.ZipFile(stream)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, with_shared_text(member.filename, source.read(member)))
        with target.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                          b'main">')
            written, number = 0, 0
            while written < megabytes * 1e6 - 20_000:
                chunk = b"".join(b"<si><t>%d</t></si>" % (number + n) for n in range(1000))
                strings.write(chunk)
                written, number = written + len(chunk), number + 1000
            strings.write(b"</sst>")
    return path


def test_a_workbook_with_as_much_shared_text_as_pif_reads_is_read_in_under_300_mb(tmp_path):
    figures = measured(workbook_of_shared_text(tmp_path / "shared-text.xlsx", megabytes=9.9))
    assert figures["peak_mb"] < CEILING_MB
    assert figures["outcome"] == "0 problems, 1 records"


def test_a_workbook_with_more_shared_text_than_pif_reads_is_refused_at_once(tmp_path):
    figures = measured(workbook_of_shared_text(tmp_path / "shared-text.xlsx", megabytes=30))
    assert figures["peak_mb"] < CEILING_MB
    assert "has a part (xl/sharedStrings.xml) that unpacks to 30 MB" in figures["outcome"]


def test_a_10_mb_csv_of_blank_lines_is_refused_in_little_memory(tmp_path):
    figures = measured(blank_lines_csv(tmp_path / "blank-lines.csv"))
    assert figures["peak_mb"] < CEILING_MB
    assert "is larger than PIF reads (1,048,576 rows" in figures["outcome"]


def test_a_workbook_of_8_8_million_empty_cells_is_refused_in_little_memory(tmp_path):
    path = workbook_of_empty_cells(tmp_path / "empty-cells.xlsx", rows=3000, columns=2940)
    assert path.stat().st_size < 1_000_000
    figures = measured(path)
    assert figures["peak_mb"] < CEILING_MB
    assert "is larger than PIF reads (1,048,576 rows or 2,000,000 cells" in figures["outcome"]


def test_a_workbook_of_nearly_two_million_empty_cells_is_read_in_little_memory(tmp_path):
    figures = measured(workbook_of_empty_cells(tmp_path / "empty-cells.xlsx", rows=650,
                                               columns=2900))
    assert figures["peak_mb"] < CEILING_MB
    assert figures["outcome"] == "0 problems, 1 records"


def test_a_10_mb_csv_of_values_is_read_in_under_300_mb(tmp_path):
    figures = measured(dense_csv(tmp_path / "values.csv"))
    assert figures["peak_mb"] < CEILING_MB
    assert figures["outcome"] == f"0 problems, {DENSE_ROWS} records"


def test_uploading_a_hostile_file_takes_little_memory_and_its_preview_none(client, world,
                                                                          tmp_path, monkeypatch):
    """The whole upload, through the page, measured by Python's own allocation tracing.
    Tracing makes reading several times slower: on a busy machine reading's time limit once
    answered before its size limit did, so the limit is lifted here."""
    monkeypatch.setattr(readers, "MAX_SECONDS", float("inf"))
    path = blank_lines_csv(tmp_path / "hostile.csv")
    client.force_login(world.editor)
    tracemalloc.start()
    try:
        client.post(reverse("upload", args=["alpha"]),
                    {"file": SimpleUploadedFile(path.name, path.read_bytes())})
        upload_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        preview = client.get(reverse("upload_preview", args=["alpha", Upload.objects.get().pk]))
        preview_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"\n{path.name}: upload peak {upload_peak / 1e6:.0f} MB, preview peak "
          f"{preview_peak / 1e6:.0f} MB (Python allocations)")
    assert "is larger than PIF reads" in preview.text
    assert upload_peak < CEILING_MB * 1e6
    assert preview_peak < 50e6


# The whole upload, as a worker runs it: the page receives the file, reads and checks it,
# and keeps both. A fresh process (its database made beforehand by another) makes the
# partnership, then posts the file; its peak is everything it ever held, Django included.
UPLOAD = textwrap.dedent("""
    import json, os, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pif.settings_test")
    os.environ["DATABASE_URL"] = "sqlite:///" + sys.argv[2]
    import django
    django.setup()
    from pif.measures.importing import readers
    readers.MAX_SECONDS = float("inf")  # the outcome must not depend on the machine's speed
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    def peak_mb():
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    if sys.argv[3] == "migrate":
        call_command("migrate", verbosity=0)
        sys.exit()
    setup_test_environment()
    from pif.measures.models import Indicator, Upload
    from pif.testing import build_world
    world = build_world()
    Indicator.objects.bulk_create(
        Indicator(partnership=world.partnership, owner=world.council, code=f"IND{n:04d}",
                  title=f"Indicator {n}", frequency="monthly", unit="percentage")
        for n in range(1000))
    if sys.argv[3] == "every value unusual":  # none is within process limits of -2 to -1
        from pif.measures.models.status import IndicatorStatus
        IndicatorStatus.objects.bulk_create(
            IndicatorStatus(indicator=indicator, lower_limit=-2, upper_limit=-1)
            for indicator in Indicator.objects.all())
    client = Client()
    client.force_login(world.users["editor"])
    with open(sys.argv[1], "rb") as handle:
        content = handle.read()
    baseline = peak_mb()
    start = time.monotonic()
    client.post(reverse("upload", args=["alpha"]),
                {"file": SimpleUploadedFile(os.path.basename(sys.argv[1]), content)})
    seconds = time.monotonic() - start
    checked = Upload.objects.get().checked
    problems = len(checked["problems"]) + checked["more_problems"]
    rows = checked["row_count"]
    first = checked["problems"][0][2] if checked["problems"] else ""
    warnings = len(checked["warnings"]) + checked["more_warnings"]
    print(json.dumps({"baseline_mb": baseline, "peak_mb": peak_mb(), "seconds": seconds,
                      "outcome": f"{problems} problems, {rows} rows", "first": first,
                      "warnings": warnings}))
""")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def valid_lines():
    """Rows for 1,000 indicators, month after month from January 1985: none repeats."""
    for year in range(1985, 2025):
        for month in MONTHS:
            for n in range(1000):
                yield [f"IND{n:04d}", f"{month} {year}", (n * 7 + year) % 1000 / 10]


def valid_csv(path):
    """10 MB of valid rows: the most values a CSV upload can hold."""
    header = "Indicator,Period,Value\n"
    lines, size = [header], len(header)
    for cells in valid_lines():
        line = ",".join(map(str, cells)) + "\n"
        if size + len(line) > TEN_MB:
            break
        lines.append(line)
        size += len(line)
    path.write_text("".join(lines))
    return path, len(lines) - 1


def valid_workbook(path, rows: int):
    """A workbook of `rows` valid rows, written as Excel writes one (its text in a shared
    table, each cell with its reference), which openpyxl cannot write quickly."""
    workbook = Workbook()
    workbook.active.append(["Indicator", "Period", "Value"])
    stream = io.BytesIO()
    workbook.save(stream)
    source = zipfile.ZipFile(stream)
    texts: dict[str, int] = {"Indicator": 0, "Period": 1, "Value": 2}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                target.writestr(member, with_shared_text(member.filename, source.read(member)))
        head, tail = source.read("xl/worksheets/sheet1.xml").split(b"<sheetData>")
        tail = tail.split(b"</sheetData>")[1]
        with target.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(head + b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
                        b'<c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>')
            for number, (code, period, value) in enumerate(valid_lines(), start=2):
                if number > rows + 1:
                    break
                code, period = (texts.setdefault(text, len(texts)) for text in (code, period))
                sheet.write(b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d'
                            b'</v></c><c r="C%d"><v>%r</v></c></row>'
                            % (number, number, code, number, period, number, value))
            sheet.write(b"</sheetData>" + tail)
        target.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/'
                        'spreadsheetml/2006/main">' + "".join(f"<si><t>{text}</t></si>"
                                                              for text in texts) + "</sst>")
    return path


def uploaded(path, tmp_path, how="upload") -> dict:
    """Upload the file in a fresh process; its peak memory, time and outcome."""
    database = str(tmp_path / "db.sqlite3")
    for step in ("migrate", how):
        done = subprocess.run([sys.executable, "-c", UPLOAD, str(path), database, step],
                              capture_output=True, text=True, timeout=300, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nuploading {path.name} ({path.stat().st_size / 1e6:.2f} MB): peak "
          f"{figures['peak_mb']:.0f} MB (before the upload {figures['baseline_mb']:.0f} MB), "
          f"in {figures['seconds']:.1f} s: {figures['outcome']}")
    return figures


def test_uploading_a_10_mb_csv_of_valid_values_takes_under_300_mb(tmp_path):
    path, rows = valid_csv(tmp_path / "values.csv")
    figures = uploaded(path, tmp_path)
    assert figures["outcome"] == f"0 problems, {rows} rows"
    assert figures["peak_mb"] < SITE_CEILING_MB


def test_uploading_a_10_mb_csv_with_a_warning_on_every_row_takes_under_300_mb(tmp_path):
    path, rows = valid_csv(tmp_path / "values.csv")
    figures = uploaded(path, tmp_path, "every value unusual")
    assert figures["outcome"] == f"0 problems, {rows} rows"
    assert figures["warnings"] == rows
    assert figures["peak_mb"] < SITE_CEILING_MB


def test_uploading_a_10_mb_csv_with_a_problem_on_every_row_takes_under_300_mb(tmp_path):
    header, line = b"Indicator,Period,Value\n", b"IND0001,May 2024,ninety\n"
    path = tmp_path / "problems.csv"
    path.write_bytes(header + line * ((TEN_MB - len(header)) // len(line)))
    figures = uploaded(path, tmp_path)
    assert figures["outcome"].endswith(" problems, 0 rows")
    assert figures["peak_mb"] < SITE_CEILING_MB


def test_uploading_a_workbook_of_valid_values_takes_under_300_mb(tmp_path):
    rows = 478_800  # those of the 10 MB CSV: 8 MB as a workbook, read in about 10 seconds
    path = valid_workbook(tmp_path / "values.xlsx", rows)
    assert path.stat().st_size < TEN_MB
    figures = uploaded(path, tmp_path)
    assert figures["outcome"] == f"0 problems, {rows} rows"
    assert figures["peak_mb"] < SITE_CEILING_MB
