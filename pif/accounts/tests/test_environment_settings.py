"""Settings read from the environment refuse a value they do not understand.

A typing mistake such as SESSION_COOKIE_SECURE=ture once read as "false" and quietly
switched a security setting off; now the site will not start, and says why.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured

from pif.accounts.tests.test_deploy_settings import environment, run
from pif.settings import envbool, envint, envnetworks


@pytest.mark.parametrize("value, expected", [
    ("true", True), ("TRUE", True), (" yes ", True), ("1", True), ("on", True),
    ("false", False), ("False", False), ("no", False), ("0", False), ("off", False),
])
def test_known_words_are_read(monkeypatch, value, expected):
    monkeypatch.setenv("PIF_FLAG", value)
    assert envbool("PIF_FLAG", "false") is expected


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_value_means_the_default(monkeypatch, value):
    monkeypatch.setenv("PIF_FLAG", value)
    assert envbool("PIF_FLAG", "true") is True


@pytest.mark.parametrize("value", ["ture", "flase", "enabled", "2", "yes please"])
def test_an_unknown_value_is_refused(monkeypatch, value):
    monkeypatch.setenv("PIF_FLAG", value)
    with pytest.raises(ImproperlyConfigured) as caught:
        envbool("PIF_FLAG", "false")
    assert str(caught.value) == f"PIF_FLAG must be true or false, not {value!r}"


def test_a_number_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv("PIF_COUNT", "five")
    with pytest.raises(ImproperlyConfigured) as caught:
        envint("PIF_COUNT", "5")
    assert str(caught.value) == "PIF_COUNT must be a whole number, not 'five'"


def test_a_trusted_proxy_must_be_an_address_or_network(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert [str(n) for n in envnetworks("TRUSTED_PROXIES")] == ["127.0.0.1/32", "10.0.0.0/8"]
    monkeypatch.setenv("TRUSTED_PROXIES", "proxy.example.org")
    with pytest.raises(ImproperlyConfigured) as caught:
        envnetworks("TRUSTED_PROXIES")
    assert "'proxy.example.org' is neither" in str(caught.value)


def test_the_site_will_not_start_with_debug_misspelt(tmp_path):
    result = run(["manage.py", "check"], environment(tmp_path, DEBUG="ture"))
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'ture'" in result.stderr


def test_a_misspelt_secure_cookie_setting_stops_the_site(tmp_path):
    result = run(["manage.py", "check"], environment(tmp_path, SESSION_COOKIE_SECURE="ture"))
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE must be true or false, not 'ture'" in result.stderr


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_database_url_means_the_sqlite_default(tmp_path, value):
    # As for every other setting; it was a KeyError ('ENGINE') that stopped the site.
    code = "import pif.settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = run(["-c", code], environment(tmp_path, DATABASE_URL=value))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"
