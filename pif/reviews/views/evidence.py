"""Evidence for an assessment: the parts with their evidence counts, each part's evidence,
findings and the PIF records offered for it, adding and removing evidence, downloading a
file, tagging PIF records against a part, and the CSE evidence portfolio.

Every member reads; editors and the assessment's assessors add and remove (others get
403, see `services.evidence.may_work_on`). Files are served only through `evidence_file`,
which checks the person may read the partnership: never from a public media address.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.forms import apply_validation_error
from pif.partnerships.access import Access, partnership_view
from pif.partnerships.names import known_names
from pif.reviews import evidence_files
from pif.reviews import evidence_portfolio as portfolio_export
from pif.reviews.forms.evidence import EvidenceForm, TagForm
from pif.reviews.models import (
    Assessment,
    AssessmentNode,
    Assessor,
    Evidence,
    FindingKind,
    NodeTag,
    Scale,
)
from pif.reviews.services import evidence as service

T = "reviews/evidence/"
CAPTION = "Stage 6: review the cycle · "
# What each framework asks of findings, by its slug; others get the neutral words.
GUIDANCE = {"psif": "PSIF asks for full sentences, and for 3 to 5 strengths and 3 to 5 areas "
                    "for improvement for each part. This is guidance: PIF does not enforce it."}
NEUTRAL_GUIDANCE = ("Write full sentences; aim for 3 to 5 strengths and 3 to 5 areas for "
                    "improvement for each part. This is guidance: PIF does not enforce it.")


def guidance(assessment: Assessment) -> str:
    """The framework's own guidance on findings, or neutral words when it gives none."""
    return GUIDANCE.get(assessment.framework_version.framework.slug, NEUTRAL_GUIDANCE)


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])


def get_assessment(access: Access, assessment_id: int) -> Assessment:
    return get_object_or_404(Assessment.objects.select_related("framework_version__framework"),
                             pk=assessment_id, partnership=access.partnership)


def get_node(assessment: Assessment, node_id: int) -> AssessmentNode:
    return get_object_or_404(AssessmentNode, pk=node_id,
                             framework_version_id=assessment.framework_version_id)


def get_evidence(access: Access, evidence_id: int) -> Evidence:
    return get_object_or_404(Evidence.objects.select_related("assessment", "node"),
                             pk=evidence_id, assessment__partnership=access.partnership)


def refuse_unless_may_work_on(access: Access, assessment: Assessment) -> None:
    if not service.may_work_on(access, assessment):
        raise PermissionDenied("Only editors and the assessment's assessors can do this.")


def may_change_here(access: Access, assessment: Assessment) -> bool:
    """Whether to offer the changes: the pages that make them are "contribute" pages, so a
    viewer who is an assessor is not shown links that would refuse them."""
    return access.can_contribute and service.may_work_on(access, assessment)


def node_url(access: Access, assessment_id: int, node_id: int) -> str:
    return url("node_evidence", access, assessment_id, node_id)


# Reading -----------------------------------------------------------------------------------

@partnership_view("read")
def assessment_evidence(request: HttpRequest, access: Access, assessment_id: int
                        ) -> HttpResponse:
    """Each scored part with how much evidence and how many findings it has."""
    assessment = get_assessment(access, assessment_id)
    nodes = list(assessment.framework_version.nodes.filter(is_scored=True))
    evidence = dict(assessment.evidence.values_list("node_id").annotate(n=Count("id")))
    findings = {(node_id, kind): n for node_id, kind, n in assessment.findings.values_list(
        "node_id", "kind").annotate(n=Count("id"))}
    rows = [{"node": node, "evidence": evidence.get(node.pk, 0),
             "strengths": findings.get((node.pk, FindingKind.STRENGTH), 0),
             "areas": findings.get((node.pk, FindingKind.AREA_FOR_IMPROVEMENT), 0)}
            for node in nodes]
    return render(request, T + "assessment.html", {
        "assessment": assessment, "rows": rows, "caption": CAPTION + assessment.title,
        "is_compliance": assessment.framework_version.scale == Scale.COMPLIANCE,
        "may_work_on": may_change_here(access, assessment)})


def _evidence_rows(assessment: Assessment, node: AssessmentNode) -> list[Evidence]:
    return list(assessment.evidence.filter(node=node).select_related(
        "indicator__partnership", "action__partnership",
        "pdsa_cycle__project__partnership", "added_by"))


def _offers(access: Access, node: AssessmentNode, evidence: list[Evidence]) -> list[dict]:
    """Tagged records not yet evidence for this part of this assessment, each once."""
    seen = {(e.indicator_id, e.action_id, e.pdsa_cycle_id) for e in evidence}
    offers = []
    for tag in service.offered_for(access.partnership, node):
        key = (tag.indicator_id, tag.action_id, tag.pdsa_cycle_id)
        if key not in seen:
            seen.add(key)
            offers.append({"tag": tag, "record": service.record_of(tag),
                           "kind": service.record_kind(tag)})
    return offers


@partnership_view("read")
def node_evidence(request: HttpRequest, access: Access, assessment_id: int,
                  assessment_node_id: int) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    node = get_node(assessment, assessment_node_id)
    evidence = _evidence_rows(assessment, node)
    findings = list(assessment.findings.filter(node=node).select_related("action__partnership"))
    names = known_names(access.partnership)
    strengths = [f for f in findings if f.kind == FindingKind.STRENGTH]
    areas = [f for f in findings if f.kind == FindingKind.AREA_FOR_IMPROVEMENT]
    return render(request, T + "node.html", {
        "assessment": assessment, "node": node, "caption": CAPTION + assessment.title,
        "evidence": [(item, names.of(item.added_by, nobody="PIF"),
                      evidence_files.size_words(item.file_size)) for item in evidence],
        "offers": _offers(access, node, evidence),
        "areas": areas,
        "finding_groups": [("Strengths", strengths, FindingKind.STRENGTH.value),
                           ("Areas for improvement", areas,
                            FindingKind.AREA_FOR_IMPROVEMENT.value)],
        "guidance": guidance(assessment), "may_work_on": may_change_here(access, assessment)})


@partnership_view("read")
def evidence_file(request: HttpRequest, access: Access, evidence_id: int) -> HttpResponse:
    """The uploaded file, as a download, for members who can read the partnership."""
    evidence = get_evidence(access, evidence_id)
    if not evidence.file:
        raise Http404("This evidence has no file")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is no longer stored") from None
    response = FileResponse(handle, as_attachment=True, filename=evidence.file_name,
                            content_type=evidence.content_type or "application/octet-stream")
    # Opened by mistake in the browser, a file can run nothing.
    response["Content-Security-Policy"] = "sandbox"
    return response


# Changing ----------------------------------------------------------------------------------

@partnership_view("contribute")
def evidence_add(request: HttpRequest, access: Access, assessment_id: int,
                 assessment_node_id: int) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    node = get_node(assessment, assessment_node_id)
    refuse_unless_may_work_on(access, assessment)
    back = node_url(access, assessment.pk, node.pk)
    if request.method == "POST" and "offer" in request.POST:
        return _add_offered(request, access, assessment, node, back)
    form = EvidenceForm(posted(request), request.FILES or None, partnership=access.partnership)

    def save(form):
        data = form.cleaned_data
        return service.add_evidence(Actor.from_request(request), assessment, node,
                                    text=data["text"], url=data["url"], record=data["record"],
                                    upload=data["file"])

    return form_page(request, form, save, success="Evidence added", next_url=back,
                     template=T + "evidence_form.html", what="the evidence",
                     context={"assessment": assessment, "node": node, "back": back,
                              "caption": CAPTION + assessment.title})


def _add_offered(request, access, assessment, node, back) -> HttpResponse:
    """One click on an offered record: it becomes this part's evidence."""
    offer = request.POST["offer"].strip()
    tag = (NodeTag.objects.filter(partnership=access.partnership, pk=offer).first()
           if offer.isdigit() else None)
    if tag is None:
        raise Http404("No such tagged record")
    try:
        service.add_offered(Actor.from_request(request), assessment, node, tag)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, f"“{service.record_of(tag)}” added as evidence")
    return redirect(back)


@partnership_view("contribute")
def evidence_delete(request: HttpRequest, access: Access, evidence_id: int) -> HttpResponse:
    evidence = get_evidence(access, evidence_id)
    refuse_unless_may_work_on(access, evidence.assessment)
    back = node_url(access, evidence.assessment_id, evidence.node_id)
    return confirm_removal(
        request, remove=lambda: service.remove_evidence(Actor.from_request(request), evidence),
        done="Evidence removed", next_url=back, template=T + "evidence_delete.html",
        context={"evidence": evidence, "cancel_url": back})


def _may_tag(access: Access) -> bool:
    return access.can_edit or Assessor.objects.filter(
        assessment__partnership=access.partnership, user=access.membership.user).exists()


@partnership_view("contribute")
def node_tags(request: HttpRequest, access: Access, assessment_id: int,
              assessment_node_id: int) -> HttpResponse:
    """Tag PIF records against a part, once, so every assessment can use them."""
    assessment = get_assessment(access, assessment_id)
    node = get_node(assessment, assessment_node_id)
    if not _may_tag(access):
        raise PermissionDenied("Only editors and assessors tag records.")
    back = node_url(access, assessment.pk, node.pk)
    form = TagForm(posted(request), partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            tag = service.tag_record(Actor.from_request(request), access.partnership, node,
                                     form.cleaned_data["record"])
        except ValidationError as refusal:
            apply_validation_error(form, refusal)
        else:
            messages.success(request, f"“{service.record_of(tag)}” tagged against {node.code}")
            return redirect(url("node_tags", access, assessment.pk, node.pk))
    tags = [{"tag": tag, "record": service.record_of(tag), "kind": service.record_kind(tag)}
            for tag in NodeTag.objects.filter(partnership=access.partnership, node=node)
            .select_related("indicator__partnership", "action__partnership",
                            "pdsa_cycle__project__partnership")]
    return render(request, T + "tags.html", {
        "assessment": assessment, "node": node, "form": form, "tags": tags, "back": back,
        "caption": CAPTION + assessment.title})


@partnership_view("contribute")
def tag_delete(request: HttpRequest, access: Access, tag_id: int) -> HttpResponse:
    tag = get_object_or_404(NodeTag.objects.select_related("node"), pk=tag_id,
                            partnership=access.partnership)
    if not _may_tag(access):
        raise PermissionDenied("Only editors and assessors tag records.")
    back = request.GET.get("next", "")
    back = back if back.startswith(f"/p/{access.partnership.short_name}/") else url(
        "assessments", access)
    return confirm_removal(
        request, remove=lambda: service.untag(Actor.from_request(request), tag),
        done="Tag removed", next_url=back, template=T + "tag_delete.html",
        context={"tag": tag, "record": service.record_of(tag), "cancel_url": back})


# The CSE evidence portfolio ----------------------------------------------------------------

@partnership_view("read")
def evidence_portfolio(request: HttpRequest, access: Access, assessment_id: int, fmt: str
                       ) -> HttpResponse:
    """Per element: the agreed rating, the evidence and the findings (CSV or Excel), or a
    zip of the files in a folder per element with that table as its index."""
    assessment = get_assessment(access, assessment_id)
    if assessment.framework_version.scale != Scale.COMPLIANCE:
        raise Http404("An evidence portfolio is for a compliance framework")
    if fmt == "zip":
        return portfolio_export.zip_response(assessment)
    return portfolio_export.table(assessment, fmt)

