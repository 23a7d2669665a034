"""Assessment frameworks: the list (shipped and the partnership's own), a version's tree with
points and weights, and an editor's pages for the partnership's own framework (create it, add,
change and remove nodes, upload nodes as CSV). Shipped frameworks are read-only: their edit
pages explain that instead of showing a form."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.partnerships.access import Access, partnership_view
from pif.reviews import assessment_frameworks as loader
from pif.reviews import framework_tree
from pif.reviews import models as m
from pif.reviews.forms.frameworks import FrameworkForm, NodeForm, NodeUploadForm
from pif.reviews.rules.frameworks import SHIPPED
from pif.reviews.services import frameworks as services

T = "reviews/frameworks/"


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])


def _visible(access: Access) -> Q:
    return Q(framework__partnership=None) | Q(framework__partnership=access.partnership)


def get_version(access: Access, version_id: int) -> m.AssessmentFrameworkVersion:
    """A shipped version or one of the partnership's own (another partnership's: 404)."""
    return get_object_or_404(m.AssessmentFrameworkVersion.objects.select_related("framework")
                             .filter(_visible(access)), pk=version_id)


def get_node(access: Access, node_id: int) -> m.AssessmentNode:
    return get_object_or_404(
        m.AssessmentNode.objects.select_related("framework_version__framework").filter(
            Q(framework_version__framework__partnership=None)
            | Q(framework_version__framework__partnership=access.partnership)), pk=node_id)


def _read_only(request, access, version) -> HttpResponse:
    return render(request, T + "read_only.html", {
        "version": version, "message": SHIPPED,
        "version_url": url("assessment_framework_version", access, version.pk)})


def _is_own(version) -> bool:
    return version.framework.partnership_id is not None


# The list and a version's page

@partnership_view("read")
def assessment_frameworks(request: HttpRequest, access: Access) -> HttpResponse:
    versions = services.frameworks_for(access.partnership).annotate(
        scored=Count("nodes", filter=Q(nodes__is_scored=True)),
        worded=Count("nodes", filter=~Q(nodes__text="")))
    shipped = [v for v in versions if not _is_own(v)]
    own = [v for v in versions if _is_own(v)]
    return render(request, T + "list.html", {"shipped": shipped, "own": own})


def number(value: Decimal | None) -> str:
    """112.5000 as "112.5", 100.00 as "100", 1/3 to two places; blank for none."""
    if value is None:
        return ""
    return f"{value.quantize(Decimal('0.01')).normalize():f}"


def percent(share: Decimal | None) -> str:
    """A share as a percentage: 0.1125 as "11.25"."""
    return number(share * 100) if share is not None else ""


def tree_rows(version) -> list[dict]:
    """The version's nodes depth first, each with its depth and, when scored, its share of
    the total and the points it can earn."""
    nodes = list(version.nodes.all())
    tree = loader.tree_nodes(nodes)
    shares = framework_tree.weights(tree)
    most = framework_tree.points(tree, version.total_points)
    children: dict[int | None, list] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    rows = []

    def walk(parent_id, depth):
        for node in children.get(parent_id, []):
            rows.append({"node": node, "indent": "· " * depth,
                         "share_pct": percent(shares.get(node.code)),
                         "weight_pct": percent(node.weight),
                         "points": number(most.get(node.code, node.points))})
            walk(node.pk, depth + 1)

    walk(None, 0)
    return rows


@partnership_view("read")
def assessment_framework_version(request: HttpRequest, access: Access,
                                 framework_version_id: int) -> HttpResponse:
    version = get_version(access, framework_version_id)
    rows = tree_rows(version)
    return render(request, T + "version.html", {
        "version": version, "rows": rows, "own": _is_own(version),
        "in_use": _is_own(version) and services.in_use(version),
        "scored": sum(1 for row in rows if row["node"].is_scored),
        "worded": sum(1 for row in rows if row["node"].text),
        "unchecked": [row["node"] for row in rows if row["node"].uncertain],
        "radar": loader.radar_attributes(version),
        "other_versions": m.AssessmentFrameworkVersion.objects.filter(
            framework=version.framework).exclude(pk=version.pk)})


# A partnership's own framework

@partnership_view("edit")
def assessment_framework_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = FrameworkForm(posted(request))

    def save(form):
        return services.create_framework(Actor.from_request(request), access.partnership,
                                         **form.cleaned_data)

    return form_page(request, form, save, template=T + "form.html",
                     success=lambda v: f"Framework “{v.framework.name}” created: now add its "
                                       "criteria and questions",
                     next_url=lambda v: url("assessment_framework_version", access, v.pk),
                     context={"title": "Create your own assessment framework",
                              "back_url": url("assessment_frameworks", access),
                              "back_label": "assessment frameworks"})


def _node_page(request, access, version, node) -> HttpResponse:
    form = NodeForm(posted(request), instance=node, version=version)
    adding = node.pk is None

    def save(form):
        return services.save_node(Actor.from_request(request), access.partnership,
                                  form.instance, loaded_version=form.loaded_version)

    back = url("assessment_framework_version", access, version.pk)
    return form_page(request, form, save, template=T + "form.html",
                     success=lambda n: f"Node {n.code} {'added' if adding else 'saved'}",
                     next_url=back, what=f"node {node.code or ''}".strip(),
                     context={"title": "Add a node" if adding else f"Change node {node.code}",
                              "version": version, "back_url": back,
                              "back_label": version.framework.name})


@partnership_view("edit")
def assessment_framework_node_add(request: HttpRequest, access: Access,
                                  framework_version_id: int) -> HttpResponse:
    version = get_version(access, framework_version_id)
    if not _is_own(version):
        return _read_only(request, access, version)
    return _node_page(request, access, version, m.AssessmentNode(framework_version=version))


@partnership_view("edit")
def assessment_framework_node_edit(request: HttpRequest, access: Access,
                                   assessment_node_id: int) -> HttpResponse:
    node = get_node(access, assessment_node_id)
    if not _is_own(node.framework_version):
        return _read_only(request, access, node.framework_version)
    return _node_page(request, access, node.framework_version, node)


@partnership_view("edit")
def assessment_framework_node_remove(request: HttpRequest, access: Access,
                                     assessment_node_id: int) -> HttpResponse:
    node = get_node(access, assessment_node_id)
    version = node.framework_version
    if not _is_own(version):
        return _read_only(request, access, version)
    back = url("assessment_framework_version", access, version.pk)
    return confirm_removal(
        request, remove=lambda: services.remove_node(Actor.from_request(request),
                                                     access.partnership, node),
        done=f"Node {node.code} removed", next_url=back, template=T + "node_remove.html",
        context={"obj": node, "what": "node", "cancel_url": back})


@partnership_view("edit")
def assessment_framework_upload(request: HttpRequest, access: Access,
                                framework_version_id: int) -> HttpResponse:
    version = get_version(access, framework_version_id)
    if not _is_own(version):
        return _read_only(request, access, version)
    data = posted(request)
    form = NodeUploadForm(data, request.FILES if data is not None else None)
    back = url("assessment_framework_version", access, version.pk)
    if data is not None and form.is_valid():
        try:
            count = services.upload_nodes(Actor.from_request(request), access.partnership,
                                          version, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, f"{count} node{'s' if count != 1 else ''} uploaded")
            return redirect(back)
    return render(request, T + "upload.html", {"form": form, "version": version,
                                               "back_url": back})
