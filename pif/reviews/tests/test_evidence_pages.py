"""The evidence pages: each part's evidence, adding it (text, link, record, file), the file
download, one-click offers from tags, tagging, and the CSE evidence portfolio."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pif.actors import Actor
from pif.improvement.testing import make_action
from pif.reviews import models as m
from pif.reviews.services import evidence as service
from pif.reviews.testing import make_assessment, make_framework_version, scored_nodes

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


def node_page(assessment, node, name="node_evidence"):
    return reverse(name, args=["alpha", assessment.pk, node.pk])


def add(world, assessment, node, **fields):
    return service.add_evidence(Actor(user=world.users["editor"]), assessment, node, **fields)


def test_a_viewer_reads_the_evidence_but_is_offered_no_changes(client, world, assessment,
                                                                node):
    add(world, assessment, node, text="Board minutes of 3 June 2026, item 4")
    page = as_(client, world, "viewer").get(node_page(assessment, node))
    assert page.status_code == 200
    assert "Board minutes of 3 June 2026" in page.content.decode()
    assert node_page(assessment, node, "evidence_add") not in page.content.decode()
    assert client.get(node_page(assessment, node, "evidence_add")).status_code == 403


def test_a_contributor_adds_evidence_only_as_an_assessor(client, world, assessment, node):
    client = as_(client, world, "contributor")
    assert client.get(node_page(assessment, node, "evidence_add")).status_code == 403
    m.Assessor.objects.create(assessment=assessment, user=world.users["contributor"])
    assert client.get(node_page(assessment, node, "evidence_add")).status_code == 200
    assert node_page(assessment, node, "evidence_add") in client.get(
        node_page(assessment, node)).content.decode()


def test_an_editor_uploads_a_file_and_members_download_it(client, world, assessment, node,
                                                          media):
    editor = as_(client, world, "editor")
    response = editor.post(node_page(assessment, node, "evidence_add"), {
        "text": "The plan", "file": SimpleUploadedFile("plan.pdf", PDF)})
    assert response.status_code == 302
    evidence = m.Evidence.objects.get()
    assert not str(evidence.file.url).startswith("/p/")  # served only through the view:
    download = reverse("evidence_file", args=["alpha", evidence.pk])
    assert download in editor.get(node_page(assessment, node)).content.decode()
    got = as_(client, world, "viewer").get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment")
    client.force_login(world.outsider)
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302  # to sign in


def test_a_disguised_or_large_file_is_refused_with_a_clear_error(client, world, assessment,
                                                                 node, settings):
    editor = as_(client, world, "editor")
    page = editor.post(node_page(assessment, node, "evidence_add"), {
        "file": SimpleUploadedFile("plan.pdf", b"MZ\x90 a program")})
    assert page.status_code == 200
    assert "must be a PDF, Word" in page.content.decode()
    settings.EVIDENCE_MAX_BYTES = 5
    page = editor.post(node_page(assessment, node, "evidence_add"), {
        "file": SimpleUploadedFile("plan.pdf", PDF)})
    assert "smaller than" in page.content.decode()
    assert not m.Evidence.objects.exists()


def test_empty_evidence_and_a_bad_record_are_refused_on_the_form(client, world, assessment,
                                                                 node):
    editor = as_(client, world, "editor")
    page = editor.post(node_page(assessment, node, "evidence_add"), {"text": " "})
    assert "Describe the evidence" in page.content.decode()
    theirs = make_action(world.other_partnership, world.other_council)
    page = editor.post(node_page(assessment, node, "evidence_add"),
                       {"record": f"action:{theirs.pk}"})
    assert page.status_code == 200
    assert not m.Evidence.objects.exists()


def test_a_record_of_the_partnership_is_added_as_evidence(client, world, assessment, node):
    ours = make_action(world.partnership, world.council)
    response = as_(client, world, "editor").post(node_page(assessment, node, "evidence_add"),
                                                 {"record": f"action:{ours.pk}"})
    assert response.status_code == 302
    assert m.Evidence.objects.get().action == ours


def test_another_partnerships_evidence_and_parts_are_404(client, world, assessment, node):
    evidence = add(world, assessment, node, text="Minutes")
    theirs = make_assessment(world.other_partnership, title="Theirs",
                             version=make_framework_version(slug="theirs"))
    client.force_login(world.outsider)
    assert client.get(reverse("evidence_file", args=["beta", evidence.pk])).status_code == 404
    assert client.get(reverse("evidence_delete", args=["beta", evidence.pk])).status_code == 404
    elsewhere = scored_nodes(theirs.framework_version)[0]
    client = as_(client, world, "editor")
    assert client.get(node_page(assessment, elsewhere)).status_code == 404
    assert client.get(reverse("assessment_evidence", args=["alpha", theirs.pk])
                      ).status_code == 404


def test_an_offered_record_is_added_with_one_click(client, world, assessment, node):
    other = scored_nodes(make_framework_version(slug="efqm"))[0]
    m.NodeMatch.objects.create(node=node, matches=other)
    tag = service.tag_record(Actor(user=world.users["editor"]), world.partnership, other,
                             world.sample_indicator())
    editor = as_(client, world, "editor")
    page = editor.get(node_page(assessment, node)).content.decode()
    assert "AE-4HR" in page and "Add as evidence" in page
    response = editor.post(node_page(assessment, node, "evidence_add"), {"offer": tag.pk})
    assert response.status_code == 302
    assert m.Evidence.objects.get().indicator == world.sample_indicator()
    assert "Add as evidence" not in editor.get(node_page(assessment, node)).content.decode()
    assert editor.post(node_page(assessment, node, "evidence_add"),
                       {"offer": "x"}).status_code == 404


def test_tagging_a_record_from_the_part(client, world, assessment, node):
    editor = as_(client, world, "editor")
    indicator = world.sample_indicator()
    response = editor.post(node_page(assessment, node, "node_tags"),
                           {"record": f"indicator:{indicator.pk}"})
    assert response.status_code == 302
    tag = m.NodeTag.objects.get()
    assert (tag.indicator, tag.node, tag.partnership) == (indicator, node, world.partnership)
    page = editor.post(node_page(assessment, node, "node_tags"),
                       {"record": f"indicator:{indicator.pk}"})
    assert "already tagged" in page.content.decode()
    page = editor.post(node_page(assessment, node, "node_tags"), {"record": "indicator:999"})
    assert page.status_code == 200 and m.NodeTag.objects.count() == 1
    removed = editor.post(reverse("tag_delete", args=["alpha", tag.pk]))
    assert removed.status_code == 302 and not m.NodeTag.objects.exists()


def test_the_parts_list_takes_the_same_queries_for_any_evidence(client, world, assessment,
                                                               node):
    editor = as_(client, world, "editor")
    address = reverse("assessment_evidence", args=["alpha", assessment.pk])

    def count():
        with CaptureQueriesContext(connection) as context:
            assert editor.get(address).status_code == 200
        return len(context)

    add(world, assessment, node, text="One")
    few = count()
    for number in range(10):
        add(world, assessment, scored_nodes(assessment.framework_version)[number % 4],
            text=f"More {number}")
    assert count() == few


def test_the_part_page_takes_the_same_queries_for_3_or_30_pieces(client, world, assessment,
                                                                 node):
    editor = as_(client, world, "editor")
    project_records = [make_action(world.partnership, world.council, f"B{n}")
                       for n in range(30)]

    def count():
        with CaptureQueriesContext(connection) as context:
            assert editor.get(node_page(assessment, node)).status_code == 200
        return len(context)

    for record in project_records[:3]:
        add(world, assessment, node, record=record, text="Shows it")
        service.tag_record(Actor(user=world.users["editor"]), world.partnership, node, record)
    few = count()
    for record in project_records[3:]:
        add(world, assessment, node, record=record, upload=SimpleUploadedFile("a.pdf", PDF))
        service.tag_record(Actor(user=world.users["editor"]), world.partnership, node, record)
    assert count() == few


def test_the_assessment_page_shows_the_evidence_panel(client, world, assessment, node):
    add(world, assessment, node, text="Minutes")
    page = as_(client, world, "viewer").get(
        reverse("assessment", args=["alpha", assessment.pk])).content.decode()
    assert "1 piece of evidence" in page
    assert reverse("assessment_evidence", args=["alpha", assessment.pk]) in page
    assert reverse("improvement_plan", args=["alpha", assessment.pk]) in page


# The CSE evidence portfolio -------------------------------------------------------------

@pytest.fixture
def cse(world):
    version = make_framework_version(scale=m.Scale.COMPLIANCE, slug="cse")
    return make_assessment(world.partnership, version=version, title="CSE 2026")


def test_the_portfolio_lists_each_element_with_its_rating_evidence_and_findings(
        client, world, cse):
    element = scored_nodes(cse.framework_version)[0]
    m.AgreedScore.objects.create(assessment=cse, node=element,
                                 compliance=m.Compliance.COMPLIANCE_PLUS)
    add(world, cse, element, text="Survey of 400 customers", url="https://example.org/s",
        upload=SimpleUploadedFile("survey.pdf", PDF))
    service.add_finding(Actor(user=world.users["editor"]), cse, kind="strength",
                        text="Customers are asked every year.", node=element)
    response = as_(client, world, "viewer").get(
        reverse("evidence_portfolio", args=["alpha", cse.pk, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "Agreed rating"
    assert rows[1][1:4] == ("1a", "Vision and values", "Compliance Plus")
    assert "Survey of 400 customers" in rows[1][4]
    assert rows[1][7] == "1a Vision and values/survey.pdf"
    assert rows[1][8] == "Customers are asked every year."
    assert len(rows) == 5  # one per element


def test_the_portfolio_zip_holds_the_files_by_element_and_an_index(client, world, cse):
    first, second = scored_nodes(cse.framework_version)[:2]
    add(world, cse, first, upload=SimpleUploadedFile("survey.pdf", PDF))
    add(world, cse, first, upload=SimpleUploadedFile("survey.pdf", PDF + b" "))
    add(world, cse, second, upload=SimpleUploadedFile("chart.png", b"\x89PNG\r\n\x1a\n..."))
    response = as_(client, world, "viewer").get(
        reverse("evidence_portfolio", args=["alpha", cse.pk, "zip"]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == [
        "1a Vision and values/survey (2).pdf", "1a Vision and values/survey.pdf",
        "1b Management system/chart.png", "index.csv"]
    assert archive.read("1a Vision and values/survey.pdf") == PDF


def test_the_portfolio_is_for_compliance_frameworks_only(client, world, assessment):
    response = as_(client, world, "viewer").get(
        reverse("evidence_portfolio", args=["alpha", assessment.pk, "xlsx"]))
    assert response.status_code == 404
