"""The account page and API tokens in the browser.

A person opens their account from the header, goes on to their API tokens, makes one (a name
and the day it stops working), sees it this once, finds it on the list without its secret,
and revokes it through the "are you sure?" page; the token works on the API until then and
is refused after. A partnership admin makes a service token for one of the partnership's
organisations with a role, sees it once and revokes it. The sign-in page with two
organisations' sign-ins set up shows a button for each. Every page passes axe and fits
320 px (check_page), and the screenshots are in test-artifacts/screenshots/.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pif.accounts.models import ExternalIdentity
from pif.accounts.sso.config import providers_from_env
from pif.api.models import ApiToken
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN_NAME = "Monthly figures to the council's dashboard"
SERVICE_TOKEN_NAME = "Finance system feed"
# Two organisations' sign-ins, as the environment of a real site would set them up.
TWO_PROVIDERS = {
    "OIDC_PROVIDERS": "council,nhs",
    "OIDC_COUNCIL_NAME": "Alpha Council",
    "OIDC_COUNCIL_ISSUER": "https://login.council.test",
    "OIDC_COUNCIL_CLIENT_ID": "council-client",
    "OIDC_COUNCIL_CLIENT_SECRET": "council-secret",
    "OIDC_COUNCIL_DOMAINS": "alpha.test",
    "OIDC_NHS_NAME": "NHS Alpha",
    "OIDC_NHS_ISSUER": "https://login.nhs.test",
    "OIDC_NHS_CLIENT_ID": "nhs-client",
    "OIDC_NHS_CLIENT_SECRET": "nhs-secret",
    "OIDC_NHS_DOMAINS": "nhs.alpha.test",
}


def look(page, name: str) -> None:
    check_page(page, f"account-tokens-journey-{name}", widths=(1280, 320))


@pytest.fixture
def world(transactional_db):
    return build_world()


def api_status(page, secret: str) -> int:
    """What the API answers a request carrying `secret`: 200 while it works, 401 after."""
    response = page.request.get("/api/v1/partnerships",
                                headers={"Authorization": f"Bearer {secret}"})
    return response.status


def fill_expiry(page, day: datetime.date) -> None:
    page.get_by_label("Stops working on").fill(day.isoformat())


def test_a_person_makes_sees_once_and_revokes_an_api_token(page, world):
    editor = world.users["editor"]
    sign_in(page, editor.email, PASSWORD)
    # The header's link names the person; a screen reader hears "your account" after it.
    account_link = page.locator("#navigation").get_by_role("link", name="your account")
    expect(account_link).to_contain_text("Editor")
    account_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text(editor.email, exact=True)).to_be_visible()
    look(page, "account")

    page.get_by_role("link", name="Manage your API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.get_by_text("You have no API tokens yet.")).to_be_visible()
    look(page, "tokens-none")

    # No name, and a day further off than a token may last: both are named at once.
    fill_expiry(page, timezone.localdate() + datetime.timedelta(days=3 * 365))
    page.get_by_role("button", name="Make token").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(page).to_have_title("Error: API tokens – PIF")
    assert not ApiToken.objects.exists()
    look(page, "tokens-errors")

    page.get_by_label("Name").fill(TOKEN_NAME)
    fill_expiry(page, timezone.localdate() + datetime.timedelta(days=30))
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API token made")
    secret = page.locator("#new-token").inner_text().strip()
    token = ApiToken.objects.get(user=editor, name=TOKEN_NAME)
    assert secret.startswith(token.prefix) and len(secret) > len(token.prefix) + 16
    assert secret not in token.token_hash  # kept only as its hash
    expect(page.get_by_text(f"Authorization: Bearer {secret}")).to_be_visible()
    look(page, "token-made")
    assert api_status(page, secret) == 200

    page.get_by_role("link", name="Go back to your API tokens").click()
    row = page.get_by_role("row").filter(has_text=TOKEN_NAME)
    expect(row).to_contain_text(f"{token.prefix}…")
    expect(row).to_contain_text("Active")
    assert secret not in page.content()  # shown once: never again
    look(page, "tokens-one")

    row.get_by_role("link", name=f"Revoke {TOKEN_NAME}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Revoke the token ‘{TOKEN_NAME}’?")
    look(page, "token-revoke")
    page.get_by_role("button", name="Revoke token").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"The token ‘{TOKEN_NAME}’ is revoked")
    row = page.get_by_role("row").filter(has_text=TOKEN_NAME)
    expect(row).to_contain_text("Revoked")
    expect(row.get_by_role("link", name=f"Revoke {TOKEN_NAME}")).to_have_count(0)
    look(page, "tokens-revoked")
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == editor
    assert api_status(page, secret) == 401


def test_a_partnership_admin_makes_and_revokes_a_service_token(page, world):
    admin = world.users["admin"]
    sign_in(page, admin.email, PASSWORD)
    page.goto(f"/p/{world.partnership.short_name}/settings/")
    page.get_by_role("link", name="service token", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service tokens")
    expect(page.get_by_text("The partnership has no service tokens yet.")).to_be_visible()
    look(page, "service-tokens-none")

    # Only this partnership's organisations are offered.
    organisations = page.get_by_label("Organisation", exact=True)
    expect(organisations.locator("option", has_text=world.council.name)).to_have_count(1)
    expect(organisations.locator("option", has_text=world.other_council.name)).to_have_count(0)
    page.get_by_role("button", name="Make service token").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    look(page, "service-tokens-errors")

    organisations.select_option(label=world.health_board.name)
    page.get_by_label("Name").fill(SERVICE_TOKEN_NAME)
    page.get_by_label("Contributor", exact=False).check()
    fill_expiry(page, timezone.localdate() + datetime.timedelta(days=60))
    page.get_by_role("button", name="Make service token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service token made")
    secret = page.locator("#new-token").inner_text().strip()
    token = ApiToken.objects.get(kind=ApiToken.Kind.SERVICE, name=SERVICE_TOKEN_NAME)
    assert (token.organisation, token.role, token.created_by) == (world.health_board,
                                                                  "contributor", admin)
    assert secret.startswith(token.prefix)
    expect(page.get_by_text(f"It acts for {world.health_board.name}")).to_be_visible()
    look(page, "service-token-made")
    assert api_status(page, secret) == 200

    page.get_by_role("link", name="Go back to the service tokens").click()
    row = page.get_by_role("row").filter(has_text=SERVICE_TOKEN_NAME)
    expect(row).to_contain_text(world.health_board.name)
    expect(row).to_contain_text("Contributor")
    expect(row).to_contain_text("Admin")  # who made it
    expect(row).to_contain_text("Active")
    assert secret not in page.content()
    look(page, "service-tokens-one")

    row.get_by_role("link", name=f"Revoke {SERVICE_TOKEN_NAME}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Revoke the token ‘{SERVICE_TOKEN_NAME}’?")
    look(page, "service-token-revoke")
    page.get_by_role("button", name="Revoke token").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"The service token ‘{SERVICE_TOKEN_NAME}’ is revoked")
    expect(page.get_by_role("row").filter(has_text=SERVICE_TOKEN_NAME)).to_contain_text(
        "Revoked")
    look(page, "service-tokens-revoked")
    assert api_status(page, secret) == 401


def test_the_sign_in_page_offers_each_organisations_sign_in(page, world, settings):
    # The live server runs in this process, so the providers read from this environment
    # are the ones its sign-in page shows.
    settings.OIDC_PROVIDERS = providers_from_env(TWO_PROVIDERS)
    page.goto("/account/login/?next=/p/alpha/")
    buttons = page.locator(".pif-sso-buttons").get_by_role("button")
    expect(buttons).to_have_text(["Sign in with Alpha Council", "Sign in with NHS Alpha"])
    expect(buttons.first).to_have_attribute("href", "/account/sso/council/?next=/p/alpha/")
    expect(buttons.last).to_have_attribute("href", "/account/sso/nhs/?next=/p/alpha/")
    # The email-and-password form is still the first way in.
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    look(page, "sign-in-two-providers")


def test_the_account_page_lists_the_organisation_sign_ins_linked(page, world, settings):
    editor = world.users["editor"]
    ExternalIdentity.objects.create(user=editor, provider="council",
                                    issuer="https://login.council.test", subject="editor-sub",
                                    email="editor@alpha.test")
    # Signed in first: with providers set up, conftest's sign_in cannot tell its "Sign in"
    # button from "Sign in with ..." (requests/journeys.md asks for exact=True there).
    sign_in(page, editor.email, PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    settings.OIDC_PROVIDERS = providers_from_env(TWO_PROVIDERS)
    page.goto("/account/")
    card = page.locator(".govuk-summary-card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", level=3)).to_have_text("Alpha Council")
    expect(card).to_contain_text("editor@alpha.test")
    expect(card.get_by_role("link", name="Unlink Alpha Council")).to_be_visible()
    look(page, "account-linked")
