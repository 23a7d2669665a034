"""The site's icon: linked from every page, and at /favicon.ico for browsers that ask there."""

from django.templatetags.static import static

ICONS = ("pif/favicon.svg", "pif/apple-touch-icon.png")


def test_every_page_links_the_icons(client, db):
    page = client.get("/account/login/").content.decode()
    assert f'<link rel="icon" href="{static("pif/favicon.svg")}" type="image/svg+xml">' in page
    assert '<link rel="icon" href="/favicon.ico" sizes="48x48">' in page
    assert f'<link rel="apple-touch-icon" href="{static("pif/apple-touch-icon.png")}">' in page


def test_each_icon_is_served(client, db):
    for icon in ICONS:
        response = client.get(static(icon))
        assert response.status_code == 200, icon
        assert b"".join(response.streaming_content)


def test_favicon_ico_is_served_at_the_root_without_signing_in(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")


def test_the_content_security_policy_allows_the_icons(client, db):
    policy = client.get("/account/login/")["Content-Security-Policy"]
    assert "img-src 'self'" in policy
