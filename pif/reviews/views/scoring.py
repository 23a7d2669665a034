"""Scoring a full assessment: an assessor's own scores (each sees only their own until the
consensus step), the consensus page with every assessor's score, the spread and PIF's
suggestion, recording the agreed score, and the summary with the weighted total and the
comparison with the previous round (downloadable)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.lib.numbers import format_number
from pif.partnerships.access import Access, partnership_view
from pif.partnerships.names import known_names
from pif.reviews import radar, scoring
from pif.reviews.forms.assessments import AgreedScoreForm, ScoreForm
from pif.reviews.models import AgreedScore, AssessmentNode, AssessmentStage, Compliance, Score
from pif.reviews.services import assessments as services
from pif.reviews.views.assessments import get_assessment, url
from pif.tables import table_response

T = "reviews/assessments/"
NOT_AN_ASSESSOR = "Only the assessment's assessors give scores."
SHOWN = (AssessmentStage.CONSENSUS, AssessmentStage.CLOSED)
COMPLIANCE_LEVELS = [*Compliance.choices, ("", "Not rated yet")]


def _nodes(version) -> list[AssessmentNode]:
    return list(version.nodes.all())


def _plain(nodes) -> list[scoring.Node]:
    return [scoring.Node(n.pk, n.code, n.label, n.parent_id, n.points, n.weight, n.is_scored)
            for n in nodes]


def _attributes(assessment, node):
    return radar.for_version(assessment.framework_version, node.node_type)


def _require_assessor(request, access, assessment) -> None:
    if not (access.can_contribute
            and assessment.assessors.filter(user=request.user).exists()):
        raise PermissionDenied(NOT_AN_ASSESSOR)


# An assessor's own scores

@partnership_view("contribute")
def assessment_scores(request: HttpRequest, access: Access, assessment_id: int
                      ) -> HttpResponse:
    """The assessor's own scores of every scored part: only theirs."""
    assessment = get_assessment(access, assessment_id)
    _require_assessor(request, access, assessment)
    mine = {s.node_id: s for s in Score.objects.filter(assessment=assessment,
                                                       assessor=request.user)}
    rows = [(node, mine.get(node.pk)) for node in _nodes(assessment.framework_version)
            if node.is_scored]
    by_type: dict = {}  # the attributes of each node type, read once
    for node, score in rows:
        if score is not None:  # PIF's suggestion from the attributes, shown beside the score
            if node.node_type not in by_type:
                by_type[node.node_type] = _attributes(assessment, node)
            score.suggestion = radar.suggest(by_type[node.node_type], score.attributes)
    return render(request, T + "scores.html", {
        "assessment": assessment, "rows": rows, "is_open": assessment.stage == "open",
        "is_compliance": assessment.framework_version.scale == "compliance",
        "done": sum(1 for _, s in rows if s and (s.percent is not None or s.compliance))})


def _scored_node(assessment, node_id: int) -> AssessmentNode:
    return get_object_or_404(AssessmentNode, pk=node_id,
                             framework_version_id=assessment.framework_version_id,
                             is_scored=True)


def _next_node_url(access, assessment, node) -> str:
    """The score page of the next scored part, or the list after the last."""
    later = (assessment.framework_version.nodes.filter(is_scored=True)
             .filter(position__gt=node.position).order_by("position", "id").first())
    if later is None:
        return url("assessment_scores", access, assessment.pk)
    return url("score_node", access, assessment.pk, later.pk)


@partnership_view("contribute")
def score_node(request: HttpRequest, access: Access, assessment_id: int,
               assessment_node_id: int) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    _require_assessor(request, access, assessment)
    node = _scored_node(assessment, assessment_node_id)
    score = Score.objects.filter(assessment=assessment, node=node,
                                 assessor=request.user).first()
    scale = assessment.framework_version.scale
    attributes = _attributes(assessment, node) if scale != "compliance" else ()
    saved = score.attributes if score else {}
    suggestion = radar.suggest(attributes, saved)
    initial = {f"attr_{key}": value for key, value in saved.items()}
    if score:
        initial.update(percent=score.percent, compliance=score.compliance,
                       rationale=score.rationale)
    form = ScoreForm(posted(request), record=score, initial=initial, attributes=attributes,
                     scale=scale, suggestion=suggestion)

    def save(form):
        data = form.cleaned_data
        return services.save_score(
            Actor.from_request(request), assessment, node, percent=data.get("percent"),
            attributes=form.attributes(), compliance=data.get("compliance", ""),
            rationale=data["rationale"], loaded_version=form.loaded_version)

    return form_page(
        request, form, save, success=f"Your score of {node.code} is saved.",
        next_url=_next_node_url(access, assessment, node), what="your score",
        template=T + "score_form.html",
        context={"assessment": assessment, "node": node, "suggestion": suggestion,
                 "attribute_fields": [form[f"attr_{a.key}"] for a in attributes],
                 "is_open": assessment.stage == "open"})


# The consensus step

def consensus_rows(assessment, nodes) -> tuple[list, list]:
    """Per scored node: each assessor's score, the spread, PIF's suggestion and the agreed
    score, in a fixed number of queries whatever the number of nodes."""
    names = known_names(assessment.partnership)
    assessors = [a.user for a in assessment.assessors.select_related("user")
                 .order_by("user__full_name", "user__email")]
    scores: dict = {}
    for score in Score.objects.filter(assessment=assessment):
        scores[(score.node_id, score.assessor_id)] = score
    agreed = {a.node_id: a for a in AgreedScore.objects.filter(assessment=assessment)}
    rows = []
    for node in nodes:
        if not node.is_scored:
            continue
        given = [scores.get((node.pk, user.pk)) for user in assessors]
        percents = [s.percent for s in given if s is not None and s.percent is not None]
        rows.append({"node": node, "scores": given, "spread": scoring.spread(percents),
                     "suggestion": scoring.suggest(percents), "agreed": agreed.get(node.pk)})
    return [names.of(user) for user in assessors], rows


@partnership_view("read")
def assessment_consensus(request: HttpRequest, access: Access, assessment_id: int
                         ) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    shown = assessment.stage in SHOWN
    names, rows = (consensus_rows(assessment, _nodes(assessment.framework_version))
                   if shown else ([], []))
    return render(request, T + "consensus.html", {
        "assessment": assessment, "shown": shown, "names": names, "rows": rows,
        "agreed_count": sum(1 for row in rows if row["agreed"]),
        "discuss": scoring.DISCUSS_AT,
        "is_compliance": assessment.framework_version.scale == "compliance",
        "can_agree": access.can_edit and assessment.stage == AssessmentStage.CONSENSUS})


@partnership_view("edit")
def agree_node(request: HttpRequest, access: Access, assessment_id: int,
               assessment_node_id: int) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    node = _scored_node(assessment, assessment_node_id)
    if assessment.stage != AssessmentStage.CONSENSUS:
        raise PermissionDenied("Agreed scores are recorded at the consensus step.")
    names, [row] = consensus_rows(assessment, [node])
    agreed = row["agreed"]
    initial = ({"percent": agreed.percent, "compliance": agreed.compliance,
                "note": agreed.note} if agreed else {})  # people choose; the hint suggests
    scale = assessment.framework_version.scale
    form = AgreedScoreForm(posted(request), record=agreed, initial=initial, scale=scale,
                           suggestion=row["suggestion"])

    def save(form):
        data = form.cleaned_data
        return services.agree_score(
            Actor.from_request(request), assessment, node, percent=data.get("percent"),
            compliance=data.get("compliance", ""), note=data["note"],
            loaded_version=form.loaded_version)

    return form_page(
        request, form, save, success=f"The agreed score of {node.code} is saved.",
        next_url=url("assessment_consensus", access, assessment.pk), what="the agreed score",
        template=T + "agree_form.html",
        context={"assessment": assessment, "node": node, "row": row,
                 "named_scores": list(zip(names, row["scores"], strict=True))})


# The summary

def _agreed(assessment) -> tuple[dict, dict]:
    found = AgreedScore.objects.filter(assessment=assessment)
    return ({a.node_id: a.percent for a in found if a.percent is not None},
            {a.node_id: a.compliance for a in found if a.compliance})


def summary_of(assessment) -> scoring.Summary:
    nodes = _plain(_nodes(assessment.framework_version))
    percents, _ = _agreed(assessment)
    return scoring.summarise(nodes, percents, assessment.framework_version.total_points)


def total_words(summary) -> str:
    """"385.5 out of 1,000 points", in house style (the cycle's review writes it the same)."""
    if summary.total is None:
        return "not scored yet"
    words = format_number(summary.total, 1)
    if summary.out_of:
        words += f" out of {format_number(summary.out_of)} points"
    return words


def _summary_context(assessment) -> dict:
    version = assessment.framework_version
    nodes = _plain(_nodes(version))
    percents, ratings = _agreed(assessment)
    summary = scoring.summarise(nodes, percents, version.total_points)
    previous = assessment.previous_round
    changes = (scoring.compare(summary_of(previous), summary) if previous is not None
               and version.scale != "compliance" else [])
    counts = [(node, [counter.get(value, 0) for value, _ in COMPLIANCE_LEVELS])
              for node, counter in scoring.compliance_counts(nodes, ratings)]
    return {"assessment": assessment, "summary": summary, "changes": changes,
            "total_words": total_words(summary), "previous": previous, "counts": counts,
            "levels": COMPLIANCE_LEVELS,
            "is_compliance": version.scale == "compliance"}


@partnership_view("read")
def assessment_summary(request: HttpRequest, access: Access, assessment_id: int
                       ) -> HttpResponse:
    context = _summary_context(get_assessment(access, assessment_id))
    return render(request, T + "summary.html", context)


def _number(value: Decimal | None, places: int = 1):
    return None if value is None else round(value, places)


@partnership_view("read")
def assessment_summary_export(request: HttpRequest, access: Access, assessment_id: int,
                              fmt: str) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    context = _summary_context(assessment)
    name = f"{access.partnership.short_name}-assessment-{assessment.pk}-summary"
    if context["is_compliance"]:
        headers = ["Criterion", *[label for _, label in COMPLIANCE_LEVELS]]
        rows = [[f"{node.code} {node.label}", *counts] for node, counts in context["counts"]]
    else:
        before = {c.code: c for c in context["changes"]}
        headers = ["Criterion", "Score (%)", "Points available", "Points", "Parts not agreed",
                   "Previous round (%)", "Change (points of %)"]
        rows = [[f"{c.node.code} {c.node.label}", _number(c.percent), c.node.points,
                 _number(c.points, 2), ", ".join(c.missing),
                 _number(getattr(before.get(c.node.code), "then", None)),
                 _number(getattr(before.get(c.node.code), "change", None))]
                for c in context["summary"].criteria]
        rows.append(["Total", None, context["summary"].out_of,
                     _number(context["summary"].total, 2), "", None, None])
    return table_response(name, fmt, headers, rows, sheet_title="Assessment summary")

