import pytest


@pytest.fixture
def world(db):
    from pif.testing import build_world

    return build_world()
