"""Settings that PostgreSQL must run with, checked on the connection the tests use."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_never_jit_compiles_a_query():
    if connection.vendor != "postgresql":
        pytest.skip("JIT compilation is PostgreSQL's; SQLite has none")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
