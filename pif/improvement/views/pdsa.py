"""PDSA cycles: a cycle's page, planning one (or the next in a ramp), and one form page for
each part, so a team fills them in as the cycle runs: plan, do, study (beside the measures'
charts) and act."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.improvement.forms.projects import ActForm, DoForm, PlanForm, StudyForm
from pif.improvement.models import PdsaCycle
from pif.improvement.services import projects as services
from pif.improvement.verdicts import cycle_indicators
from pif.improvement.views.projects import CONFIRM, get_project, get_project_to_change
from pif.lib.periods import Period, PeriodError
from pif.measures.charts import indicator_chart
from pif.partnerships.access import Access, partnership_view

PARTS = {
    "plan": (PlanForm, "Plan", "Plan the test: its objective, your prediction, who, where, "
                               "when, and what data you will collect."),
    "do": (DoForm, "Do", "Run the test on a small scale and record what happened, including "
                         "problems and anything you did not expect."),
    "study": (StudyForm, "Study", "Compare the result with your prediction, with the measures' "
                                  "charts beside it."),
    "act": (ActForm, "Act", "Decide: adopt the change, adapt it, or abandon it, and plan the "
                            "next cycle."),
}


def _get_cycle(project, cycle_id) -> PdsaCycle:
    return get_object_or_404(
        PdsaCycle.objects.select_related("project", "project__partnership", "change_idea",
                                         "follows"),
        pk=cycle_id, project=project)


def measure_chart(indicator):
    """The indicator's SPC chart, exactly as its own page builds it (with its targets,
    chart notes and the changes marked on it, PDSA cycles among them): one chart, one way."""
    return indicator_chart(indicator)


def cycle_dates(start, end) -> str:
    """When a cycle ran, in words: "from 2 to 6 November 2026", "on 2 November 2026", or
    "from 2 November 2026" while its end is not known."""
    if end is None:
        return f"from {start.day} {start:%B %Y}"
    if end <= start:
        return f"on {start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"from {start.day} to {end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"from {start.day} {start:%B} to {end.day} {end:%B %Y}"
    return f"from {start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def data_before_cycle(cycle: PdsaCycle, chart) -> str:
    """What to say under a measure's chart when its latest data ends before the cycle
    started, so the chart cannot show the cycle's effect yet; "" otherwise."""
    if not chart.rows or cycle.start_date is None:
        return ""
    latest = chart.rows[-1]
    try:
        ends = Period.from_key(latest.period).end
    except (PeriodError, ValueError):
        return ""
    if ends >= cycle.start_date:
        return ""
    over = cycle.end_date is not None and cycle.end_date < timezone.localdate()
    ran = "ran" if over else "runs"
    return (f"This cycle {ran} {cycle_dates(cycle.start_date, cycle.end_date)}. The latest "
            f"data is for {latest.label}, before it started, so the chart cannot show its "
            "effect yet.")


def _ramp(cycle: PdsaCycle) -> list[PdsaCycle]:
    return list(PdsaCycle.objects.filter(change_idea_id=cycle.change_idea_id)
                .order_by("start_date", "id"))


@partnership_view("read")
def pdsa_cycle(request: HttpRequest, access: Access, project_id: int,
               cycle_id: int) -> HttpResponse:
    project = get_project(access, project_id)
    cycle = _get_cycle(project, cycle_id)
    ramp = _ramp(cycle)
    return render(request, "improvement/pdsa_cycle.html", {
        "project": project, "cycle": cycle, "ramp": ramp,
        "step": next((n for n, c in enumerate(ramp, start=1) if c.pk == cycle.pk), None),
        "indicators": cycle_indicators(cycle),
        "followed_by": [c for c in ramp if c.follows_id == cycle.pk],
        "can_change": services.may_change(access, project)})


@partnership_view("contribute")
def pdsa_add(request: HttpRequest, access: Access, project_id: int) -> HttpResponse:
    """Plan a cycle; `?follows=<cycle id>` plans the next in that cycle's ramp."""
    project = get_project_to_change(access, project_id)
    previous = None
    follows = request.GET.get("follows", "")
    if follows.isdigit() and len(follows) < 12:
        previous = PdsaCycle.objects.filter(project=project, pk=int(follows)).select_related(
            "change_idea", "project").first()
    if previous is not None:
        cycle = services.next_cycle(previous)
        step = len(_ramp(previous)) + 1
        title, intro = (f"Plan cycle {step} of “{previous.change_idea}”",
                        f"The next test of the change idea after “{previous.title}”"
                        f" ({previous.scale or 'scale not given'}). Grow the scale: more "
                        "people, places or conditions.")
    else:
        cycle = PdsaCycle(project=project, start_date=timezone.localdate())
        idea = request.GET.get("change_idea", "")
        if idea.isdigit() and len(idea) < 12:
            cycle.change_idea_id = (project.change_ideas.filter(pk=int(idea))
                                    .values_list("pk", flat=True).first())
        title, intro = "Plan a PDSA cycle", PARTS["plan"][2]
    return _part_page(request, access, project, cycle, "plan", title=title, intro=intro)


def _part_page(request, access, project, cycle, part, *, title=None, intro=None):
    form_class, name, explanation = PARTS[part]
    form = form_class(access.partnership, project, posted(request), instance=cycle)

    def save(form):
        indicators = form.cleaned_data["indicators"] if "indicators" in form.fields else None
        return services.save_cycle(Actor.from_request(request), form.instance,
                                   loaded_version=form.loaded_version, indicators=indicators)

    context = {"project": project, "cycle": cycle, "part": part, "part_name": name,
               "title": title or f"{name}: {cycle.title}", "intro": intro or explanation,
               "back_url": cycle.get_absolute_url() if cycle.pk else
               project.get_absolute_url()}
    template = "improvement/pdsa_form.html"
    if part == "study":
        template = "improvement/pdsa_study.html"
        charts = [(indicator, measure_chart(indicator)) for indicator in cycle_indicators(cycle)]
        context["charts"] = [(indicator, chart, data_before_cycle(cycle, chart))
                             for indicator, chart in charts]
    return form_page(request, form, save, success=f"{name} saved.",
                     next_url=PdsaCycle.get_absolute_url, what="this cycle",
                     template=template, context=context)


def _part_view(part: str):
    @partnership_view("contribute")
    def view(request: HttpRequest, access: Access, project_id: int,
             cycle_id: int) -> HttpResponse:
        project = get_project_to_change(access, project_id)
        return _part_page(request, access, project, _get_cycle(project, cycle_id), part)

    view.__name__ = view.__qualname__ = f"pdsa_{part}"
    return view


pdsa_plan = _part_view("plan")
pdsa_do = _part_view("do")
pdsa_study = _part_view("study")
pdsa_act = _part_view("act")


@partnership_view("contribute")
def pdsa_delete(request: HttpRequest, access: Access, project_id: int,
                cycle_id: int) -> HttpResponse:
    project = get_project_to_change(access, project_id)
    cycle = _get_cycle(project, cycle_id)
    return confirm_removal(
        request, remove=lambda: services.delete_cycle(Actor.from_request(request), cycle),
        done="PDSA cycle deleted.", next_url=project.get_absolute_url(), template=CONFIRM,
        context={"obj": cycle, "what": "PDSA cycle", "cancel_url": cycle.get_absolute_url(),
                 "explanation": "A cycle that followed it in the ramp is kept, and no longer "
                                "follows any cycle."})
