"""The upload pages: choose a file, see every problem or what will change, then import."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from pif.measures.models import Breakdown, Observation, Upload
from pif.measures.testing import make_indicator
from pif.partnerships.models import Membership
from pif.testing import make_user

DATA = Path(__file__).parent / "data"
START = reverse("upload", args=["alpha"])


def preview_url(upload) -> str:
    return reverse("upload_preview", args=["alpha", upload.pk])


def upload_file(client, user, content: bytes, name="values.csv", **fields):
    client.force_login(user)
    return client.post(START, {"file": SimpleUploadedFile(name, content), **fields})


@pytest.fixture
def ae(world):
    return world.sample_indicator()


def test_the_upload_page_says_what_it_is_for_and_offers_a_file_upload(client, world):
    client.force_login(world.contributor)
    response = client.get(START)
    assert response.status_code == 200
    assert "Use this page to add or correct many values at once" in response.text
    assert 'class="govuk-file-upload' in response.text and "What to do next" in response.text


def test_a_viewer_cannot_upload(client, world):
    client.force_login(world.viewer)
    assert client.get(START).status_code == 403
    response = client.post(START, {"file": SimpleUploadedFile("v.csv", b"a")})
    assert response.status_code == 403 and not Upload.objects.exists()


def test_an_outsider_gets_404(client, world, ae):
    upload = world.sample_upload()
    client.force_login(world.outsider)
    assert client.get(START).status_code == 404
    assert client.get(preview_url(upload)).status_code == 404


def test_choosing_no_file_shows_the_error_summary(client, world):
    client.force_login(world.contributor)
    response = client.post(START, {})
    assert 'class="govuk-error-summary"' in response.text
    assert '<a href="#id_file">Select a CSV or Excel file</a>' in response.text


def test_a_file_of_another_type_is_refused(client, world):
    response = upload_file(client, world.contributor, b"%PDF", name="values.pdf")
    assert "The selected file must be a CSV or Excel (.xlsx) file" in response.text
    assert not Upload.objects.exists()


def test_a_clean_file_is_previewed_then_imported_on_confirmation(client, world, ae):
    response = upload_file(client, world.contributor,
                           b"Indicator,Period,Value\nAE-4HR,May 2024,90.5\n")
    upload = Upload.objects.get()
    assert response.status_code == 302 and response["Location"] == preview_url(upload)
    assert upload.uploaded_by == world.contributor
    preview = client.get(preview_url(upload))
    assert "Check values.csv before importing it" in preview.text
    assert "1 new, 0 changed and 0 unchanged values for 1 indicator" in preview.text
    assert not Observation.objects.filter(period="M2024-05").exists()
    done = client.post(preview_url(upload), {"confirm": "yes"}, follow=True)
    observation = Observation.objects.get(period="M2024-05")
    assert (observation.value, observation.entered_by, observation.approved_at) == (
        90.5, world.contributor, None)
    assert "values.csv has been imported" in done.text
    assert reverse("scorecard", args=["alpha"]) in done.text
    upload.refresh_from_db()
    assert upload.imported_at is not None and upload.summary.startswith("1 new")
    assert bytes(upload.content) == b""  # the values are kept; the file is not
    again = client.get(preview_url(upload))
    assert "values.csv has been imported" in again.text


def test_files_never_imported_are_removed_after_the_days_given(world):
    def upload(days_old, imported):
        made = Upload.objects.create(partnership=world.partnership, uploaded_by=world.editor,
                                     filename=f"{days_old}.csv", content=b"x")
        Upload.objects.filter(pk=made.pk).update(
            created=timezone.now() - timedelta(days=days_old),
            imported_at=timezone.now() if imported else None)
        return made
    upload(20, imported=False)
    kept = upload(3, imported=False)
    imported = upload(20, imported=True)
    out = io.StringIO()
    call_command("clear_uploads", "--days", "14", stdout=out)
    assert out.getvalue().splitlines() == [
        "Removed 1 upload never imported and older than 14 days.",
        "Deleted the files of 1 imported upload; their values are kept."]
    with pytest.raises(CommandError, match="Keep files for at least a day"):
        call_command("clear_uploads", "--days", "0")
    assert set(Upload.objects.values_list("pk", flat=True)) == {kept.pk, imported.pk}
    assert bytes(Upload.objects.get(pk=imported.pk).content) == b""
    assert bytes(Upload.objects.get(pk=kept.pk).content) == b"x"


def test_confirming_twice_imports_once(client, world, ae):
    upload_file(client, world.editor, b"Indicator,Period,Value\nAE-4HR,May 2024,90.5\n")
    upload = Upload.objects.get()
    client.post(preview_url(upload))
    Observation.objects.filter(period="M2024-05").update(value=1)
    client.post(preview_url(upload))
    assert Observation.objects.get(period="M2024-05").value == 1


def test_an_editors_import_is_approved(client, world, ae):
    upload_file(client, world.editor, b"Indicator,Period,Value\nAE-4HR,May 2024,90.5\n")
    client.post(preview_url(Upload.objects.get()))
    observation = Observation.objects.get(period="M2024-05")
    assert (observation.status, observation.approved_by) == ("final", world.editor)


def test_one_bad_row_imports_nothing_and_is_listed_by_row_column_and_reason(client, world, ae):
    upload_file(client, world.contributor,
                b"Indicator,Period,Value\nAE-4HR,May 2024,90.5\nAE-4HR,June 2024,\"12,34\"\n")
    upload = Upload.objects.get()
    response = client.post(preview_url(upload), {"confirm": "yes"})
    assert response.status_code == 200
    assert not Observation.objects.filter(period__in=["M2024-05", "M2024-06"]).exists()
    text = response.text
    assert ('<caption id="problems-caption" class="govuk-table__caption govuk-table__caption--m">'
            "Problems in values.csv</caption>") in text
    assert '<a href="#problems">1 problem in values.csv: nothing has been imported</a>' in text
    assert ('<td class="govuk-table__cell govuk-table__cell--numeric">3</td>\n'
            '          <td class="govuk-table__cell">&quot;Value&quot;</td>\n'
            '          <td class="govuk-table__cell">&#x27;12,34&#x27; is not a number: a '
            'thousands separator must be followed by three digits</td>') in text
    assert "Upload a corrected file" in text


def test_a_contributor_can_upload_only_their_organisations_indicators(client, world, ae):
    make_indicator(world.partnership, owner=world.council, code="HOMES")
    upload_file(client, world.contributor,
                b"Indicator,Period,Value\nAE-4HR,May 2024,90\nHOMES,May 2024,3\n")
    response = client.post(preview_url(Upload.objects.get()))
    assert ("HOMES belongs to Alpha Council: you can upload data only for indicators owned by "
            "NHS Alpha") in response.text
    assert not Observation.objects.filter(period="M2024-05").exists()


@pytest.mark.parametrize("name, note", [("utf8_bom.csv", "Café closed"),
                                        ("windows_1252.csv", "Cost £120 – estimate")])
def test_byte_order_marks_and_windows_files_are_read(client, world, ae, name, note):
    ae.unit = "score"  # the files hold 1,234.5, which no percentage can be
    ae.save()
    upload_file(client, world.editor, (DATA / name).read_bytes(), name=name)
    client.post(preview_url(Upload.objects.get()))
    observation = Observation.objects.get(period="M2024-05")
    assert observation.note == note
    assert observation.value in (1234.5, 85.0)


def test_an_xlsx_with_title_rows_above_the_header_is_imported(client, world, ae):
    workbook = Workbook()
    for row in (["NHS Alpha: A&E"], ["Figures to May 2024"], [],
                ["Code", "Month", "Value", "Area"], ["AE-4HR", "Apr-2024", 91, "Ayr"],
                ["AE-4HR", "May-2024", 92, "Ayr"]):
        workbook.active.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    upload_file(client, world.contributor, stream.getvalue(), name="ae.xlsx")
    upload = Upload.objects.get()
    preview = client.get(preview_url(upload))
    assert "column headings in row 4" in preview.text
    assert "1 new breakdown will be added to the partnership: Ayr" in preview.text
    client.post(preview_url(upload))
    assert Observation.objects.filter(breakdown__name="Ayr").count() == 2
    assert Breakdown.objects.get(name="Ayr").partnership == world.partnership


def test_the_mapping_form_reads_columns_with_other_headings(client, world, ae):
    upload_file(client, world.contributor, b"Month,Rate\n2024-05,88\n",
                indicator="AE-4HR", map_value="Rate")
    client.post(preview_url(Upload.objects.get()))
    assert Observation.objects.get(period="M2024-05").value == 88


def test_an_upload_is_seen_by_its_uploader_and_editors_only(client, world, ae):
    upload = world.sample_upload()
    colleague = make_user("colleague@alpha.test")
    Membership.objects.create(partnership=world.partnership, user=colleague, role="contributor",
                              organisation=world.health_board)
    client.force_login(colleague)
    assert client.get(preview_url(upload)).status_code == 404
    assert client.post(preview_url(upload)).status_code == 404
    assert "values.csv" not in client.get(START).text
    for person in (world.contributor, world.editor, world.admin):
        client.force_login(person)
        assert client.get(preview_url(upload)).status_code == 200
    client.force_login(world.viewer)
    assert client.get(preview_url(upload)).status_code == 403
    assert not Observation.objects.filter(period="M2024-05").exists()


def test_an_upload_from_another_partnership_is_not_found(client, world, ae):
    other = Upload.objects.create(partnership=world.other_partnership,
                                  uploaded_by=world.outsider, filename="beta.csv", content=b"x")
    client.force_login(world.admin)
    assert client.get(preview_url(other)).status_code == 404
    assert client.get(reverse("upload_preview", args=["beta", other.pk])).status_code == 404
