"""Findings and the improvement plan: adding, changing and removing strengths and areas for
improvement; the plan, with every area for improvement as a row; changing a row; turning it
into an action in one step; and downloading the plan.

Editors and the assessment's assessors write findings (others get 403); the plan is an
editor's (`partnership_view("edit")`), as adding an action is.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.partnerships.access import Access, partnership_view
from pif.partnerships.names import known_names
from pif.reviews.forms.evidence import FindingForm, MakeActionForm, PlanRowForm
from pif.reviews.models import AssessmentNode, Finding, FindingKind
from pif.reviews.services import evidence as service
from pif.reviews.views.evidence import (
    CAPTION,
    T,
    get_assessment,
    guidance,
    node_url,
    refuse_unless_may_work_on,
    url,
)
from pif.tables import table_response

AREA = FindingKind.AREA_FOR_IMPROVEMENT
PLAN_HEADERS = ["Priority", "Part", "Area for improvement", "Lead officer", "Complete by",
                "Resources required", "Risks", "Performance measures", "Action",
                "Action status"]


def get_finding(access: Access, finding_id: int) -> Finding:
    return get_object_or_404(
        Finding.objects.select_related("assessment__framework_version", "node", "action"),
        pk=finding_id, assessment__partnership=access.partnership)


def _back(access: Access, finding_or_node, assessment) -> str:
    node_id = getattr(finding_or_node, "node_id", None) or getattr(finding_or_node, "pk", None)
    if node_id:
        return node_url(access, assessment.pk, node_id)
    return url("assessment_evidence", access, assessment.pk)


def _chosen_node(request, assessment) -> AssessmentNode | None:
    value = request.GET.get("node", "")
    if not value.isdigit():
        return None
    return AssessmentNode.objects.filter(pk=value,
                                         framework_version_id=assessment.framework_version_id).first()


@partnership_view("contribute")
def finding_add(request: HttpRequest, access: Access, assessment_id: int) -> HttpResponse:
    """A strength or an area for improvement, for the part in the address (`?node=`) or, if
    none, the whole assessment."""
    assessment = get_assessment(access, assessment_id)
    refuse_unless_may_work_on(access, assessment)
    node = _chosen_node(request, assessment)
    kind = request.GET.get("kind")
    form = FindingForm(posted(request), initial={"kind": kind} if kind in FindingKind.values
                       else {})
    back = node_url(access, assessment.pk, node.pk) if node else url(
        "assessment_evidence", access, assessment.pk)

    def save(form):
        data = form.cleaned_data
        return service.add_finding(Actor.from_request(request), assessment, kind=data["kind"],
                                   text=data["text"], node=node)

    return form_page(request, form, save,
                     success=lambda f: f"{f.get_kind_display()} added", next_url=back,
                     template=T + "finding_form.html", what="the finding",
                     context={"assessment": assessment, "node": node, "back": back,
                              "title": "Add a finding", "guidance": guidance(assessment),
                              "caption": CAPTION + assessment.title})


@partnership_view("contribute")
def finding_edit(request: HttpRequest, access: Access, finding_id: int) -> HttpResponse:
    finding = get_finding(access, finding_id)
    assessment = finding.assessment
    refuse_unless_may_work_on(access, assessment)
    back = _back(access, finding, assessment)
    form = FindingForm(posted(request), instance=finding)
    return form_page(
        request, form, lambda form: service.save_finding(
            Actor.from_request(request), form.instance, loaded_version=form.loaded_version),
        success="Finding saved", next_url=back, template=T + "finding_form.html",
        what="this finding",
        context={"assessment": assessment, "node": finding.node, "back": back,
                 "title": "Change the finding", "guidance": guidance(assessment),
                 "caption": CAPTION + assessment.title})


@partnership_view("contribute")
def finding_delete(request: HttpRequest, access: Access, finding_id: int) -> HttpResponse:
    finding = get_finding(access, finding_id)
    refuse_unless_may_work_on(access, finding.assessment)
    back = _back(access, finding, finding.assessment)
    return confirm_removal(
        request, remove=lambda: service.delete_finding(Actor.from_request(request), finding),
        done=f"{finding.get_kind_display()} removed", next_url=back,
        template=T + "finding_delete.html", context={"finding": finding, "cancel_url": back})


# The improvement plan ----------------------------------------------------------------------

def _plan_rows(assessment) -> list[Finding]:
    return list(assessment.findings.filter(kind=AREA)
                .select_related("node", "lead", "action")
                .order_by("priority", "node__position", "id"))


@partnership_view("read")
def improvement_plan(request: HttpRequest, access: Access, assessment_id: int) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    rows = _plan_rows(assessment)
    names = known_names(access.partnership)
    return render(request, T + "plan.html", {
        "assessment": assessment, "caption": CAPTION + assessment.title,
        "rows": [(finding, names.of(finding.lead)) for finding in rows],
        "without_action": sum(1 for finding in rows if finding.action_id is None)})


@partnership_view("read")
def improvement_plan_export(request: HttpRequest, access: Access, assessment_id: int,
                            fmt: str) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    names = known_names(access.partnership)
    rows = [[f.priority, f"{f.node.code} {f.node.label}" if f.node else "Whole assessment",
             f.text, names.of(f.lead), f.timescale, f.resources, f.risks, f.measures,
             str(f.action) if f.action else "", f.action.get_status_display() if f.action
             else ""] for f in _plan_rows(assessment)]
    return table_response(f"improvement-plan-{assessment.pk}", fmt, PLAN_HEADERS, rows,
                          sheet_title="Improvement plan")


def _plan_area(access: Access, finding_id: int) -> Finding:
    finding = get_finding(access, finding_id)
    if finding.kind != AREA:
        raise Http404("Only an area for improvement is in the plan")
    return finding


@partnership_view("edit")
def plan_row_edit(request: HttpRequest, access: Access, finding_id: int) -> HttpResponse:
    finding = _plan_area(access, finding_id)
    back = url("improvement_plan", access, finding.assessment_id)
    form = PlanRowForm(access.partnership, posted(request), instance=finding)
    return form_page(
        request, form, lambda form: service.save_finding(
            Actor.from_request(request), form.instance, loaded_version=form.loaded_version),
        success="Improvement plan row saved", next_url=back, template=T + "plan_row_form.html",
        what="this row of the plan",
        context={"finding": finding, "assessment": finding.assessment, "back": back,
                 "caption": CAPTION + finding.assessment.title})


@partnership_view("edit")
def finding_make_action(request: HttpRequest, access: Access, finding_id: int
                        ) -> HttpResponse:
    """Create the action for an area for improvement: one step from its plan row."""
    finding = _plan_area(access, finding_id)
    back = url("improvement_plan", access, finding.assessment_id)
    if finding.action_id is not None:
        return render(request, T + "make_action.html", {
            "finding": finding, "assessment": finding.assessment, "back": back,
            "caption": CAPTION + finding.assessment.title, "done": True})
    form = MakeActionForm(posted(request), partnership=access.partnership, record=finding,
                          initial={
        "reference": service.next_reference(access.partnership),
        "owner_organisation": service.lead_organisation(finding)})

    def save(form):
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        return service.make_action(Actor.from_request(request), finding,
                                   loaded_version=form.loaded_version, **fields)

    names = known_names(access.partnership)
    return form_page(
        request, form, save, success=lambda action: f"Action “{action}” created",
        next_url=back, template=T + "make_action.html", what="this area for improvement",
        context={"finding": finding, "assessment": finding.assessment, "back": back,
                 "lead_name": names.of(finding.lead),
                 "description": service.plan_description(finding),
                 "source_detail": service.source_detail(finding),
                 "caption": CAPTION + finding.assessment.title})
