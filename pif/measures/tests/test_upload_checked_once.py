"""The upload pages read a file once, when it is uploaded: the preview and the import work
from the check kept on the upload. Damaged files, double submissions and unusual values each
get a clear page, never a 500."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from pif.measures.importing import ImportOptions, check_file, run
from pif.measures.importing.run import unpack_rows
from pif.measures.models import Observation, Upload
from pif.measures.models.status import IndicatorStatus
from pif.measures.views import upload as upload_views

START = reverse("upload", args=["alpha"])
CLEAN = b"Indicator,Period,Value\nAE-4HR,May 2024,90.5\n"


def preview_url(upload) -> str:
    return reverse("upload_preview", args=["alpha", upload.pk])


def upload_file(client, user, content: bytes, name="values.csv"):
    client.force_login(user)
    response = client.post(START, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.text[:2000]
    return Upload.objects.get()


@pytest.fixture
def ae(world):
    return world.sample_indicator()


@pytest.fixture
def no_reading(monkeypatch):
    """Make any further reading of a file fail loudly."""
    def refuse(*args, **kwargs):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(run, "read_sheets", refuse)


def test_the_check_is_kept_on_the_upload_and_the_preview_never_reads_the_file_again(
        client, world, ae, request):
    upload = upload_file(client, world.editor, CLEAN)
    [row] = unpack_rows(upload.checked["rows"])
    assert (row.row, row.code, row.period.key, row.breakdown, row.value, row.numerator,
            row.denominator, row.missing_code, row.status, row.note) == (
        2, "AE-4HR", "M2024-05", "", 90.5, None, None, "", "provisional", "")
    request.getfixturevalue("no_reading")
    for _ in range(2):
        response = client.get(preview_url(upload))
        assert response.status_code == 200
        assert "Check values.csv before importing it" in response.text
        assert "1 new, 0 changed and 0 unchanged values for 1 indicator" in response.text
    client.post(preview_url(upload))
    assert Observation.objects.get(period="M2024-05").value == 90.5


def test_problems_are_kept_too_and_shown_without_reading_the_file(client, world, ae, request):
    upload = upload_file(client, world.editor,
                         b"Indicator,Period,Value,Value\nAE-4HR,May 2024,1,2\n")
    request.getfixturevalue("no_reading")
    response = client.get(preview_url(upload))
    assert "This column has the same header as column" in response.text
    assert client.post(preview_url(upload)).status_code == 200
    assert not Observation.objects.filter(period="M2024-05").exists()


def test_an_upload_from_before_checks_were_kept_is_checked_once_on_its_first_visit(
        client, world, ae, request):
    upload = world.sample_upload()
    assert upload.checked is None
    client.force_login(world.contributor)
    assert client.get(preview_url(upload)).status_code == 200
    upload.refresh_from_db()
    row = unpack_rows(upload.checked["rows"])[0]
    assert (row.row, row.code, row.period.key) == (2, "AE-4HR", "M2024-05")
    request.getfixturevalue("no_reading")
    assert client.get(preview_url(upload)).status_code == 200


def damaged_workbook() -> bytes:
    """A workbook whose sheet's XML breaks off part way, as a failed save leaves it."""
    workbook = Workbook()
    workbook.active.append(["Indicator", "Period", "Value"])
    stream = io.BytesIO()
    workbook.save(stream)
    source, out = zipfile.ZipFile(stream), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data[:data.index(b"</sheetData>")] + b"<row><c r="
            target.writestr(member, data)
    return out.getvalue()


def test_a_damaged_workbook_is_refused_on_the_page_never_with_a_500(client, world, ae):
    upload = upload_file(client, world.editor, damaged_workbook(), name="broken.xlsx")
    for _ in range(2):
        response = client.get(preview_url(upload))
        assert response.status_code == 200
        assert "broken.xlsx is not an Excel workbook we can read" in response.text


def test_confirming_twice_says_the_file_has_already_been_imported(client, world, ae):
    upload = upload_file(client, world.editor, CLEAN)
    client.post(preview_url(upload))
    response = client.post(preview_url(upload), follow=True)
    assert response.status_code == 200
    assert "This file has already been imported" in response.text
    assert Observation.objects.filter(period="M2024-05").count() == 1


def test_a_second_confirmation_racing_the_first_imports_nothing_and_says_so(client, world, ae,
                                                                          monkeypatch):
    """The second request loaded the upload before the first had marked it imported."""
    upload = upload_file(client, world.editor, CLEAN)
    stale = Upload.objects.get(pk=upload.pk)
    client.post(preview_url(upload))
    Observation.objects.filter(period="M2024-05").update(value=1)
    monkeypatch.setattr(upload_views, "get_upload", lambda *args: stale)
    response = client.post(preview_url(upload), follow=True)
    assert response.status_code == 200
    assert "This file has already been imported" in response.text
    assert Observation.objects.get(period="M2024-05").value == 1


def test_an_indicator_deleted_after_the_check_stops_the_import_with_a_message(client, world):
    other = world.sample_indicator()
    upload = upload_file(client, world.editor, CLEAN)
    Observation.objects.filter(indicator=other).delete()
    other.delete()
    response = client.post(preview_url(upload))
    assert response.status_code == 200
    assert ("The indicator AE-4HR has been deleted since this file was checked: upload the "
            "file again") in response.text
    assert Upload.objects.get().imported_at is None


def test_unusual_values_are_shown_as_warnings_and_can_still_be_imported(client, world, ae):
    limits = IndicatorStatus.objects.get(indicator=ae)
    limits.lower_limit, limits.upper_limit = 85.0, 95.0
    limits.save()
    upload = upload_file(client, world.editor, b"Indicator,Period,Value\nAE-4HR,May 2024,60\n"
                                               b"AE-4HR,June 2024,90\n")
    response = client.get(preview_url(upload))
    assert "1 value is unusual. It can be imported, but check it first." in response.text
    assert "AE-4HR, May 2024: 60 is outside this indicator&#x27;s process limits" in response.text
    assert "AE-4HR, June 2024" not in response.text
    client.post(preview_url(upload))
    assert Observation.objects.get(period="M2024-05").value == 60


def test_a_file_with_thousands_of_problems_keeps_the_first_thousand_and_counts_the_rest(
        client, world, ae):
    rows = b"".join(b"AE-4HR,May 2024,Area %d,not a number\n" % n for n in range(1500))
    upload = upload_file(client, world.editor, b"Indicator,Period,Breakdown,Value\n" + rows)
    assert len(upload.checked["problems"]) == 1000
    assert upload.checked["more_problems"] == 500
    response = client.get(preview_url(upload))
    assert "1500 problems in values.csv: nothing has been imported" in response.text
    assert "And 500 more problems not shown here." in response.text


def test_a_check_kept_in_an_older_form_is_made_again_from_the_file(client, world, ae):
    upload = upload_file(client, world.editor, CLEAN)
    upload.checked = {"version": 0, "rows": "in a form this version cannot read"}
    upload.save()
    assert client.get(preview_url(upload)).status_code == 200
    upload.refresh_from_db()
    assert upload.checked["version"] == 2 and upload.checked["row_count"] == 1


def test_a_jump_of_more_than_half_the_range_from_the_stored_value_before_warns(
        client, world, ae):
    """AE-4HR holds 90.1, 91.2, 89.5 and 92.0 for January to April 2024 (a percentage, so
    its range is 100): each row is compared with the stored value for the period before it."""
    upload = upload_file(client, world.editor, b"Indicator,Period,Value\nAE-4HR,May 2024,30\n"
                                               b"AE-4HR,Feb 2024,20\nAE-4HR,June 2024,90\n")
    response = client.get(preview_url(upload))
    assert ("AE-4HR, May 2024: 30 is a change of more than half this indicator&#x27;s range "
            "from the previous value, 92: check it is right") in response.text
    assert ("AE-4HR, February 2024: 20 is a change of more than half this indicator&#x27;s "
            "range from the previous value, 90.1: check it is right") in response.text
    assert "AE-4HR, June 2024" not in response.text  # 90 is near April's 92


def test_previous_values_are_read_in_one_query_for_any_number_of_rows(world, ae):
    lines = b"".join(b"AE-4HR,%s 2023,50\n" % month for month in
                     (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug"))
    counted = {}
    for name, content in (("one", b"Indicator,Period,Value\nAE-4HR,Jan 2023,50\n"),
                          ("eight", b"Indicator,Period,Value\n" + lines)):
        with CaptureQueriesContext(connection) as queries:
            check_file(content, "values.csv", partnership=world.partnership,
                       options=ImportOptions())
        counted[name] = len(queries)
    assert counted["one"] == counted["eight"]


def test_a_file_with_thousands_of_warnings_keeps_the_first_thousand_and_counts_them_all(
        client, world, ae):
    limits = IndicatorStatus.objects.get(indicator=ae)
    limits.lower_limit, limits.upper_limit = 85.0, 95.0
    limits.save()
    rows = b"".join(b"AE-4HR,May 2024,Area %d,60\n" % n for n in range(1500))
    upload = upload_file(client, world.editor, b"Indicator,Period,Breakdown,Value\n" + rows)
    assert len(upload.checked["warnings"]) == 1000 and upload.checked["more_warnings"] == 500
    assert upload.checked["warnings"][0][0] == 2
    response = client.get(preview_url(upload))
    assert "1500 values are unusual. They can be imported, but check them first." in response.text
