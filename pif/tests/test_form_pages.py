"""pif.form_pages.form_page, the one way a page shows a form that saves through a service,
and the context processor that gives every partnership page its `access` and `partnership`."""

import ast
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from pif import form_pages
from pif.editing import ALREADY_SAVED
from pif.partnerships.access import get_access
from pif.partnerships.context_processors import partnership_access

PIF = Path(__file__).resolve().parents[1]


class NameForm(forms.Form):
    name = forms.CharField()


def post(user, data):
    request = RequestFactory().post("/", data)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def shown(monkeypatch):
    """The template and context form_page renders, instead of rendering them."""
    seen = {}

    def render(request, template, context):
        seen.update(template=template, context=context)
        return "page"

    monkeypatch.setattr(form_pages, "render", render)
    return seen


def test_a_valid_form_is_saved_then_says_so_and_goes_on(world, shown):
    request = post(world.editor, {"name": "Alpha"})
    response = form_pages.form_page(
        request, NameForm(request.POST), lambda form: form.cleaned_data["name"],
        success=lambda saved: f"{saved} saved.", next_url=lambda saved: f"/done/{saved}/",
        template="form.html")
    assert (response.status_code, response.url) == (302, "/done/Alpha/")
    assert [str(m) for m in get_messages(request)] == ["Alpha saved."]
    assert shown == {}


def test_a_refusal_from_the_service_is_shown_on_the_form(world, shown):
    request = post(world.editor, {"name": "Alpha"})

    def refuse(form):
        raise ValidationError({"name": "That name is taken"})

    response = form_pages.form_page(request, NameForm(request.POST), refuse, success="Saved.",
                                    next_url="/done/", template="form.html",
                                    context={"title": "Name it"})
    assert response == "page"
    assert shown["template"] == "form.html"
    assert shown["context"]["form"].errors == {"name": ["That name is taken"]}
    assert (shown["context"]["title"], shown["context"]["conflict"]) == ("Name it", None)
    assert list(get_messages(request)) == []


def test_a_form_sent_twice_says_it_was_already_saved(client, world):
    client.force_login(world.admin)
    url = f"/p/alpha/organisations/{world.council.pk}/"
    form = client.get(url).context["form"]
    data = {**form.initial, "name": "Alpha Council renamed"}
    first = client.post(url, data, follow=True)
    again = client.post(url, data, follow=True)
    assert [str(m) for m in first.context["messages"]] == ["Alpha Council renamed saved."]
    assert [str(m) for m in again.context["messages"]] == [ALREADY_SAVED]
    assert again.redirect_chain == [("/p/alpha/organisations/", 302)]
    world.council.refresh_from_db()
    assert world.council.version == 2


# The partnership and access come with every partnership page


def test_a_partnership_page_gets_the_partnership_and_access_from_the_request(world):
    request = RequestFactory().get("/")
    request.access = get_access(world.editor, "alpha")
    assert partnership_access(request) == {"access": request.access,
                                           "partnership": world.partnership}


def test_a_page_outside_any_partnership_gets_neither(client, world):
    assert partnership_access(RequestFactory().get("/")) == {}
    client.force_login(world.editor)
    response = client.get("/")
    assert response.status_code == 200
    assert "partnership" not in response.context and "access" not in response.context


def test_partnership_pages_show_them_without_the_view_passing_them(client, world):
    client.force_login(world.viewer)
    response = client.get("/p/alpha/organisations/")
    assert response.context["partnership"] == world.partnership
    assert response.context["access"].role == "viewer"
    assert "Alpha Partnership" in response.content.decode()


def _render_calls_passing_the_partnership(path: Path) -> list[str]:
    """`render(...)` calls in `path` whose context names `access` or `partnership` itself."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "render"):
            continue
        for argument in node.args[2:] + [k.value for k in node.keywords]:
            keys = argument.keys if isinstance(argument, ast.Dict) else []
            named = {k.value for k in keys if isinstance(k, ast.Constant)}
            if named & {"access", "partnership"}:
                found.append(f"{path.relative_to(PIF.parent)}:{node.lineno}")
    return found


def test_no_page_passes_the_partnership_or_access_to_its_template_by_hand():
    modules = [path for path in PIF.rglob("*.py") if "tests" not in path.parts]
    assert [call for path in modules for call in _render_calls_passing_the_partnership(path)
            ] == []


def test_the_removal_page_asks_with_the_partnership_from_the_request(client, world):
    client.force_login(world.admin)
    response = client.get(f"/p/alpha/organisations/{world.council.pk}/remove/")
    assert response.status_code == 200
    assert response.context["partnership"] == world.partnership
    assert response.context["organisation"] == world.council


# An empty POST is a POST: it is checked and refused, never shown as the page opened afresh.

EMPTY_POST_PAGES = {
    "partnership_create": lambda world: reverse("partnership_create"),
    "partnership_settings": lambda world: reverse("partnership_settings", args=["alpha"]),
    "organisation_add": lambda world: reverse("organisation_add", args=["alpha"]),
    "organisation_edit": lambda world: reverse("organisation_edit",
                                               args=["alpha", world.council.pk]),
    "member_add": lambda world: reverse("member_add", args=["alpha"]),
    "member_edit": lambda world: reverse("member_edit",
                                         args=["alpha", world.membership("viewer").pk]),
    "indicator_create": lambda world: reverse("indicator_create", args=["alpha"]),
    "indicator_edit": lambda world: reverse("indicator_edit", args=["alpha", "AE-4HR"]),
    "indicator_targets": lambda world: reverse("indicator_targets", args=["alpha", "AE-4HR"]),
    "annotation_add": lambda world: reverse("annotation_add", args=["alpha", "AE-4HR"]),
    "enter_value": lambda world: reverse("enter_value", args=["alpha", "AE-4HR"]),
    "commentary_edit": lambda world: reverse("commentary_edit", args=["alpha", "AE-4HR"]),
    "outcome_create": lambda world: reverse("outcome_create", args=["alpha"]),
    "risk_add": lambda world: reverse("risk_add", args=["alpha"]),
}


@pytest.mark.parametrize("name", EMPTY_POST_PAGES)
def test_an_empty_post_is_refused_not_shown_as_a_fresh_page(client, world, name):
    world.admin.is_staff = True
    world.admin.save()
    world.sample_indicator()
    client.force_login(world.admin)
    response = client.post(EMPTY_POST_PAGES[name](world), {})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.is_bound and form.errors
    assert "There is a problem" in response.content.decode()


def test_every_page_binds_its_form_with_the_one_helper():
    modules = [path for path in PIF.rglob("*.py") if "tests" not in path.parts]
    assert [str(path.relative_to(PIF.parent)) for path in modules
            if "request.POST or None" in path.read_text()] == []


def test_the_one_form_page_starts_its_title_with_error_after_a_refused_save(client, world):
    """GOV.UK: a page shown again with errors says so first in its <title>."""
    client.force_login(world.editor)
    url = reverse("learning_add", args=[world.partnership.short_name])
    assert "<title>Error: " not in client.get(url).content.decode()
    refused = client.post(url, {"topic": ""}).content.decode()
    assert "<title>Error: " in refused
