"""The vision per cycle, the outcome level names and the framework templates."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.outcomes.forms import LevelsForm, VisionForm
from pif.outcomes.models import FrameworkVersion, Vision
from pif.outcomes.services import plan
from pif.outcomes.views.common import page, stage_context, url
from pif.partnerships.access import Access, partnership_view


@partnership_view("read")
def vision(request: HttpRequest, access: Access) -> HttpResponse:
    visions = list(Vision.objects.filter(partnership=access.partnership))
    current = next((v for v in visions if v.is_current), None)
    return page(request, "vision.html", current=current, visions=visions)


def _vision_form(request, access, instance) -> HttpResponse:
    initial = {} if instance.pk else {"is_current": True}
    form = VisionForm(access.partnership, posted(request), instance=instance,
                      initial=initial)

    def save(form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        plan.save_vision(Actor.from_request(request), access.partnership, instance,
                         loaded_version=form.loaded_version, **fields)

    return form_page(request, form, save,
                     success="Vision saved.", what="this vision", next_url=url("vision", access),
                     template="outcomes/form.html", context=stage_context(
                         title="Change the vision" if instance.pk else "Set a vision for a cycle",
                         intro="The vision says where the partnership wants to be by the end of "
                               "the plan; the purpose says why the partners work together.",
                         back=("vision", "Vision")))


@partnership_view("edit")
def vision_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _vision_form(request, access, Vision(partnership=access.partnership))


@partnership_view("edit")
def vision_edit(request: HttpRequest, access: Access, vision_id: int) -> HttpResponse:
    found = get_object_or_404(Vision, pk=vision_id, partnership=access.partnership)
    return _vision_form(request, access, found)


@partnership_view("edit")
def levels_edit(request: HttpRequest, access: Access) -> HttpResponse:
    settings = plan.plan_settings(access.partnership)
    form = LevelsForm(access.partnership, posted(request), instance=settings)

    def save(form):
        plan.rename_levels(Actor.from_request(request), access.partnership,
                           {n: form.cleaned_data[f"level_{n}"] for n in range(1, 5)},
                           loaded_version=form.loaded_version)

    return form_page(request, form, save,
                     success="Level names saved.", what="the level names",
                     next_url=url("outcomes", access),
                     template="outcomes/form.html", context=stage_context(
                         title="Name the outcome levels",
                         intro="Use the names your plan uses, for example Local outcome instead "
                               "of Partnership outcome.",
                         back=("outcomes", "Outcomes")))


@partnership_view("read")
def frameworks(request: HttpRequest, access: Access) -> HttpResponse:
    versions = (FrameworkVersion.objects.select_related("framework")
                .prefetch_related("nodes").order_by("framework__name", "-is_current", "label"))
    return page(request, "frameworks.html", versions=versions,
                settings=plan.plan_settings(access.partnership))


@partnership_view("edit")
def framework_use(request: HttpRequest, access: Access, version_id: int) -> HttpResponse:
    version = get_object_or_404(FrameworkVersion.objects.select_related("framework"),
                                pk=version_id)
    if request.method == "POST":
        added = plan.use_framework(Actor.from_request(request), access.partnership, version)
        messages.success(request, f"{version} is in use. {added} national outcomes added to "
                                  "the outcome tree." if added else f"{version} is in use.")
        return redirect("frameworks", access.partnership.short_name)
    return page(request, "framework_use.html", version=version)
