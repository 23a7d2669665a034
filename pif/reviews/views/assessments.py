"""Self-assessments: the list, setting one up (both methods), changing and deleting it, its
page with its stage and next step, its assessors and moving it from stage to stage."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse

from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.forms import apply_validation_error
from pif.partnerships.access import Access, partnership_view
from pif.partnerships.names import known_names
from pif.reviews.forms.assessments import AssessmentForm, AssessorForm, StageForm
from pif.reviews.models import Assessment, AssessmentStage, Assessor, Score
from pif.reviews.rules.assessments import FORWARD
from pif.reviews.services import assessments as services

T = "reviews/assessments/"
FULL = Assessment.Method.FULL
MOVE_WORDS = {
    ("draft", "open"): ("Open the assessment",
                        "Assessors can then give their own scores. Each sees only their own "
                        "until the consensus step."),
    ("open", "consensus"): ("Move to the consensus step",
                            "Scoring stops. Everyone who can read the assessment sees every "
                            "assessor's scores, and editors record the agreed score of each "
                            "part."),
    ("consensus", "closed"): ("Close the assessment",
                              "The agreed scores make the summary. Every part needs an "
                              "agreed score."),
    ("open", "draft"): ("Go back to setting it up", "Scores given so far are kept."),
    ("consensus", "open"): ("Reopen scoring", "Assessors can change their own scores again."),
    ("closed", "consensus"): ("Reopen the consensus step", "Agreed scores can change again."),
}


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])


def get_assessment(access: Access, assessment_id: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.select_related("framework_version__framework", "lead", "cycle",
                                          "previous_round", "partnership"),
        pk=assessment_id, partnership=access.partnership)


def moves(assessment: Assessment) -> list[tuple[str, str, str]]:
    """The stages a full assessment can move to from here: (stage, button words, what
    happens). A checklist has none here: its survey's pages open and close it."""
    if assessment.method != FULL:
        return []
    back = {after: before for before, after in FORWARD.items() if before != "draft"}
    found = []
    for stage in (FORWARD.get(assessment.stage), back.get(assessment.stage)):
        if (assessment.stage, stage) in MOVE_WORDS:
            words, said = MOVE_WORDS[(assessment.stage, stage)]
            found.append((stage, words, said))
    return found


# The list

@partnership_view("read")
def assessments(request: HttpRequest, access: Access) -> HttpResponse:
    rows = list(Assessment.objects.filter(partnership=access.partnership)
                .select_related("framework_version__framework", "lead")
                .annotate(assessor_count=Count("assessors", distinct=True)))
    names = known_names(access.partnership)
    for row in rows:
        row.lead_name = names.of(row.lead, nobody="None yet")
    return render(request, T + "assessments.html", {"assessments": rows})


# Setting up, changing, deleting

def _form(request, access: Access, instance: Assessment) -> HttpResponse:
    form = AssessmentForm(access.partnership, posted(request), instance=instance)
    adding = instance.pk is None

    def save(form):
        return services.save_assessment(Actor.from_request(request), form.instance,
                                        loaded_version=form.loaded_version)

    return form_page(
        request, form, save,
        success=(lambda a: f"Assessment “{a}” set up.") if adding else "Assessment saved.",
        next_url=Assessment.get_absolute_url, what="this assessment", template=T + "form.html",
        context={"title": "Set up a self-assessment" if adding else f"Change “{instance}”",
                 "back_url": url("assessments", access) if adding
                 else instance.get_absolute_url(),
                 "back_label": "the assessments" if adding else "the assessment"})


@partnership_view("edit")
def assessment_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _form(request, access, _next_round(access, request.GET.get("previous_round")))


def _next_round(access: Access, previous_id: str | None) -> Assessment:
    """A new assessment; with `?previous_round=ID` (the stage page's "start the next round"),
    the next round of that one: same framework, method and scope. An id that is not one of
    the partnership's assessments is ignored."""
    previous = (Assessment.objects.filter(partnership=access.partnership, pk=previous_id).first()
                if previous_id and previous_id.isdigit() else None)
    if previous is None:
        return Assessment(partnership=access.partnership)
    return Assessment(partnership=access.partnership, previous_round=previous,
                      framework_version=previous.framework_version, method=previous.method,
                      scope=previous.scope)


@partnership_view("edit")
def assessment_edit(request: HttpRequest, access: Access, assessment_id: int) -> HttpResponse:
    return _form(request, access, get_assessment(access, assessment_id))


@partnership_view("edit")
def assessment_delete(request: HttpRequest, access: Access, assessment_id: int
                      ) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    return confirm_removal(
        request, remove=lambda: services.delete_assessment(Actor.from_request(request),
                                                           assessment),
        done=f"Assessment “{assessment}” deleted.", next_url=url("assessments", access),
        template=T + "confirm_delete.html",
        context={"obj": assessment, "what": "assessment",
                 "cancel_url": assessment.get_absolute_url(),
                 "explanation": "Its assessors, scores, agreed scores, survey responses, "
                                "evidence and findings are deleted with it."})


# The assessment's page

SURVEY_PANEL = "reviews/surveys/_assessment_panel.html"
EVIDENCE_PANEL = "reviews/evidence/_assessment_panel.html"


def _panel(name: str) -> str:
    """`name` if that area's panel is there to include, else "" (each area writes its own)."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return ""
    return name


def _progress(assessment: Assessment, user) -> dict:
    """How far scoring has come, in a fixed number of queries."""
    nodes = assessment.framework_version.nodes.filter(is_scored=True).count()
    mine = Score.objects.filter(assessment=assessment, assessor=user).filter(
        ~Q(percent__isnull=True) | ~Q(compliance="")).count()
    agreed = nodes - len(services.not_agreed(assessment))
    return {"nodes": nodes, "mine": mine, "agreed": agreed}


def _next_step(access: Access, assessment: Assessment, is_assessor: bool, assessors: list,
               progress: dict) -> tuple[str, str, str]:
    """What to do next: (words, link, link text); link empty when there is nothing to open."""
    pk, stage = assessment.pk, assessment.stage
    if assessment.method != FULL:
        return _checklist_next_step(access, assessment)
    if stage == AssessmentStage.DRAFT:
        if not access.can_edit:
            return ("An editor is setting up this assessment.", "", "")
        if not assessors:
            return ("Add the assessors who will score it.", url("assessment_assessors",
                                                                 access, pk), "Add assessors")
        return ("Open the assessment so the assessors can score it.",
                url("assessment_stage", access, pk), "Open the assessment")
    if stage == AssessmentStage.OPEN:
        if is_assessor and progress["mine"] < progress["nodes"]:
            return (f"Score the parts: you have scored {progress['mine']} of "
                    f"{progress['nodes']}.", url("assessment_scores", access, pk),
                    "Give your scores")
        if access.can_edit:
            return ("When every assessor has scored, move to the consensus step.",
                    url("assessment_stage", access, pk), "Move to the consensus step")
        return ("The assessors are scoring. Their scores are shown at the consensus step.",
                "", "")
    if stage == AssessmentStage.CONSENSUS:
        if progress["agreed"] < progress["nodes"]:
            return (f"Agree a score for each part: {progress['agreed']} of "
                    f"{progress['nodes']} agreed.", url("assessment_consensus", access, pk),
                    "Go to the consensus step")
        if access.can_edit:
            return ("Every part has an agreed score. Close the assessment.",
                    url("assessment_stage", access, pk), "Close the assessment")
    return ("Read the summary, and turn the areas for improvement into actions.",
            url("assessment_summary", access, pk), "Read the summary")


def _checklist_next_step(access: Access, assessment: Assessment) -> tuple[str, str, str]:
    """A checklist's next step follows its survey: once closed, the results are what is left."""
    if assessment.stage == AssessmentStage.CLOSED:
        return ("Read the survey results, then turn what people said into strengths and "
                "areas for improvement.", url("survey_results", access, assessment.pk),
                "Read the survey results")
    return ("Set up and run the checklist survey below.", "", "")


@partnership_view("read")
def assessment(request: HttpRequest, access: Access, assessment_id: int) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    names = known_names(access.partnership)
    assessors = [names.of(a.user) for a in assessment.assessors.select_related("user")]
    is_assessor = assessment.assessors.filter(user=request.user).exists()
    progress = _progress(assessment, request.user)
    words, link, link_text = _next_step(access, assessment, is_assessor, assessors, progress)
    return render(request, T + "assessment.html", {
        "assessment": assessment, "assessors": assessors, "is_assessor": is_assessor,
        "progress": progress, "lead_name": names.of(assessment.lead, nobody="None yet"),
        "next_words": words, "next_link": link, "next_text": link_text,
        "is_full": assessment.method == FULL,
        "can_move": access.can_edit and assessment.method == FULL and moves(assessment),
        "survey_panel": _panel(SURVEY_PANEL), "evidence_panel": _panel(EVIDENCE_PANEL),
        "may_score": is_assessor and access.can_contribute})


# Assessors

@partnership_view("edit")
def assessment_assessors(request: HttpRequest, access: Access, assessment_id: int
                         ) -> HttpResponse:
    """The assessors, a form to add one and a button to remove each (POST `remove`)."""
    assessment = get_assessment(access, assessment_id)
    actor = Actor.from_request(request)
    form = AssessorForm(assessment, posted(request) if "user" in request.POST else None)
    error = ""
    if request.method == "POST" and "remove" in request.POST:
        assessor = get_object_or_404(Assessor, assessment=assessment,
                                     pk=_number(request.POST["remove"]))
        try:
            services.remove_assessor(actor, assessor)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, "Assessor removed.")
            return redirect(url("assessment_assessors", access, assessment.pk))
    elif request.method == "POST" and form.is_valid():
        try:
            services.add_assessor(actor, assessment, form.cleaned_data["user"])
        except ValidationError as problem:
            apply_validation_error(form, problem)
        else:
            messages.success(request, "Assessor added.")
            return redirect(url("assessment_assessors", access, assessment.pk))
    names = known_names(access.partnership)
    assessors = list(assessment.assessors.select_related("user"))
    for assessor in assessors:
        assessor.name = names.of(assessor.user)
    return render(request, T + "assessors.html", {"assessment": assessment, "form": form,
                                                  "assessors": assessors, "error": error})


def _number(value: str) -> int:
    return int(value) if value.isdigit() else 0


# Stages

@partnership_view("edit")
def assessment_stage(request: HttpRequest, access: Access, assessment_id: int) -> HttpResponse:
    assessment = get_assessment(access, assessment_id)
    if assessment.method != FULL:  # its survey's pages set the dates, open and close it
        return render(request, T + "stage.html", {"assessment": assessment, "choices": [],
                                                  "is_checklist": True})
    choices = moves(assessment)
    form = StageForm(posted(request), record=assessment)

    def save(form):
        return services.move_stage(Actor.from_request(request), assessment,
                                   form.cleaned_data["stage"], loaded_version=form.loaded_version)

    return form_page(
        request, form, save, success=lambda a: f"The assessment is now: {a.get_stage_display()}.",
        next_url=assessment.get_absolute_url(), what="this assessment",
        template=T + "stage.html", context={"assessment": assessment, "choices": choices})
