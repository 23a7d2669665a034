"""Improvement projects: the list, a project's page (aim, team, measures, change ideas with
their ramps of PDSA cycles, progress scores), registering, approving, changing and deleting
a project, its family of measures, its change ideas and its progress score."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.forms import FilterForm, apply_validation_error
from pif.improvement import progress_scale
from pif.improvement.forms.projects import (
    ApproveForm,
    ChangeIdeaForm,
    MeasureForm,
    ProjectForm,
    ScoreForm,
)
from pif.improvement.models import ChangeIdea, PdsaCycle, ProgressScore, Project, ProjectMeasure
from pif.improvement.rules.projects import MAY_CHANGE
from pif.improvement.services import projects as services
from pif.partnerships.access import Access, partnership_view
from pif.partnerships.names import known_names
from pif.spc.vocabulary import NO_TARGET, NOT_ENOUGH_DATA, Assurance, Variation
from pif.tables import table_response

FORM = "improvement/project_form.html"
CONFIRM = "improvement/project_confirm_delete.html"
LEADS = ("Editors and admins act as the partnership's improvement leads: they approve "
         "projects.")


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])


def get_project(access: Access, project_id: int) -> Project:
    return get_object_or_404(
        Project.objects.select_related("partnership", "organisation", "lead", "outcome",
                                       "driver_diagram", "registered_by", "approved_by"),
        pk=project_id, partnership=access.partnership)


def get_project_to_change(access: Access, project_id: int) -> Project:
    """The project, or 403 unless this member may change it (rule "project_change_role")."""
    project = get_project(access, project_id)
    if not services.may_change(access, project):
        raise PermissionDenied(MAY_CHANGE)
    return project


def save_with(request, service):
    """A `save` for form_page: the model form's instance through `service`. Not
    pif.outcomes.views.common.model_save, which always passes `m2m=` to its service: a
    project and a change idea have no many-to-many fields, and their services take none."""
    def save(form):
        return service(Actor.from_request(request), form.instance,
                       loaded_version=form.loaded_version)
    return save


def score_words(score: ProgressScore):
    """The half step `score` was given as, in the wording of its version."""
    return progress_scale.words(score.score, score.scale_version)


# The list

class ProjectFilter(FilterForm):
    status = forms.ChoiceField(label="Status", initial="",
                               choices=[("", "Any status"), *Project.Status.choices])


def _rows(access: Access, status: str = "") -> list[Project]:
    """The partnership's projects (with `status`, if given), each with its lead's name and
    latest score, in a fixed number of queries."""
    found = Project.objects.filter(partnership=access.partnership)
    if status:
        found = found.filter(status=status)
    rows = list(found
                .select_related("organisation", "lead")
                .annotate(cycle_count=Count("cycles", distinct=True),
                          idea_count=Count("change_ideas", distinct=True))
                .prefetch_related(Prefetch("scores", queryset=ProgressScore.objects.all())))
    names = known_names(access.partnership)
    for project in rows:
        project.lead_name = names.of(project.lead, nobody="None yet")
        scores = list(project.scores.all())
        project.latest_score = scores[0] if scores else None
        project.latest_words = score_words(scores[0]) if scores else None
    return rows


@partnership_view("read")
def projects(request: HttpRequest, access: Access) -> HttpResponse:
    filters = ProjectFilter(request.GET)
    rows = _rows(access, filters.values["status"])
    waiting = Project.objects.filter(partnership=access.partnership,
                                     status=Project.Status.REGISTERED).order_by("title")
    return render(request, "improvement/projects.html", {
        "projects": rows, "waiting": list(waiting), "leads": LEADS, "filters": filters,
        "filtered": bool(filters.values["status"])})


HEADERS = ["Project", "Status", "What will improve", "By how much", "By when",
           "Lead organisation", "Project lead", "Change ideas", "PDSA cycles",
           "Latest progress score", "Scored on"]


@partnership_view("read")
def projects_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    rows = [[p.title, p.get_status_display(), p.aim_what, p.aim_how_much, p.aim_by_when,
             p.organisation.name, p.lead_name, p.idea_count, p.cycle_count,
             p.latest_words and str(p.latest_words) or (p.latest_score and p.latest_score.score),
             p.latest_score and p.latest_score.scored_on] for p in _rows(access)]
    return table_response(f"{access.partnership.short_name}-improvement-projects", fmt,
                          HEADERS, rows, sheet_title="Improvement projects")


# A project's page

def _measures(project: Project) -> list:
    measures = list(project.measures.select_related("indicator", "indicator__status"))
    for measure in measures:
        status = measure.indicator.current_status
        measure.variation_words = Variation.label_of(status.variation, NOT_ENOUGH_DATA)
        measure.assurance_words = Assurance.label_of(status.assurance, NO_TARGET)
        measure.status = status
    return measures


def _next_step(access, project, can_change, measures, ideas, scores) -> tuple[str, str, str]:
    """What to do next: (words, link, link text); link empty when there is nothing to open."""
    short = access.partnership.short_name
    if project.status == Project.Status.REGISTERED:
        if access.can_edit:
            return ("The project is waiting for approval. Read it and approve it as an "
                    "improvement lead.", reverse("project_approve", args=[short, project.pk]),
                    "Approve this project")
        return ("The project is waiting for approval by an improvement lead (an editor or "
                "admin)." + (" You can plan its measures and change ideas meanwhile."
                             if can_change else ""), "", "")
    if not can_change:
        return ("Follow the project's measures and cycles here.", "", "")
    open_cycles = [c for idea in ideas for c in idea.ramp if not c.completed_on]
    if not measures:
        return ("Choose the family of measures: how will the team know a change is an "
                "improvement?", reverse("project_measures", args=[short, project.pk]),
                "Choose the measures")
    if not ideas:
        return ("Add a change idea to test.", reverse("change_idea_add", args=[short, project.pk]),
                "Add a change idea")
    if open_cycles:
        cycle = open_cycles[0]
        part = {"Plan": "pdsa_do", "Do": "pdsa_study", "Study": "pdsa_act",
                "Act": "pdsa_act"}[cycle.stage]
        return (f"Carry on with “{cycle.title}”.", reverse(part, args=[short, project.pk,
                                                                       cycle.pk]),
                {"pdsa_do": "Record what happened", "pdsa_study": "Study the result",
                 "pdsa_act": "Decide what to do next"}[part])
    if not any(idea.ramp for idea in ideas):
        return ("Plan the first PDSA cycle: test a change idea on a small scale.",
                reverse("pdsa_add", args=[short, project.pk]), "Plan a cycle")
    if not scores:
        return ("Give the project a progress score.",
                reverse("project_score", args=[short, project.pk]), "Give a progress score")
    return ("Plan the next cycle, or update the progress score.",
            reverse("pdsa_add", args=[short, project.pk]), "Plan a cycle")


def project_context(access: Access, project: Project) -> dict:
    cycles = PdsaCycle.objects.order_by("start_date", "id")
    ideas = list(project.change_ideas.select_related("driver_node", "driver_node__diagram")
                 .prefetch_related(Prefetch("cycles", queryset=cycles)))
    for idea in ideas:
        idea.ramp = list(idea.cycles.all())
        idea.ident = str(idea.pk)
        idea.last_cycle = idea.ramp[-1] if idea.ramp else None
        for step, cycle in enumerate(idea.ramp, start=1):
            cycle.step = step
    scores = list(project.scores.select_related("scored_by"))
    names = known_names(access.partnership)
    for score in scores:
        score.words = score_words(score)
        score.by_name = names.of(score.scored_by, nobody="An operator")
    can_change = services.may_change(access, project)
    measures = _measures(project)
    words, link, link_text = _next_step(access, project, can_change, measures, ideas, scores)
    return {"project": project, "measures": measures, "ideas": ideas, "scores": scores,
            "latest": scores[0] if scores else None, "can_change": can_change,
            "can_approve": access.can_edit and project.status == Project.Status.REGISTERED,
            "lead_name": names.of(project.lead, nobody="None yet"),
            "registered_by_name": names.of(project.registered_by, nobody="An operator"),
            "approved_by_name": names.of(project.approved_by, nobody="An operator"),
            "team": [line.strip() for line in project.team.splitlines() if line.strip()],
            "next_words": words, "next_link": link, "next_text": link_text, "leads": LEADS}


@partnership_view("read")
def project(request: HttpRequest, access: Access, project_id: int) -> HttpResponse:
    return render(request, "improvement/project.html",
                  project_context(access, get_project(access, project_id)))


# Registering, changing, approving, deleting

def _project_form(request, access, instance) -> HttpResponse:
    form = ProjectForm(access.partnership, posted(request), instance=instance,
                       membership=access.membership)
    adding = instance.pk is None
    return form_page(
        request, form, save_with(request, services.save_project),
        success=(lambda p: f"Project “{p}” registered. An improvement lead will approve it.")
        if adding else "Project saved.",
        next_url=Project.get_absolute_url, what="this project", template=FORM,
        context={"title": "Register an improvement project" if adding else
                 f"Change “{instance}”",
                 "intro": "Say what the team is trying to accomplish: what will improve, by "
                          "how much and by when. " + (LEADS if adding else ""),
                 "back_url": url("projects", access) if adding else
                 instance.get_absolute_url(),
                 "back_label": "the projects" if adding else "the project"})


@partnership_view("contribute")
def project_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _project_form(request, access, Project(partnership=access.partnership))


@partnership_view("contribute")
def project_edit(request: HttpRequest, access: Access, project_id: int) -> HttpResponse:
    return _project_form(request, access, get_project_to_change(access, project_id))


@partnership_view("edit")
def project_approve(request: HttpRequest, access: Access, project_id: int) -> HttpResponse:
    project = get_project(access, project_id)
    form = ApproveForm(posted(request), record=project)

    def save(form):
        return services.approve_project(Actor.from_request(request), project,
                                        loaded_version=form.loaded_version)

    return form_page(request, form, save, success=lambda p: f"Project “{p}” approved.",
                     next_url=project.get_absolute_url(), what="this project",
                     template="improvement/project_approve.html",
                     context={"project": project, "leads": LEADS,
                              "lead_name": known_names(access.partnership).of(
                                  project.lead, nobody="None yet")})


@partnership_view("contribute")
def project_delete(request: HttpRequest, access: Access, project_id: int) -> HttpResponse:
    project = get_project_to_change(access, project_id)
    return confirm_removal(
        request, remove=lambda: services.delete_project(Actor.from_request(request), project),
        done="Project deleted.", next_url=url("projects", access), template=CONFIRM,
        context={"obj": project, "what": "project", "cancel_url": project.get_absolute_url(),
                 "explanation": "Its measures' links, change ideas, PDSA cycles and progress "
                                "scores are deleted with it. The indicators and their data "
                                "are kept. If the project has ended, change its status to "
                                "complete or stopped instead."})


# The family of measures

def _posted_measure(request, project) -> ProjectMeasure:
    try:
        measure_id = int(request.POST.get("remove", ""))
    except ValueError:
        raise Http404("No such measure") from None
    return get_object_or_404(ProjectMeasure.objects.select_related("indicator", "project"),
                             pk=measure_id, project=project)


@partnership_view("contribute")
def project_measures(request: HttpRequest, access: Access, project_id: int) -> HttpResponse:
    project = get_project_to_change(access, project_id)
    actor = Actor.from_request(request)
    if request.method == "POST" and "remove" in request.POST:
        measure = _posted_measure(request, project)
        services.remove_measure(actor, measure)
        messages.success(request, f"{measure.indicator.code} {measure.indicator.title} is no "
                                  "longer one of the measures.")
        return redirect(url("project_measures", access, project.pk))
    form = MeasureForm(project, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_measure(actor, project, indicator=form.cleaned_data["indicator"],
                                 kind=form.cleaned_data["kind"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            indicator = form.cleaned_data["indicator"]
            messages.success(request, f"{indicator.code} {indicator.title} added.")
            return redirect(url("project_measures", access, project.pk))
    return render(request, "improvement/project_measures.html", {
        "project": project, "form": form, "measures": _measures(project)})


# Change ideas

def _idea_form(request, access, project, instance) -> HttpResponse:
    form = ChangeIdeaForm(access.partnership, project, posted(request), instance=instance)
    adding = instance.pk is None
    return form_page(request, form, save_with(request, services.save_change_idea),
                     success="Change idea saved.", next_url=project.get_absolute_url(),
                     what="this change idea", template=FORM, context={
                         "title": "Add a change idea" if adding else f"Change “{instance}”",
                         "intro": "A change idea is something the team will test in PDSA "
                                  "cycles, from small to large: its ramp.",
                         "back_url": project.get_absolute_url(), "back_label": "the project"})


def _get_idea(project, change_idea_id) -> ChangeIdea:
    return get_object_or_404(ChangeIdea.objects.select_related("project"), pk=change_idea_id,
                             project=project)


@partnership_view("contribute")
def change_idea_add(request: HttpRequest, access: Access, project_id: int) -> HttpResponse:
    project = get_project_to_change(access, project_id)
    return _idea_form(request, access, project, ChangeIdea(project=project))


@partnership_view("contribute")
def change_idea_edit(request: HttpRequest, access: Access, project_id: int,
                     change_idea_id: int) -> HttpResponse:
    project = get_project_to_change(access, project_id)
    return _idea_form(request, access, project, _get_idea(project, change_idea_id))


@partnership_view("contribute")
def change_idea_delete(request: HttpRequest, access: Access, project_id: int,
                       change_idea_id: int) -> HttpResponse:
    project = get_project_to_change(access, project_id)
    idea = _get_idea(project, change_idea_id)
    return confirm_removal(
        request, remove=lambda: services.delete_change_idea(Actor.from_request(request), idea),
        done="Change idea deleted.", next_url=project.get_absolute_url(), template=CONFIRM,
        context={"obj": idea, "what": "change idea", "cancel_url": project.get_absolute_url(),
                 "explanation": "Its PDSA cycles are deleted with it."})


# Progress score

@partnership_view("contribute")
def project_score(request: HttpRequest, access: Access, project_id: int) -> HttpResponse:
    project = get_project_to_change(access, project_id)
    form = ScoreForm(posted(request))

    def save(form):
        return services.give_score(Actor.from_request(request), project,
                                   score=Decimal(form.cleaned_data["score"]),
                                   scored_on=form.cleaned_data["scored_on"],
                                   note=form.cleaned_data["note"])

    context = project_context(access, project)
    return form_page(request, form, save, success="Progress score saved.",
                     next_url=project.get_absolute_url(), what="this project",
                     template="improvement/project_score.html",
                     context={**context, "scale": progress_scale.current()})
