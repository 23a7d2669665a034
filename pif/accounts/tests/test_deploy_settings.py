"""Production mode (DEBUG off) is secure and `manage.py check --deploy` is clean.

The tests run on pif.settings_test, so pif.settings is loaded afresh in a subprocess with
only the environment an operator would set.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def environment(tmp_path, **extra):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "PIF_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "pif.settings",
           "SECRET_KEY": secrets.token_urlsafe(60)}
    env.update(extra)
    return {key: value for key, value in env.items() if value is not None}


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def production_settings(env) -> dict:
    code = ("import json, pif.settings as s; print(json.dumps({name: getattr(s, name) for name "
            "in ('DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT',"
            " 'SECURE_HSTS_SECONDS', 'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS',"
            " 'SESSION_COOKIE_HTTPONLY')}))")
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_finds_no_issues(tmp_path):
    # A real deployment names its address, as the README asks (open data URIs use it).
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 environment(tmp_path, DEBUG="false", SITE_URL="https://pif.example.org"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_warns_about_a_short_secret_key(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 environment(tmp_path, DEBUG="false", SECRET_KEY="short"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize("debug", ["false", None])
def test_production_mode_has_secure_cookies_https_and_hsts(tmp_path, debug):
    values = production_settings(environment(tmp_path, DEBUG=debug))
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] > 0
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_debug_mode_allows_plain_http_for_the_local_server(tmp_path):
    values = production_settings(environment(tmp_path, DEBUG="true"))
    assert values["DEBUG"] is True
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_without_secret_key_a_local_key_is_made_once_and_kept_private(tmp_path):
    env = environment(tmp_path, DEBUG="false", SECRET_KEY=None)
    code = "import pif.settings as s; print(s.SECRET_KEY)"
    first, second = run(["-c", code], env), run(["-c", code], env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    key_file = tmp_path / "var" / "secret-key"
    assert key_file.stat().st_mode & 0o077 == 0
