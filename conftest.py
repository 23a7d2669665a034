import pytest


@pytest.fixture(autouse=True)
def _plain_http(request):
    """Tests speak plain HTTP to Django; production settings would redirect to HTTPS."""
    if not request.config.pluginmanager.has_plugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The hashed-name manifest exists only after collectstatic, which tests do not run.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def world(db):
    from pif.testing import build_world

    return build_world()
