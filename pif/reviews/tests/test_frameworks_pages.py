"""The assessment frameworks pages: the list, a version's tree, and a partnership's own
framework (create, nodes, CSV upload); shipped frameworks stay read-only."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.partnerships.models import Event
from pif.reviews import assessment_frameworks
from pif.reviews import models as m
from pif.reviews.testing import make_assessment, make_framework_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick(monkeypatch):
    """Skip loading the shipped files where a test does not need them."""
    monkeypatch.setattr(assessment_frameworks, "ensure_loaded", lambda: None)


def u(name, *args, short_name="alpha"):
    return reverse(name, args=[short_name, *args])


def own_version(world, **fields):
    return make_framework_version(slug="ours", partnership=world.partnership, **fields)


def test_list_shows_shipped_and_own_frameworks(client, world):
    assessment_frameworks.load_all()  # on partnership creation, not by the page
    own_version(world)
    make_framework_version(slug="theirs", partnership=world.other_partnership)
    client.force_login(world.viewer)
    page = client.get(u("assessment_frameworks")).content.decode()
    assert "EFQM Model (2013)" in page and "Customer Service Excellence (2008)" in page
    assert "Public Service Improvement Framework (PSIF) (2020 checklist)" in page
    assert "Partly unchecked" in page            # EFQM 2020
    assert "Test model (1)" in page
    assert page.count("Test model") == 1          # not another partnership's
    assert "Create your own framework" not in page  # viewers cannot


def test_efqm_2013_page_shows_tree_points_weights_and_no_wording(client, world):
    assessment_frameworks.load_all()
    version = m.AssessmentFrameworkVersion.objects.get(framework__slug="efqm", label="2013")
    client.force_login(world.viewer)
    page = client.get(u("assessment_framework_version", version.pk)).content.decode()
    assert "Customers&#x27; perceptions" in page
    assert ">112.5<" in page and ">11.25%<" in page     # 6a: 150 points × 75 %
    assert ">75%<" in page and "Equal share" in page
    assert "Unchecked" in page and "Not present: PIF shows short labels" in page
    assert "not shipped" in page and "Performance: causes" in page
    assert "Add a node" not in page


def test_version_page_is_404_for_another_partnerships_framework(client, world, quick):
    theirs = make_framework_version(slug="theirs", partnership=world.other_partnership)
    client.force_login(world.editor)
    assert client.get(u("assessment_framework_version", theirs.pk)).status_code == 404
    node = theirs.nodes.first()
    assert client.get(u("assessment_framework_node_edit", node.pk)).status_code == 404


def test_editor_creates_a_framework_and_adds_nodes(client, world, quick):
    client.force_login(world.editor)
    response = client.post(u("assessment_framework_create"),
                           {"name": "Our partnership model", "scale": "likert"})
    version = m.AssessmentFrameworkVersion.objects.get(framework__partnership=world.partnership)
    assert response.url == u("assessment_framework_version", version.pk)
    assert version.scale == "likert" and version.framework.slug == "our-partnership-model"
    assert Event.objects.filter(verb="assessment_framework_created").exists()
    client.post(u("assessment_framework_node_add", version.pk),
                {"code": "A", "label": "Working together", "kind": "section"})
    section = version.nodes.get(code="A")
    client.post(u("assessment_framework_node_add", version.pk),
                {"code": "A1", "label": "We share data", "kind": "statement",
                 "parent": section.pk, "is_scored": "on"})
    assert version.nodes.get(code="A1").parent == section
    page = client.get(u("assessment_framework_version", version.pk)).content.decode()
    assert "We share data" in page and ">100%<" in page and "Upload nodes as CSV" in page


def test_node_form_refuses_a_duplicate_code_and_a_bad_weight(client, world, quick):
    version = own_version(world)
    client.force_login(world.editor)
    page = client.post(u("assessment_framework_node_add", version.pk),
                       {"code": "1a", "label": "Again", "kind": "part"}).content.decode()
    assert "Another node already has the code 1a" in page
    two = version.nodes.get(code="2")
    page = client.post(u("assessment_framework_node_add", version.pk),
                       {"code": "2c", "label": "More", "kind": "part", "parent": two.pk,
                        "weight": "0.5"}).content.decode()
    assert "add up to more than 1" in page
    assert not version.nodes.filter(code="2c").exists()


def test_change_a_node(client, world, quick):
    version = own_version(world)
    node = version.nodes.get(code="1a")
    client.force_login(world.editor)
    client.post(u("assessment_framework_node_edit", node.pk),
                {"code": "1a", "label": "Vision", "kind": "part", "parent": node.parent_id,
                 "is_scored": "on", "text": "Our own full wording", "version": node.version})
    node.refresh_from_db()
    assert (node.label, node.text, node.is_scored) == ("Vision", "Our own full wording", True)


def test_a_node_cannot_sit_under_itself(client, world, quick):
    version = own_version(world)
    one, part = version.nodes.get(code="1"), version.nodes.get(code="1a")
    client.force_login(world.editor)
    page = client.post(u("assessment_framework_node_edit", one.pk),
                       {"code": "1", "label": "Leadership", "kind": "criterion",
                        "parent": part.pk, "version": one.version}).content.decode()
    assert "cannot sit under itself" in page


def test_remove_a_node_but_not_one_with_children_or_scores(client, world, quick):
    version = own_version(world)
    client.force_login(world.editor)
    page = client.post(u("assessment_framework_node_remove",
                         version.nodes.get(code="1").pk)).content.decode()
    assert "Remove the nodes under this one first" in page
    assessment = make_assessment(world.partnership, version)
    scored = version.nodes.get(code="1a")
    m.Score.objects.create(assessment=assessment, assessor=world.editor, node=scored,
                           percent=50)
    page = client.post(u("assessment_framework_node_remove", scored.pk)).content.decode()
    assert "cannot be removed" in page
    response = client.post(u("assessment_framework_node_remove",
                             version.nodes.get(code="1b").pk))
    assert response.status_code == 302
    assert not version.nodes.filter(code="1b").exists()


def test_shipped_frameworks_are_read_only(client, world, quick):
    shipped = make_framework_version(slug="shipped")
    node = shipped.nodes.get(code="1a")
    client.force_login(world.editor)
    for address in (u("assessment_framework_node_add", shipped.pk),
                    u("assessment_framework_node_edit", node.pk),
                    u("assessment_framework_node_remove", node.pk),
                    u("assessment_framework_upload", shipped.pk)):
        page = client.post(address, {"code": "X", "label": "Y", "kind": "part"})
        assert "shipped with PIF and cannot be changed" in page.content.decode()
    assert shipped.nodes.count() == 6
    assert shipped.nodes.get(code="1a").label == "Vision and values"


def upload(client, version, content):
    return client.post(u("assessment_framework_upload", version.pk),
                       {"file": SimpleUploadedFile("nodes.csv", content.encode())})


def test_upload_nodes_all_or_nothing(client, world, quick):
    version = own_version(world)
    client.force_login(world.editor)
    page = upload(client, version, "code,label,text,kind,points,weight,parent\n"
                                   "3,People,,criterion,100,,\n"
                                   "3a,Skills,,part,,lots,3\n"
                                   "3b,,,box,,,9\n").content.decode()
    assert "Row 3, column weight: &#x27;lots&#x27; is not a number" in page
    assert "Row 4, column label: Enter a label" in page
    assert "Row 4, column parent: there is no node 9 above this row" in page
    assert not version.nodes.filter(code="3").exists()
    response = upload(client, version, "code,label,kind,points,weight,parent\n"
                                       "3,People,criterion,100,,\n3a,Skills,part,,,3\n"
                                       "1a,Vision renamed,part,,,1\n")
    assert response.status_code == 302
    assert version.nodes.get(code="3a").parent.code == "3"
    assert version.nodes.get(code="3a").is_scored
    assert version.nodes.get(code="1a").label == "Vision renamed"
    assert version.nodes.get(code="3").points == Decimal(100)
    assert Event.objects.filter(verb="assessment_framework_nodes_uploaded").exists()


def test_upload_refuses_a_file_without_the_columns(client, world, quick):
    version = own_version(world)
    client.force_login(world.editor)
    page = upload(client, version, "id,name\n1,x\n").content.decode()
    assert "The first row must name the columns" in page


def _count(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_pages_use_the_same_number_of_queries_for_few_and_many(client, world, quick):
    client.force_login(world.viewer)
    version = own_version(world)
    few_list = _count(client, u("assessment_frameworks"))
    few_tree = _count(client, u("assessment_framework_version", version.pk))
    for number in range(2, 12):
        make_framework_version(slug=f"ours-{number}", partnership=world.partnership)
    parent = version.nodes.get(code="1")
    for number in range(30):
        m.AssessmentNode.objects.create(framework_version=version, parent=parent,
                                        code=f"1x{number}", kind="part", label="More",
                                        is_scored=True)
    assert _count(client, u("assessment_frameworks")) == few_list
    assert _count(client, u("assessment_framework_version", version.pk)) == few_tree


def test_a_stale_node_edit_is_refused_and_history_names_the_editor(client, world, quick):
    version = own_version(world)
    node = version.nodes.get(code="1a")
    client.force_login(world.editor)
    form = {"code": "1a", "label": "First", "kind": "part", "parent": node.parent_id,
            "is_scored": "on", "version": node.version}
    assert client.post(u("assessment_framework_node_edit", node.pk), form).status_code == 302
    assert m.AssessmentNode.history.filter(id=node.pk).latest().history_user == world.editor
    page = client.post(u("assessment_framework_node_edit", node.pk),
                       {**form, "label": "Second"}).content.decode()
    node.refresh_from_db()
    assert node.label == "First"
    assert "Check the differences, then save again" in page
