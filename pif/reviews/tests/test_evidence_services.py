"""Evidence, tags, findings and actions from the improvement plan: the services and rules."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pif.actors import Actor
from pif.improvement.models import Action, ActionSource
from pif.improvement.testing import make_action as make_pif_action
from pif.improvement.testing import make_cycle as make_pdsa
from pif.improvement.testing import make_project
from pif.partnerships.models import Event
from pif.reviews import evidence_files
from pif.reviews import models as m
from pif.reviews.services import evidence as service
from pif.reviews.testing import (
    make_finding,
    make_framework_version,
    scored_nodes,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def actor(world, role="editor"):
    return Actor(user=world.users[role])


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def zipped(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


# The file check -------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "expected"), [
    ("plan.pdf", PDF, "application/pdf"),
    ("photo.PNG", b"\x89PNG\r\n\x1a\nrest", "image/png"),
    ("photo.jpeg", b"\xff\xd8\xff\xe0rest", "image/jpeg"),
    ("notes.txt", "Minutes – agreed".encode(), "text/plain"),
    ("data.csv", b"a,b\n1,2\n", "text/csv"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "application/msword"),
    ("report.docx", zipped({"[Content_Types].xml": "<x/>", "word/document.xml": "<x/>"}),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("sheet.ods", zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
     "application/vnd.oasis.opendocument.spreadsheet"),
])
def test_accepted_files_are_named_by_their_content(name, content, expected):
    assert evidence_files.file_type(name, content) == expected


@pytest.mark.parametrize(("name", "content"), [
    ("plan.pdf", b"MZ\x90\x00 a Windows program"),  # renamed program
    ("run.exe", b"MZ\x90\x00"),
    ("page.html", b"<script>alert(1)</script>"),
    ("report.docx", zipped({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"})),
    ("report.docx", b"PK\x03\x04 not really a zip"),
    ("notes.txt", b"\x00\x01\x02binary"),
    ("sheet.ods", zipped({"mimetype": "application/zip"})),
    ("empty.pdf", b""),
])
def test_other_files_and_disguised_ones_are_refused(name, content):
    with pytest.raises(evidence_files.FileRefused):
        evidence_files.file_type(name, content)


def test_the_size_limit_is_a_setting(settings):
    settings.EVIDENCE_MAX_BYTES = 20
    assert evidence_files.file_type("a.pdf", PDF[:20]) == "application/pdf"
    with pytest.raises(evidence_files.FileRefused, match="smaller than"):
        evidence_files.file_type("a.pdf", PDF + b"x" * 20)


# Evidence -------------------------------------------------------------------------------

def test_an_editor_adds_a_file_kept_with_its_size_and_found_type(world, assessment, node,
                                                                    media):
    upload = SimpleUploadedFile("../../Plan 2026.pdf", PDF, content_type="text/html")
    evidence = service.add_evidence(actor(world), assessment, node, text="The plan",
                                    upload=upload)
    assert (evidence.file_name, evidence.file_size) == ("Plan 2026.pdf", len(PDF))
    assert evidence.content_type == "application/pdf"  # not the browser's word
    assert evidence.file.read() == PDF
    assert m.Evidence.history.latest().history_user == world.users["editor"]
    assert Event.objects.filter(verb="evidence_added").exists()


def test_a_disguised_file_is_refused_on_the_file_field(world, assessment, node, media):
    upload = SimpleUploadedFile("plan.pdf", b"MZ program")
    with pytest.raises(ValidationError) as refused:
        service.add_evidence(actor(world), assessment, node, upload=upload)
    assert "file" in refused.value.message_dict
    assert not m.Evidence.objects.exists()


def test_evidence_needs_something(world, assessment, node):
    with pytest.raises(ValidationError, match="Describe the evidence"):
        service.add_evidence(actor(world), assessment, node, text="  ")


def test_a_record_of_another_partnership_is_refused(world, assessment, node):
    theirs = make_pif_action(world.other_partnership, world.other_council)
    with pytest.raises(ValidationError, match="of this partnership"):
        service.add_evidence(actor(world), assessment, node, record=theirs)
    ours = make_pif_action(world.partnership, world.council)
    assert service.add_evidence(actor(world), assessment, node, record=ours).action == ours


def test_a_pdsa_cycle_of_another_partnership_is_refused(world, assessment, node):
    theirs = make_pdsa(make_project(world.other_partnership, world.other_council))
    with pytest.raises(ValidationError):
        service.add_evidence(actor(world), assessment, node, record=theirs)


def test_a_node_of_another_framework_is_refused(world, assessment):
    elsewhere = scored_nodes(make_framework_version(slug="other"))[0]
    with pytest.raises(ValidationError, match="framework"):
        service.add_evidence(actor(world), assessment, elsewhere, text="Minutes")


def test_only_editors_and_assessors_add_evidence(world, assessment, node):
    with pytest.raises(ValidationError, match="assessors"):
        service.add_evidence(actor(world, "contributor"), assessment, node, text="Minutes")
    m.Assessor.objects.create(assessment=assessment, user=world.users["contributor"])
    assert service.add_evidence(actor(world, "contributor"), assessment, node, text="Minutes")


def test_removing_evidence_removes_its_file_once_kept(world, assessment, node, media,
                                                      django_capture_on_commit_callbacks):
    evidence = service.add_evidence(actor(world), assessment, node,
                                    upload=SimpleUploadedFile("a.pdf", PDF))
    path = media / evidence.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        service.remove_evidence(actor(world), evidence)
    assert not path.exists()
    assert not m.Evidence.objects.exists()
    assert m.Evidence.history.latest().history_type == "-"


# Tags and offers ------------------------------------------------------------------------

def test_a_tag_is_offered_for_the_matching_node_of_another_framework(world, node):
    other = scored_nodes(make_framework_version(slug="efqm"))[2]
    unrelated = scored_nodes(make_framework_version(slug="cse"))[1]
    m.NodeMatch.objects.create(node=other, matches=node)  # written the other way round
    indicator = world.sample_indicator()
    tag = service.tag_record(actor(world), world.partnership, other, indicator)
    service.tag_record(actor(world), world.partnership, unrelated, indicator)
    assert service.offered_for(world.partnership, node) == [tag]
    assert service.offered_for(world.other_partnership, node) == []
    assert service.offered_for(world.partnership, other) == [tag]


def test_offers_take_two_queries_whatever_their_number(world, node):
    def queries():
        with CaptureQueriesContext(connection) as context:
            for tag in service.offered_for(world.partnership, node):
                str(service.record_of(tag)), str(tag.node.framework_version.framework)
        return len(context)

    service.tag_record(actor(world), world.partnership, node, world.sample_indicator())
    few = queries()
    project = make_project(world.partnership, world.council)
    for number in range(5):
        service.tag_record(actor(world), world.partnership, node,
                           make_pif_action(world.partnership, world.council, f"B{number}"))
        service.tag_record(actor(world), world.partnership, node,
                           make_pdsa(project, title=f"Cycle {number}"))
    assert queries() == few <= 2


def test_a_record_is_tagged_once_and_only_of_the_partnership(world, node):
    indicator = world.sample_indicator()
    service.tag_record(actor(world), world.partnership, node, indicator)
    with pytest.raises(ValidationError, match="already tagged"):
        service.tag_record(actor(world), world.partnership, node, indicator)
    with pytest.raises(ValidationError, match="of this partnership"):
        service.tag_record(actor(world), world.partnership, node,
                           make_pif_action(world.other_partnership, world.other_council))
    with pytest.raises(ValidationError):
        service.tag_record(actor(world, "viewer"), world.partnership, node,
                           make_pif_action(world.partnership, world.council))


def test_an_offer_becomes_evidence_in_one_step(world, assessment, node):
    tag = service.tag_record(actor(world), world.partnership, node, world.sample_indicator())
    evidence = service.add_offered(actor(world), assessment, node, tag)
    assert evidence.indicator == world.sample_indicator()
    other = world.other_partnership
    theirs = m.NodeTag.objects.create(partnership=other, node=node,
                                      action=make_pif_action(other, world.other_council))
    with pytest.raises(ValidationError):
        service.add_offered(actor(world), assessment, node, theirs)


# Findings and the plan ------------------------------------------------------------------

def test_add_finding_keeps_history_and_refuses_empty_text(world, assessment, node):
    finding = service.add_finding(actor(world), assessment, kind="strength",
                                  text=" Leaders share the vision. ", node=node)
    assert (finding.text, finding.kind, finding.node) == (
        "Leaders share the vision.", "strength", node)
    assert m.Finding.history.latest().history_user == world.users["editor"]
    with pytest.raises(ValidationError, match="full sentence"):
        service.add_finding(actor(world), assessment, kind="strength", text=" ")
    with pytest.raises(ValidationError, match="strength or area"):
        service.add_finding(actor(world), assessment, kind="weakness", text="Something.")


def test_a_stale_plan_edit_is_refused(world, assessment):
    from pif.editing import EditConflict

    finding = make_finding(assessment)
    first = m.Finding.objects.get(pk=finding.pk)
    first.resources = "Two days of staff time"
    service.save_finding(actor(world), first, loaded_version=1)
    second = m.Finding.objects.get(pk=finding.pk)
    second.risks = "Staff turnover"
    with pytest.raises(EditConflict):
        service.save_finding(actor(world), second, loaded_version=1)


def test_make_action_turns_an_area_into_an_action_once(world, assessment, node):
    import datetime

    finding = make_finding(assessment, node=node, lead=world.users["contributor"],
                           timescale=datetime.date(2027, 3, 31), resources="A facilitator")
    action = service.make_action(actor(world), finding)
    assert action.source == ActionSource.SELF_ASSESSMENT
    assert action.source_detail == f"Self-assessment 2026, {node.code} {node.label}"
    assert (action.owner, action.owner_organisation) == (world.users["contributor"],
                                                         world.health_board)
    assert action.due_date == datetime.date(2027, 3, 31)
    assert action.reference == "SA01"
    assert "Resources required: A facilitator" in action.description
    finding.refresh_from_db()
    assert finding.action == action
    with pytest.raises(ValidationError, match="already has its action"):
        service.make_action(actor(world), finding)
    assert Action.objects.count() == 1


def test_make_action_refuses_a_strength_and_asks_for_an_organisation(world, assessment):
    strength = make_finding(assessment, kind="strength", text="Good.")
    with pytest.raises(ValidationError, match="Only an area"):
        service.make_action(actor(world), strength)
    area = make_finding(assessment)
    with pytest.raises(ValidationError) as refused:
        service.make_action(actor(world), area)
    assert "owner_organisation" in refused.value.message_dict
    action = service.make_action(actor(world), area, owner_organisation=world.council,
                                 reference="X9")
    assert action.reference == "X9"


def test_a_viewer_cannot_make_an_action(world, assessment):
    area = make_finding(assessment)
    with pytest.raises(ValidationError):
        service.make_action(actor(world, "viewer"), area, owner_organisation=world.council)
    assert not Action.objects.exists()
