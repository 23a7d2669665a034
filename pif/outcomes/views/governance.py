"""Governance groups with their members and remits, and the resources partners commit."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from pif.form_pages import form_page, posted
from pif.outcomes import exports, resources
from pif.outcomes.forms import GroupForm, GroupMemberForm, ResourceForm
from pif.outcomes.models import Group, GroupMember, Resource
from pif.outcomes.models.plan import financial_year
from pif.outcomes.services import conditions
from pif.outcomes.views.common import confirm_delete, model_save, page, stage_context, url
from pif.partnerships.access import Access, partnership_view


def groups_for(partnership):
    return list(Group.objects.filter(partnership=partnership).select_related("reports_to")
                .prefetch_related("members__organisation", "outcomes"))


def resources_for(partnership):
    return list(Resource.objects.filter(partnership=partnership)
                .select_related("organisation", "outcome"))


@partnership_view("read")
def governance(request: HttpRequest, access: Access) -> HttpResponse:
    return page(request, "governance.html", groups=groups_for(access.partnership))


@partnership_view("read")
def governance_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    rows = [[g.name, g.get_kind_display(), g.remit, g.reports_to and g.reports_to.name,
             g.meets, "; ".join(o.title for o in g.outcomes.all()), m.name,
             m.organisation and m.organisation.name, m.role]
            for g in groups_for(access.partnership)
            for m in (list(g.members.all()) or [GroupMember(name="", role="")])]
    return exports.respond(fmt, f"{access.partnership.short_name}-governance", "Governance",
                           ["Group", "Type", "Remit", "Reports to", "Meets", "Outcomes",
                            "Member", "Organisation", "Role"], rows)


def _group_form(request, access, instance) -> HttpResponse:
    form = GroupForm(access.partnership, posted(request), instance=instance)
    return form_page(request, form, model_save(request, conditions.save, m2m_fields=["outcomes"]),
                     success="Group saved.", what="this group", next_url=url("governance", access),
                     template="outcomes/form.html", context=stage_context(
                         title="Change a group" if instance.pk else "Add a group",
                         intro="Boards decide; delivery groups lead the work on outcomes.",
                         back=("governance", "Governance")))


def _get_group(access, group_id) -> Group:
    return get_object_or_404(Group, pk=group_id, partnership=access.partnership)


@partnership_view("edit")
def group_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _group_form(request, access, Group(partnership=access.partnership))


@partnership_view("edit")
def group_edit(request: HttpRequest, access: Access, group_id: int) -> HttpResponse:
    return _group_form(request, access, _get_group(access, group_id))


@partnership_view("edit")
def group_delete(request: HttpRequest, access: Access, group_id: int) -> HttpResponse:
    return confirm_delete(request, _get_group(access, group_id), conditions.remove,
                          what="Group", next_url=url("governance", access),
                          cancel_url=url("governance", access),
                          explanation="Its membership list is deleted with it; groups that "
                                      "reported to it will report to no group.")


@partnership_view("edit")
def group_member_add(request: HttpRequest, access: Access, group_id: int) -> HttpResponse:
    group = _get_group(access, group_id)
    form = GroupMemberForm(access.partnership, posted(request),
                           instance=GroupMember(group=group))
    return form_page(request, form, model_save(request, conditions.save),
                     success="Member added.", next_url=url("governance", access),
                     template="outcomes/form.html", context=stage_context(
                         title=f"Add a member to {group.name}",
                         back=("governance", "Governance")))


@partnership_view("edit")
def group_member_delete(request: HttpRequest, access: Access,
                        group_member_id: int) -> HttpResponse:
    member = get_object_or_404(GroupMember.objects.select_related("group"),
                               pk=group_member_id, group__partnership=access.partnership)
    return confirm_delete(request, member, conditions.remove,
                          what="Member", next_url=url("governance", access),
                          cancel_url=url("governance", access))


@partnership_view("read")
def resource_list(request: HttpRequest, access: Access) -> HttpResponse:
    rows = resources_for(access.partnership)
    return page(request, "resources.html", resources=rows,
                matrix=resources.matrix(rows))


@partnership_view("read")
def resources_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    rows = [[r.organisation.name, r.outcome and r.outcome.title, r.get_kind_display(),
             r.amount, financial_year(r.financial_year), r.description]
            for r in resources_for(access.partnership)]
    return exports.respond(fmt, f"{access.partnership.short_name}-resources", "Resources",
                           ["Organisation", "Outcome", "Type", "Amount", "Financial year",
                            "Description"], rows)


def _resource_form(request, access, instance) -> HttpResponse:
    form = ResourceForm(access.partnership, posted(request), instance=instance)
    return form_page(request, form, model_save(request, conditions.save),
                     success="Resource saved.", what="this resource",
                     next_url=url("resources", access),
                     template="outcomes/form.html", context=stage_context(
                         title="Change a resource" if instance.pk else "Add a resource",
                         intro="Record what each partner commits to an outcome: money, staff "
                               "time or support in kind.",
                         back=("resources", "Resources")))


def _get_resource(access, resource_id) -> Resource:
    return get_object_or_404(Resource, pk=resource_id, partnership=access.partnership)


@partnership_view("edit")
def resource_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _resource_form(request, access, Resource(partnership=access.partnership))


@partnership_view("edit")
def resource_edit(request: HttpRequest, access: Access, resource_id: int) -> HttpResponse:
    return _resource_form(request, access, _get_resource(access, resource_id))


@partnership_view("edit")
def resource_delete(request: HttpRequest, access: Access, resource_id: int) -> HttpResponse:
    return confirm_delete(request, _get_resource(access, resource_id),
                          conditions.remove, what="Resource", next_url=url("resources", access),
                          cancel_url=url("resources", access))
