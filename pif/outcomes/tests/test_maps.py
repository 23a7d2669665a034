import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.outcomes import svg
from pif.outcomes.models import DriverNode, OutcomeLink
from pif.outcomes.services import conditions
from pif.outcomes.testing import make_diagram, make_outcome
from pif.spc.vocabulary import Signal

pytestmark = pytest.mark.django_db


def box(pk, title, kind="primary", parent_id=None):
    return SimpleNamespace(pk=pk, title=title, kind=kind, parent_id=parent_id)


def test_the_strategy_map_svg_has_a_title_and_escapes_text():
    drawing = svg.strategy_map([("Mission", [box(1, "<script>alert(1)</script>")]),
                                ("Processes", [box(2, "Plan & do")])], [(2, 1)],
                               title="Strategy map")
    assert drawing.startswith("<svg") and 'role="img"' in drawing
    assert "<title id=\"strategy-map-title\">Strategy map</title>" in drawing
    assert "<script>" not in drawing and "&lt;script&gt;" in drawing
    assert drawing.count("marker-end") == 1


def test_a_crowded_row_wraps_onto_more_lines():
    one = svg.strategy_map([("Mission", [box(i, f"Outcome {i}") for i in range(3)])], [],
                           title="Map")
    many = svg.strategy_map([("Mission", [box(i, f"Outcome {i}") for i in range(14)])], [],
                            title="Map")
    height = [float(d.split('viewBox="0 0 1000 ')[1].split('"')[0]) for d in (one, many)]
    assert height[1] > height[0]


def test_the_driver_diagram_svg_draws_every_entry_with_a_line_from_its_parent():
    nodes = [box(1, "Reliable assessment"), box(2, "Within 24 hours", "secondary", 1),
             box(3, "Checklist", "change_idea", 2)]
    drawing = svg.driver_diagram("Halve falls", nodes, title="Falls")
    for text in ("Halve falls", "Reliable assessment", "Within 24 hours", "Checklist",
                 "Change ideas"):
        assert text in drawing
    assert drawing.count("<line") == 3


def test_the_strategy_map_page_gives_the_links_as_a_list(client, world):
    cause = make_outcome(world.partnership, "Parents in fair work", level=3)
    effect = make_outcome(world.partnership, "Fewer children in poverty", level=2)
    OutcomeLink.objects.create(partnership=world.partnership, cause=cause, effect=effect)
    client.force_login(world.viewer)
    page = client.get(reverse("strategy_map", args=["alpha"])).content.decode()
    assert "The strategy map as a list" in page
    assert "leads to Fewer children in poverty" in page
    assert "<svg" in page


def test_an_editor_links_two_outcomes(client, world):
    cause = make_outcome(world.partnership, "A", level=3)
    effect = make_outcome(world.partnership, "B", level=2)
    client.force_login(world.editor)
    response = client.post(reverse("outcome_link_add", args=["alpha"]),
                           {"cause": cause.pk, "effect": effect.pk, "note": "Because"})
    assert response.status_code == 302
    assert OutcomeLink.objects.get().note == "Because"


def test_driver_entries_take_their_kind_from_where_they_go(client, world):
    diagram = make_diagram(world.partnership)
    client.force_login(world.editor)
    add = reverse("driver_node_add", args=["alpha", diagram.pk])
    client.post(add, {"title": "Reliable assessment"})
    primary = DriverNode.objects.get()
    client.post(add, {"title": "Within 24 hours", "parent": primary.pk})
    secondary = DriverNode.objects.get(title="Within 24 hours")
    client.post(add, {"title": "Checklist", "parent": secondary.pk})
    assert [n.kind for n in DriverNode.objects.order_by("id")] == [
        "primary", "secondary", "change_idea"]


def test_nothing_goes_under_a_change_idea(world):
    diagram = make_diagram(world.partnership)
    primary = DriverNode.objects.create(diagram=diagram, kind="primary", title="P")
    secondary = DriverNode.objects.create(diagram=diagram, kind="secondary", title="S",
                                          parent=primary)
    idea = DriverNode.objects.create(diagram=diagram, kind="change_idea", title="C",
                                     parent=secondary)
    with pytest.raises(ValidationError, match="last column"):
        conditions.save(Actor(user=world.editor),
                        DriverNode(diagram=diagram, kind="change_idea", title="X", parent=idea),
                        loaded_version=PROGRAM_CHANGE)


def test_the_driver_diagram_page_mirrors_the_drawing_as_a_list(client, world):
    diagram = make_diagram(world.partnership)
    DriverNode.objects.create(diagram=diagram, kind="primary", title="Reliable assessment",
                              indicator=world.sample_indicator())
    client.force_login(world.viewer)
    page = client.get(reverse("driver_diagram", args=["alpha", diagram.pk])).content.decode()
    assert "Primary driver: Reliable assessment" in page
    assert "(measured by AE-4HR)" in page


def test_strategy_map_boxes_link_to_their_outcome_and_say_their_status():
    drawing = svg.strategy_map(
        [("Mission", [box(1, "Fewer children in poverty")]), ("Processes", [box(2, "Jobs")])],
        [(2, 1)], title="Map",
        statuses={1: (Signal.CONCERN, "2 improving, 1 concern"),
                  2: (Signal.IMPROVING, "1 improving")},
        hrefs={1: "/p/alpha/outcomes/1/", 2: "/p/alpha/outcomes/2/"})
    assert '<a href="/p/alpha/outcomes/1/">' in drawing
    assert "2 improving, 1 concern" in drawing
    concern, improving = svg.BORDERS[Signal.CONCERN], svg.BORDERS[Signal.IMPROVING]
    assert f'stroke-dasharray="{concern.dashes}"' in drawing  # a pattern, not colour alone
    assert f'stroke="{improving.stroke}" stroke-width="{improving.width}"/>' in drawing
    assert 'role="group"' in drawing  # an image would hide the links


def test_a_long_label_is_wrapped_whole_and_its_box_grows():
    title = ("Children and young people grow up loved, safe and respected so that they "
             "realise their full potential in every community of Loch Arden")
    short = svg.strategy_map([("Mission", [box(1, "Short")])], [], title="Map")
    long = svg.strategy_map([("Mission", [box(1, title)])], [], title="Map")
    words = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", long)
    assert " ".join(words) == title
    assert "…" not in long
    heights = [float(re.search(r'class="pif-box"[^>]* height="([\d.]+)"', d).group(1))
               for d in (short, long)]
    assert heights[1] > heights[0]


def test_a_driver_diagram_runs_from_cause_on_the_left_to_the_aim_on_the_right():
    nodes = [box(1, "Reliable assessment"), box(2, "Within 24 hours", "secondary", 1),
             box(3, "Checklist", "change_idea", 2)]
    drawing = svg.driver_diagram("Halve falls", nodes, title="Falls")
    xs = {text: float(x) for x, text in re.findall(
        r'<tspan[^>]* x="([\d.]+)"[^>]*>([^<]*)</tspan>', drawing)}
    assert xs["Checklist"] < xs["Within 24 hours"] < xs["Reliable assessment"] < xs[
        "Halve falls"]
    for x1, x2 in re.findall(r'<line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"', drawing):
        assert float(x1) < float(x2)  # every arrow points right, towards the aim


def test_driver_diagram_labels_are_not_cut():
    long = "Every person at risk of falling has a reliable assessment " * 3
    drawing = svg.driver_diagram("Halve falls", [box(1, long.strip())], title="Falls")
    words = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", drawing)
    assert " ".join(words[1:]) == long.strip()


def test_the_strategy_map_page_colours_boxes_by_their_roll_up(client, world):
    from pif.measures.testing import make_indicator

    effect = make_outcome(world.partnership, "Fewer children in poverty", level=2)
    cause = make_outcome(world.partnership, "Parents in fair work", level=3, parent=effect)
    cause.indicators.add(make_indicator(world.partnership, owner=world.council, code="W",
                                        values=[1, 2, 3]))
    OutcomeLink.objects.create(partnership=world.partnership, cause=cause, effect=effect)
    client.force_login(world.viewer)
    page = client.get(reverse("strategy_map", args=["alpha"]) + "?by=level").content.decode()
    assert f'<a href="{reverse("outcome", args=["alpha", effect.pk])}">' in page
    assert page.count("1 no signal") >= 2  # the effect counts its contributor's indicator
    assert "from bottom to top" in page
