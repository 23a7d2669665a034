"""Frameworks kept sound: values that would break reads are refused, a framework in use keeps
its scoring shape, pages never write, and the shipped files are parsed once."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.reviews import assessment_frameworks
from pif.reviews import models as m
from pif.reviews.rules import frameworks as rules
from pif.reviews.services import frameworks as services
from pif.reviews.testing import make_assessment, make_framework_version

pytestmark = pytest.mark.django_db
HEAD = "code,label,kind,points,weight,parent\n"


def u(name, *args):
    return reverse(name, args=["alpha", *args])


def own(world):
    return make_framework_version(slug="ours", partnership=world.partnership)


def upload(client, version, content):
    return client.post(u("assessment_framework_upload", version.pk),
                       {"file": SimpleUploadedFile("nodes.csv", content.encode())})


# 4: finite numbers and the model's limits on every path

@pytest.mark.parametrize("row, message", [
    ("3,People,criterion,,NaN,", "weight"),
    ("3,People,criterion,Infinity,,", "points"),
    ("3,People,criterion,1e10,,", "points"),
    ("3" * 60 + ",People,criterion,,,", "code"),
    ("3,P" + "e" * 250 + ",criterion,,,", "label"),
])
def test_upload_refuses_values_that_cannot_be_stored(client, world, row, message):
    version = own(world)
    client.force_login(world.editor)
    response = upload(client, version, HEAD + row + "\n")
    assert response.status_code == 200
    assert f"Row 2, column {message}" in response.content.decode()
    assert version.nodes.count() == 6
    client.get(u("assessment_framework_version", version.pk))  # still readable


def test_rules_return_findings_for_values_that_are_not_numbers():
    assert rules.check_weight(Decimal("NaN"), [])[0].rule == "node_weight_range"
    assert rules.check_weight(Decimal("Infinity"), [])
    assert rules.check_points(Decimal("-Infinity"))
    assert rules.check_points(Decimal("NaN"))


def test_save_node_checks_the_model_limits(world):
    version = own(world)
    node = m.AssessmentNode(framework_version=version, code="x" * 41, kind="part", label="L")
    with pytest.raises(ValidationError) as refused:
        services.save_node(Actor(user=world.editor), world.partnership, node)
    assert "code" in refused.value.message_dict


# 5: a framework in use keeps its numbers

@pytest.fixture
def in_use(world):
    version = own(world)
    make_assessment(world.partnership, version=version, stage=m.AssessmentStage.OPEN)
    return version


@pytest.mark.parametrize("field, value", [
    ("weight", Decimal("0.5")), ("points", Decimal(10)), ("is_scored", False),
    ("parent", None)])
def test_numbers_of_a_framework_in_use_cannot_change(world, in_use, field, value):
    node = in_use.nodes.get(code="2a")
    setattr(node, field, value)
    with pytest.raises(ValidationError, match="has started on this framework"):
        services.save_node(Actor(user=world.editor), world.partnership, node,
                           loaded_version=PROGRAM_CHANGE)


def test_labels_of_a_framework_in_use_still_change(world, in_use):
    node = in_use.nodes.get(code="2a")
    node.label, node.text = "Renamed", "New wording"
    services.save_node(Actor(user=world.editor), world.partnership, node,
                       loaded_version=PROGRAM_CHANGE)
    assert in_use.nodes.get(code="2a").label == "Renamed"


def test_no_new_scored_node_or_removal_once_in_use(world, in_use):
    editor = Actor(user=world.editor)
    scored = m.AssessmentNode(framework_version=in_use, code="3", kind="part", label="New",
                              is_scored=True)
    with pytest.raises(ValidationError, match="has started on this framework"):
        services.save_node(editor, world.partnership, scored)
    plain = m.AssessmentNode(framework_version=in_use, code="n", kind="criterion",
                             label="A note")
    services.save_node(editor, world.partnership, plain)  # not scored: no score moves
    with pytest.raises(ValidationError, match="has started on this framework"):
        services.remove_node(editor, world.partnership, plain)


def test_a_draft_assessment_does_not_freeze_the_framework(world):
    version = own(world)
    make_assessment(world.partnership, version=version)  # draft
    node = version.nodes.get(code="2a")
    node.weight = Decimal("0.5")
    services.save_node(Actor(user=world.editor), world.partnership, node,
                       loaded_version=PROGRAM_CHANGE)
    assert version.nodes.get(code="2a").weight == Decimal("0.5")


def test_upload_to_a_framework_in_use_refuses_a_weight_change(client, world, in_use):
    client.force_login(world.editor)
    page = upload(client, in_use, HEAD + "2a,Renamed,part,,0.5,2\n").content.decode()
    assert "Row 2" in page and "has started on this framework" in page
    assert in_use.nodes.get(code="2a").weight == Decimal("0.75")


def test_the_page_says_the_framework_is_in_use(client, world, in_use):
    client.force_login(world.editor)
    page = client.get(u("assessment_framework_version", in_use.pk)).content.decode()
    assert "An assessment has started on this framework" in page


# 16: no writes on GET; loading on partnership creation; files parsed once

def test_the_list_page_writes_nothing_and_says_how_to_load(client, world):
    client.force_login(world.viewer)
    m.AssessmentFramework.objects.filter(partnership=None).delete()
    page = client.get(u("assessment_frameworks")).content.decode()
    assert not m.AssessmentFramework.objects.filter(partnership=None).exists()
    assert "pif assessment_framework load --all" in page


def test_a_new_partnership_loads_the_shipped_frameworks(world):
    m.AssessmentFramework.objects.filter(partnership=None).delete()
    assessment_frameworks.load_on_partnership_created(
        sender=None, instance=world.partnership, created=True)
    assert m.AssessmentFrameworkVersion.objects.filter(framework__slug="efqm",
                                                       label="2013").exists()
    before = m.AssessmentFramework.objects.count()
    assessment_frameworks.load_on_partnership_created(
        sender=None, instance=world.partnership, created=True, raw=True)
    assert m.AssessmentFramework.objects.count() == before


def test_the_files_are_parsed_once(monkeypatch):
    assessment_frameworks.read("efqm-2013")
    calls = []
    real = assessment_frameworks.tomllib.loads
    monkeypatch.setattr(assessment_frameworks.tomllib, "loads",
                        lambda text: calls.append(1) or real(text))
    assessment_frameworks.read("efqm-2013")
    assert calls == []
