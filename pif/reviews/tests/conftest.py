"""Fixtures shared by stage 6's tests."""

import pytest

from pif.reviews.testing import make_assessment, scored_nodes


@pytest.fixture
def assessment(world):
    """A full assessment of the world's partnership, on the small test framework."""
    return make_assessment(world.partnership)


@pytest.fixture
def node(assessment):
    """The first scored part of `assessment`'s framework."""
    return scored_nodes(assessment.framework_version)[0]
