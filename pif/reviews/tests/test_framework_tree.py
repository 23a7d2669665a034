"""The weights of an assessment framework's scored nodes (pure, no database)."""

from decimal import Decimal as D

from pif.reviews import assessment_frameworks
from pif.reviews.framework_tree import TreeNode, points, weights


def nodes_from_file(name: str, label: str) -> list[TreeNode]:
    data = assessment_frameworks.read(name)
    version = next(v for v in data["versions"] if v["label"] == label)
    parents = {n.get("parent") for n in version["nodes"]}
    return [TreeNode(n["code"], n.get("parent"),
                     D(str(n["points"])) if "points" in n else None,
                     D(str(n["weight"])) if "weight" in n else None,
                     n.get("is_scored", n["code"] not in parents))
            for n in version["nodes"]]


def test_efqm_2013_weights_sum_to_1000_points():
    shares = points(nodes_from_file("efqm-2013", "2013"))
    assert len(shares) == 32
    assert sum(shares.values()) == D(1000)
    assert shares["1a"] == D(20)            # 100 points over five equal parts
    assert shares["4a"] == D(20)
    assert shares["2a"] == D(25)            # 100 points over four parts
    assert shares["6a"] == D("112.5")       # 150 points, perceptions 75 %
    assert shares["9b"] == D(75)


def test_efqm_2020_criteria_scored_whole():
    shares = points(nodes_from_file("efqm-2020", "2020"))
    assert shares == {"1": 100, "2": 100, "3": 100, "4": 200, "5": 100, "6": 200, "7": 200}


def test_blank_weights_share_equally_and_shares_sum_to_one():
    nodes = [TreeNode("A"), TreeNode("A1", "A", is_scored=True),
             TreeNode("A2", "A", is_scored=True), TreeNode("B", is_scored=True)]
    assert weights(nodes) == {"A1": D("0.25"), "A2": D("0.25"), "B": D("0.5")}


def test_given_weight_leaves_the_rest_to_blank_siblings():
    nodes = [TreeNode("A"), TreeNode("A1", "A", weight=D("0.6"), is_scored=True),
             TreeNode("A2", "A", is_scored=True), TreeNode("A3", "A", is_scored=True)]
    assert weights(nodes) == {"A1": D("0.6"), "A2": D("0.2"), "A3": D("0.2")}


def test_branches_without_a_scored_node_take_no_share():
    nodes = [TreeNode("A", points=D(100)), TreeNode("A1", "A", is_scored=True),
             TreeNode("B", points=D(100))]          # a heading with nothing to score yet
    assert weights(nodes) == {"A1": D(1)}


def test_points_need_a_total():
    nodes = [TreeNode("A", is_scored=True), TreeNode("B", is_scored=True)]
    assert points(nodes) == {}
    assert points(nodes, D(10)) == {"A": D(5), "B": D(5)}


def test_children_of_a_scored_node_do_not_split_it():
    nodes = [TreeNode("A", is_scored=True), TreeNode("A1", "A", is_scored=True)]
    assert weights(nodes) == {"A": D(1)}
