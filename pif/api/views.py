"""The pages that make and revoke API tokens.

- `api_tokens` (/account/tokens/): a person's own tokens and a form to make one.
- `service_tokens` (/p/<short_name>/settings/service-tokens/): a partnership admin's list of the
  partnership's service tokens, and a form to make one for one of its organisations.
- `api_token_revoke` and `service_token_revoke`: the "are you sure?" page, then revoke.

A new token is shown once, in the answer to the form that made it, and is kept nowhere, not
even in the session: that is why these pages do not redirect after saving as `form_page`
does. The answer is marked `no-store` so no cache keeps it. See docs/adr/0021-api-tokens.md.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from pif.actors import Actor
from pif.api import tokens
from pif.api.forms import ServiceTokenForm, TokenForm
from pif.api.models import ApiToken
from pif.confirming import confirm_removal
from pif.form_pages import posted
from pif.forms import apply_validation_error
from pif.partnerships.access import Access, partnership_view, site_view

Make = Callable[[TokenForm], tuple[ApiToken, str]]


@site_view("login")
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(posted(request))

    def make(form):
        return tokens.create_personal(Actor.from_request(request), request.user,
                                      form.cleaned_data["name"], form.expires_at)

    own = ApiToken.objects.filter(kind=ApiToken.Kind.PERSONAL, user=request.user)
    return _make_token_page(request, form, make, template="api/tokens.html",
                            made_template="api/token_made.html", context={"tokens": own})


@site_view("login")
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    # Only the person's own tokens: anyone else's is "not found", as if it did not exist.
    token = get_object_or_404(ApiToken, pk=token_id, kind=ApiToken.Kind.PERSONAL,
                              user=request.user)
    return confirm_removal(
        request, remove=lambda: tokens.revoke(Actor.from_request(request), token),
        done=f"The token ‘{token.name}’ is revoked. Anything still using it will be refused.",
        next_url=reverse("api_tokens"), template="api/token_revoke.html",
        context={"token": token, "back_url": reverse("api_tokens")})


@partnership_view("admin")
def service_tokens(request: HttpRequest, access: Access) -> HttpResponse:
    partnership = access.partnership
    form = ServiceTokenForm(posted(request), partnership=partnership)

    def make(form):
        data = form.cleaned_data
        return tokens.create_service(Actor.from_request(request), data["organisation"],
                                     data["name"], data["role"], form.expires_at)

    rows = (ApiToken.objects.filter(kind=ApiToken.Kind.SERVICE,
                                    organisation__partnership=partnership)
            .select_related("organisation", "created_by"))
    return _make_token_page(request, form, make, template="api/service_tokens.html",
                            made_template="api/service_token_made.html",
                            context={"tokens": rows})


@partnership_view("admin")
def service_token_revoke(request: HttpRequest, access: Access,
                         service_token_id: int) -> HttpResponse:
    # Only this partnership's service tokens: another's is "not found".
    token = get_object_or_404(ApiToken, pk=service_token_id, kind=ApiToken.Kind.SERVICE,
                              organisation__partnership=access.partnership)
    back = reverse("service_tokens", args=[access.partnership.short_name])
    return confirm_removal(
        request, remove=lambda: tokens.revoke(Actor.from_request(request), token),
        done=f"The service token ‘{token.name}’ is revoked. Anything still using it will be "
             "refused.",
        next_url=back, template="api/token_revoke.html",
        context={"token": token, "back_url": back})


def _make_token_page(request: HttpRequest, form: TokenForm, make: Make, *, template: str,
                     made_template: str, context: dict) -> HttpResponse:
    """The list and the form; on a valid POST make the token and show it, this once."""
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = make(form)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            response = render(request, made_template, {"token": token, "secret": secret})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, template, {**context, "form": form})
