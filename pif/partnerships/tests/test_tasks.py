"""The overview's "For you to do": the task panels apps register in pif/partnerships/overview.py."""

from django.urls import reverse

from pif.partnerships import overview

URL = reverse("partnership", args=["alpha"])


def test_the_overview_lists_each_registered_task_for_the_member(client, world, monkeypatch):
    def provider(access):
        if not access.can_edit:
            return []
        return [overview.Task("Check the figures", "/somewhere/", "4 waiting")]

    monkeypatch.setattr(overview, "_providers", [provider])
    client.force_login(world.editor)
    response = client.get(URL)
    assert response.context["overview"].tasks == (
        overview.Task("Check the figures", "/somewhere/", "4 waiting"),)
    text = " ".join(response.content.decode().split())
    assert "For you to do</h2>" in text
    assert '<a class="govuk-link" href="/somewhere/">Check the figures</a>: 4 waiting' in text


def test_a_task_on_a_page_the_member_may_not_open_is_left_out(client, world, monkeypatch):
    approvals = reverse("approvals", args=["alpha"])
    monkeypatch.setattr(overview, "_providers", [
        lambda access: [overview.Task("Values to approve", approvals, "2 waiting")]])
    client.force_login(world.viewer)
    response = client.get(URL)
    assert response.context["overview"].tasks == ()
    assert "For you to do" not in response.content.decode()
    client.force_login(world.editor)
    assert "Values to approve" in client.get(URL).content.decode()


def test_with_nothing_to_do_the_overview_shows_no_list(client, world, monkeypatch):
    monkeypatch.setattr(overview, "_providers", [lambda access: []])
    client.force_login(world.viewer)
    response = client.get(URL)
    assert response.context["overview"].tasks == ()
    assert "For you to do" not in response.content.decode()
