"""Stage 6 addresses: evidence, tags, findings, the improvement plan and the portfolio."""

from django.urls import path

from pif.reviews.views import evidence, findings

P = "p/<slug:short_name>/"
A = P + "assessments/<int:assessment_id>/"
NODE = A + "evidence/<int:assessment_node_id>/"
E = P + "assessment-evidence/<int:evidence_id>/"
F = P + "assessment-findings/<int:finding_id>/"

urlpatterns = [
    path(A + "evidence/", evidence.assessment_evidence, name="assessment_evidence"),
    path(NODE, evidence.node_evidence, name="node_evidence"),
    path(NODE + "add/", evidence.evidence_add, name="evidence_add"),
    path(NODE + "tags/", evidence.node_tags, name="node_tags"),
    path(E + "file/", evidence.evidence_file, name="evidence_file"),
    path(E + "remove/", evidence.evidence_delete, name="evidence_delete"),
    path(P + "evidence-tags/<int:tag_id>/remove/", evidence.tag_delete, name="tag_delete"),
    path(A + "portfolio.<str:fmt>", evidence.evidence_portfolio, name="evidence_portfolio"),
    path(A + "findings/add/", findings.finding_add, name="finding_add"),
    path(F + "change/", findings.finding_edit, name="finding_edit"),
    path(F + "delete/", findings.finding_delete, name="finding_delete"),
    path(A + "improvement-plan/", findings.improvement_plan, name="improvement_plan"),
    path(A + "improvement-plan.<str:fmt>", findings.improvement_plan_export,
         name="improvement_plan_export"),
    path(F + "plan/", findings.plan_row_edit, name="plan_row_edit"),
    path(F + "action/", findings.finding_make_action, name="finding_make_action"),
]
