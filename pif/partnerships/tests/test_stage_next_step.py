"""A stage page shows "What to do next" only to the roles that can take that step; everyone
else is told what they can do there."""

import pytest
from django.urls import reverse

STEPS = {
    "vision": "Write the vision statement",
    "conditions": "Add your partner organisations",
    "progress": "Define an indicator for each outcome",
}
# The roles that can take each stage's next step (the rule of the pages it needs).
TAKEN_BY = {"vision": {"editor", "admin"}, "conditions": {"admin"},
            "progress": {"editor", "admin"}}


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor", "admin"])
@pytest.mark.parametrize("slug", sorted(STEPS))
def test_the_next_step_is_shown_only_to_those_who_can_take_it(client, world, role, slug):
    client.force_login(world.users[role])
    page = client.get(reverse("stage", args=["alpha", slug])).content.decode()
    if role in TAKEN_BY[slug]:
        assert "What to do next" in page
        assert STEPS[slug] in page
        assert "What you can do" not in page
    else:
        assert "What to do next" not in page
        assert STEPS[slug] not in page
        assert "What you can do" in page
        assert "follow the links" in page or "come back here" in page


def test_others_are_told_who_takes_the_next_step(client, world):
    client.force_login(world.users["viewer"])
    vision = client.get(reverse("stage", args=["alpha", "vision"])).content.decode()
    assert "Editors and partnership admins take the next step." in vision
    conditions = client.get(reverse("stage", args=["alpha", "conditions"])).content.decode()
    assert "Partnership admins take the next step." in conditions
    assert "follow the links" in conditions  # the stage holds organisations and members
