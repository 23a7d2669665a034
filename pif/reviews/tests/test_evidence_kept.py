"""Evidence and findings kept as agreed: a closed assessment's evidence stays, a finding with
an action stays an area for improvement, making an action claims the finding's version, and
the portfolio index names the paths in the zip."""

import csv
import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE, EditConflict
from pif.improvement.models import Action
from pif.reviews import models as m
from pif.reviews.services import evidence as service
from pif.reviews.testing import make_assessment, make_finding, make_framework_version, scored_nodes

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def editor(world):
    return Actor(user=world.users["editor"])


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def close(assessment):
    m.Assessment.objects.filter(pk=assessment.pk).update(stage=m.AssessmentStage.CLOSED)
    assessment.refresh_from_db()


# 10: a closed assessment keeps its evidence

def test_no_evidence_is_added_or_removed_once_closed(world, assessment, node, media):
    evidence = service.add_evidence(editor(world), assessment, node, text="Minutes",
                                    upload=SimpleUploadedFile("minutes.pdf", PDF))
    stored = evidence.file.name
    close(assessment)
    with pytest.raises(ValidationError, match="closed"):
        service.add_evidence(editor(world), assessment, node, text="More")
    evidence.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        service.remove_evidence(editor(world), evidence)
    assert m.Evidence.objects.filter(pk=evidence.pk).exists()
    assert evidence.file.storage.exists(stored)


def test_a_closed_assessments_findings_still_get_plan_fields_and_actions(world, assessment):
    area = make_finding(assessment)
    close(assessment)
    area.priority, area.lead = 1, world.users["contributor"]
    service.save_finding(editor(world), area, loaded_version=PROGRAM_CHANGE)
    action = service.make_action(editor(world), area, owner_organisation=world.council)
    assert action.pk


def test_a_finding_with_an_action_stays_an_area_for_improvement(world, assessment):
    area = make_finding(assessment)
    service.make_action(editor(world), area, owner_organisation=world.council)
    area.refresh_from_db()
    area.kind = m.FindingKind.STRENGTH
    with pytest.raises(ValidationError, match="has an action"):
        service.save_finding(editor(world), area, loaded_version=PROGRAM_CHANGE)
    area.refresh_from_db()
    assert area.kind == m.FindingKind.AREA_FOR_IMPROVEMENT


def test_the_finding_form_refuses_changing_the_kind_of_one_with_an_action(
        client, world, assessment):
    area = make_finding(assessment)
    service.make_action(editor(world), area, owner_organisation=world.council)
    area.refresh_from_db()
    client.force_login(world.users["editor"])
    page = client.post(reverse("finding_edit", args=["alpha", area.pk]),
                       {"kind": "strength", "text": area.text, "version": area.version})
    assert page.status_code == 200 and "has an action" in page.content.decode()


# 15: making an action claims the finding's version

def test_make_action_refuses_a_finding_changed_since_it_was_loaded(world, assessment):
    area = make_finding(assessment, lead=world.users["contributor"])
    loaded = area.version
    other = m.Finding.objects.get(pk=area.pk)
    other.lead, other.timescale = world.users["editor"], datetime.date(2027, 1, 1)
    service.save_finding(editor(world), other, loaded_version=PROGRAM_CHANGE)
    with pytest.raises(EditConflict):
        service.make_action(editor(world), area, loaded_version=loaded,
                            owner_organisation=world.council)
    assert not Action.objects.exists()


def test_make_action_saves_only_the_action_and_version(world, assessment):
    area = make_finding(assessment, text="Original")
    stale = m.Finding.objects.get(pk=area.pk)
    stale.text = "Never saved"
    service.make_action(editor(world), stale, loaded_version=area.version,
                        owner_organisation=world.council)
    area.refresh_from_db()
    assert area.text == "Original" and area.action_id and area.version == 2


def test_the_make_action_page_carries_the_version(client, world, assessment):
    area = make_finding(assessment)
    client.force_login(world.users["editor"])
    address = reverse("finding_make_action", args=["alpha", area.pk])
    assert 'name="version"' in client.get(address).content.decode()
    m.Finding.objects.filter(pk=area.pk).update(version=5)
    page = client.post(address, {"reference": "SA01", "owner_organisation": world.council.pk,
                                 "version": 1})
    assert page.status_code == 200 and not Action.objects.exists()


# 17: the portfolio index names the files as the zip holds them

def test_the_portfolio_index_names_the_unique_paths_of_the_zip(client, world, media):
    version = make_framework_version(scale=m.Scale.COMPLIANCE, slug="cse")
    cse = make_assessment(world.partnership, version=version, title="CSE 2026")
    element = scored_nodes(version)[0]
    for content in (PDF, PDF + b" "):
        service.add_evidence(editor(world), cse, element,
                             upload=SimpleUploadedFile("minutes.pdf", content))
    client.force_login(world.users["viewer"])
    response = client.get(reverse("evidence_portfolio", args=["alpha", cse.pk, "zip"]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    index = list(csv.reader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    files = index[1][7].split("\n")
    assert sorted(files) == sorted(n for n in archive.namelist() if n != "index.csv")
