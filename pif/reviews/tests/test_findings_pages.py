"""Findings and the improvement plan: adding, changing and deleting findings, the plan page,
changing a row, creating its action in one step and downloading the plan."""

import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pif.actors import Actor
from pif.improvement.models import Action, ActionSource
from pif.reviews import models as m
from pif.reviews.services import evidence as service
from pif.reviews.testing import make_assessment, make_finding


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


def test_an_assessor_adds_a_strength_to_a_part(client, world, assessment, node):
    m.Assessor.objects.create(assessment=assessment, user=world.users["contributor"])
    client = as_(client, world, "contributor")
    address = reverse("finding_add", args=["alpha", assessment.pk]) + f"?node={node.pk}"
    page = client.get(address + "&kind=strength").content.decode()
    assert "3 to 5 strengths" in page  # the guidance, shown not enforced
    response = client.post(address, {"kind": "strength",
                                     "text": "Leaders model the partnership's values."})
    assert response.status_code == 302
    assert response["Location"] == reverse("node_evidence",
                                           args=["alpha", assessment.pk, node.pk])
    finding = m.Finding.objects.get()
    assert (finding.node, finding.kind) == (node, "strength")
    assert m.Finding.history.latest().history_user == world.users["contributor"]
    assert "Leaders model" in client.get(response["Location"]).content.decode()


def test_an_empty_finding_gets_a_clear_error_and_a_stranger_a_403(client, world, assessment):
    editor = as_(client, world, "editor")
    page = editor.post(reverse("finding_add", args=["alpha", assessment.pk]),
                       {"kind": "strength", "text": ""})
    assert page.status_code == 200 and "Enter what you found" in page.content.decode()
    contributor = as_(client, world, "contributor")
    assert contributor.get(reverse("finding_add", args=["alpha", assessment.pk])
                           ).status_code == 403


def test_a_stale_edit_of_a_finding_shows_the_conflict(client, world, assessment):
    finding = make_finding(assessment)
    editor = as_(client, world, "editor")
    address = reverse("finding_edit", args=["alpha", finding.pk])
    service.save_finding(Actor(user=world.users["admin"]),
                         m.Finding.objects.get(pk=finding.pk), loaded_version=1)
    page = editor.post(address, {"kind": "area_for_improvement", "text": "Mine", "version": 1})
    assert page.status_code == 200
    assert "Someone else saved" in page.content.decode()
    finding.refresh_from_db()
    assert finding.text != "Mine"


def test_deleting_a_finding(client, world, assessment, node):
    finding = make_finding(assessment, node=node)
    response = as_(client, world, "editor").post(
        reverse("finding_delete", args=["alpha", finding.pk]))
    assert response.status_code == 302 and not m.Finding.objects.exists()


def test_another_partnerships_finding_is_404(client, world):
    from pif.reviews.testing import make_framework_version

    theirs = make_finding(make_assessment(world.other_partnership,
                                          version=make_framework_version(slug="theirs")))
    editor = as_(client, world, "admin")
    for name in ("finding_edit", "finding_delete", "plan_row_edit", "finding_make_action"):
        assert editor.get(reverse(name, args=["alpha", theirs.pk])).status_code == 404


def test_the_plan_shows_every_area_with_its_action_status(client, world, assessment, node):
    area = make_finding(assessment, node=node, lead=world.users["contributor"],
                        priority=1, resources="A facilitator for two days")
    make_finding(assessment, kind="strength", text="Leaders are visible.")
    service.make_action(Actor(user=world.users["editor"]), area)
    page = as_(client, world, "viewer").get(
        reverse("improvement_plan", args=["alpha", assessment.pk])).content.decode()
    assert "A facilitator for two days" not in page  # resources live on the row's own page
    assert "Leaders are visible" not in page
    assert "SA01" in page and "Not started" in page
    assert "Create the action" not in page  # a viewer cannot


def test_the_plan_takes_the_same_queries_for_3_or_30_rows(client, world, assessment, node):
    editor = as_(client, world, "editor")
    address = reverse("improvement_plan", args=["alpha", assessment.pk])

    def count():
        with CaptureQueriesContext(connection) as context:
            assert editor.get(address).status_code == 200
        return len(context)

    def areas(number):
        for n in range(number):
            finding = make_finding(assessment, node=node, text=f"Area {n}",
                                   lead=world.users["contributor"])
            if n % 2:
                service.make_action(Actor(user=world.users["editor"]), finding)

    areas(3)
    few = count()
    areas(27)
    assert count() == few


def test_a_plan_row_is_edited_by_an_editor(client, world, assessment):
    area = make_finding(assessment)
    address = reverse("plan_row_edit", args=["alpha", area.pk])
    assert as_(client, world, "contributor").get(address).status_code == 403
    editor = as_(client, world, "editor")
    response = editor.post(address, {
        "priority": "2", "lead": world.users["contributor"].pk, "timescale": "2027-03-31",
        "resources": "Staff time", "risks": "Turnover", "measures": "Staff survey score",
        "version": area.version})
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.priority, area.lead, area.timescale) == (
        2, world.users["contributor"], datetime.date(2027, 3, 31))
    page = editor.post(address, {"priority": "x", "lead": world.outsider.pk,
                                 "version": area.version})
    assert page.status_code == 200  # an outsider is not a choice, and x not a number
    assert "Enter the priority as a whole number" in page.content.decode()


def test_a_strengths_plan_row_is_404(client, world, assessment):
    strength = make_finding(assessment, kind="strength", text="Good.")
    assert as_(client, world, "editor").get(
        reverse("plan_row_edit", args=["alpha", strength.pk])).status_code == 404


def test_create_the_action_in_one_step(client, world, assessment, node):
    area = make_finding(assessment, node=node, lead=world.users["contributor"],
                        timescale=datetime.date(2027, 3, 31))
    editor = as_(client, world, "editor")
    address = reverse("finding_make_action", args=["alpha", area.pk])
    page = editor.get(address).content.decode()
    assert 'value="SA01"' in page
    response = editor.post(address, {"reference": "SA01", "version": area.version,
                                     "owner_organisation": world.health_board.pk})
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.source == ActionSource.SELF_ASSESSMENT
    assert node.code in action.source_detail and assessment.title in action.source_detail
    area.refresh_from_db()
    assert area.action == action
    assert "already has its action" in editor.get(address).content.decode()
    assert editor.post(address, {"reference": "SA02",
                                 "owner_organisation": world.council.pk}).status_code == 200
    assert Action.objects.count() == 1


def test_a_taken_reference_is_refused_on_the_form(client, world, assessment):
    from pif.improvement.testing import make_action

    make_action(world.partnership, world.council, reference="SA01")
    area = make_finding(assessment)
    page = as_(client, world, "editor").post(
        reverse("finding_make_action", args=["alpha", area.pk]),
        {"reference": "SA01", "owner_organisation": world.council.pk,
         "version": area.version})
    assert page.status_code == 200
    assert "already has an action with that reference" in page.content.decode()


def test_the_plan_downloads_as_csv_and_excel(client, world, assessment, node):
    make_finding(assessment, node=node, priority=1, measures="=HYPERLINK(\"x\")")
    viewer = as_(client, world, "viewer")
    csv = viewer.get(reverse("improvement_plan_export", args=["alpha", assessment.pk, "csv"]))
    assert csv.status_code == 200
    assert "Area for improvement" in csv.content.decode("utf-8-sig")
    xlsx = viewer.get(reverse("improvement_plan_export",
                              args=["alpha", assessment.pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == f"{node.code} {node.label}"
    assert not str(rows[1][7]).startswith("=")  # formula-like text made safe
    assert viewer.get(reverse("improvement_plan_export",
                              args=["alpha", assessment.pk, "pdf"])).status_code == 404
