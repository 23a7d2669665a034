import pytest


@pytest.fixture
def world(db):
    from pif.testing import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open(request, monkeypatch):
    """`pif ...` run in-process ends by closing every database connection, as Django's
    management commands do; on PostgreSQL that would close the test transaction's too."""
    if not request.config.pluginmanager.has_plugin("django"):
        return
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)
