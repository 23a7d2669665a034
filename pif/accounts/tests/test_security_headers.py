"""Content-Security-Policy without inline script; no caching of signed-in pages and
downloads; Vary: HX-Request where htmx may be answered with part of a page."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def policy(response) -> dict:
    directives = [part.strip().split(" ", 1) for part in
                  response["Content-Security-Policy"].split(";")]
    return dict(directives)


def test_every_page_has_a_policy_without_inline_script(client, world):
    client.force_login(world.viewer)
    for response in (client.get("/"), client.get("/p/alpha/"), client.get("/account/login/")):
        csp = policy(response)
        assert csp["script-src"] == "'self'"
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert csp["object-src"] == "'none'"
        assert csp["frame-ancestors"] == "'none'"


def test_the_policy_is_on_error_pages_too(client, db):
    client.raise_request_exception = False
    response = client.get("/account/%00")
    assert response.status_code == 404
    assert policy(response)["script-src"] == "'self'"


def test_only_the_chart_page_allows_vega_to_compile_expressions(client, world):
    client.force_login(world.viewer)
    indicator = world.sample_indicator()
    response = client.get(f"/p/alpha/indicators/{indicator.code}/")
    assert response.status_code == 200
    assert policy(response)["script-src"] == "'self' 'unsafe-eval'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("template", sorted(
    str(path.relative_to(ROOT)) for path in ROOT.glob("**/templates/**/*.html")))
def test_no_template_has_inline_script_or_event_attributes(template):
    text = (ROOT / template).read_text()
    assert not INLINE_SCRIPT.search(text), f"{template} has an inline script"
    assert not EVENT_ATTRIBUTE.search(text), f"{template} has an on...= attribute"


def test_signed_in_pages_are_not_cached(client, world):
    client.force_login(world.viewer)
    for url in ("/", "/p/alpha/", "/p/alpha/members/", "/p/alpha/indicators/"):
        assert client.get(url)["Cache-Control"] == "private, no-store", url


def test_downloads_are_not_cached(client, world):
    client.force_login(world.viewer)
    world.sample_indicator()
    response = client.get("/p/alpha/indicators/export.csv")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_scorecard_varies_on_hx_request(client, world):
    client.force_login(world.viewer)
    world.sample_indicator()
    full = client.get("/p/alpha/indicators/?status=all")
    partial = client.get("/p/alpha/indicators/?status=all", headers={"HX-Request": "true"})
    assert "<html" in full.content.decode() and "<html" not in partial.content.decode()
    for response in (full, partial):
        assert "HX-Request" in response["Vary"]


def test_static_files_keep_their_own_caching(client, world):
    client.force_login(world.viewer)
    response = client.get("/static/pif/init.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
