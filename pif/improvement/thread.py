"""The golden thread of an outcome, read downwards: the national outcomes it serves and the
outcomes it contributes to, then the outcome and the outcomes contributing to it (for a row
of the national framework, also the partnership's outcomes serving that national outcome),
each with its actions and improvement projects, the projects' PDSA cycles, and the
indicators that should show the change.

`for_outcome(outcome)` reads it all in a fixed number of queries however many outcomes,
actions, projects, cycles and indicators hang below the outcome. The outcome's page shows it
as nested lists (pif/improvement/outcome_sections.py), so it reads in order with a screen
reader and on a narrow screen.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, Subquery

from pif.improvement import progress_scale
from pif.measures.models import Indicator


@dataclass
class CycleStrand:
    cycle: object  # PdsaCycle
    indicators: list


@dataclass
class ProjectStrand:
    project: object  # Project, with `latest_score` (None before the first score)
    cycles: list[CycleStrand]
    measures: list  # the project's family of measures, as indicators


@dataclass
class ActionStrand:
    action: object  # Action
    indicators: list


@dataclass
class OutcomeStrand:
    outcome: object  # Outcome
    indicators: list
    actions: list[ActionStrand] = field(default_factory=list)
    projects: list[ProjectStrand] = field(default_factory=list)
    children: list["OutcomeStrand"] = field(default_factory=list)

    @property
    def has_work(self) -> bool:
        """Whether any action or project works on this outcome or one under it."""
        return bool(self.actions or self.projects) or any(c.has_work for c in self.children)


@dataclass
class Thread:
    national: list  # the FrameworkNodes the outcome, or one above it, serves or stands for
    # (not the one the outcome itself stands for: it is then shown as a national outcome)
    above: list  # the outcomes it contributes to, from the top of the tree down
    root: OutcomeStrand


def _indicators():
    return Indicator.objects.select_related("status").order_by("code")


@dataclass
class _Tree:
    chain: list[int]  # the outcome and those above it, up to the top, the outcome first
    below: list[int]  # the outcome and every outcome under it, the outcome first
    children: dict[int, list[int]]  # each outcome's children in the thread
    nodes: dict[int, int]  # the national outcome (FrameworkNode id) each row stands for


def _tree(outcome) -> _Tree:
    """The outcomes' tree, in two queries. An outcome that stands for a national outcome
    (a row of the national framework) has as its children in the thread both the outcomes
    under it and the partnership's outcomes that serve that national outcome, unless they
    are already under it or under another outcome serving it."""
    from pif.outcomes.models import Outcome

    rows = list(Outcome.objects.filter(partnership_id=outcome.partnership_id)
                .values_list("pk", "parent_id", "framework_node_id"))
    serves = defaultdict(set)  # national outcome: the outcomes serving it
    for pk, node_id in Outcome.national_outcomes.through.objects.filter(
            outcome__partnership_id=outcome.partnership_id).values_list(
            "outcome_id", "frameworknode_id"):
        serves[node_id].add(pk)
    parent = {pk: parent_id for pk, parent_id, _ in rows}
    nodes = {pk: node_id for pk, _, node_id in rows if node_id}
    children = defaultdict(list)
    for pk, parent_id, _ in rows:
        children[parent_id].append(pk)
    chain, current = [], outcome.pk
    while current is not None and current not in chain:
        chain.append(current)
        current = parent.get(current)

    def walk(start: int) -> list[int]:
        found, waiting = [start], [start]
        while waiting:
            for child in children[waiting.pop()]:
                if child not in found:
                    found.append(child)
                    waiting.append(child)
        return found

    for row, node_id in nodes.items():
        under = set(walk(row))
        serving = serves[node_id] | {row}
        children[row].extend(sorted(pk for pk in serves[node_id] - under
                                    if parent.get(pk) not in serving))
    return _Tree(chain, walk(outcome.pk), children, nodes)


def national_outcomes(tree: _Tree) -> list:
    """The national outcomes served by the outcome or one above it, or that one of those
    above it stands for; not the one the outcome itself stands for."""
    from pif.outcomes.models import FrameworkNode

    own = tree.nodes.get(tree.chain[0])
    return list(FrameworkNode.objects.filter(
        Q(serving_outcomes__in=tree.chain)
        | Q(pk__in=[tree.nodes[pk] for pk in tree.chain[1:] if pk in tree.nodes]))
        .exclude(pk=own).distinct().order_by("position", "code"))


def _actions_by_outcome(partnership_id, outcome_ids) -> dict[int, list[ActionStrand]]:
    from pif.improvement.models import Action

    links = list(Action.outcomes.through.objects.filter(
        outcome_id__in=outcome_ids, action__partnership_id=partnership_id)
        .values_list("action_id", "outcome_id"))
    actions = {action.pk: action for action in Action.objects.filter(
        pk__in={action_id for action_id, _ in links})
        .select_related("owner", "owner_organisation")
        .prefetch_related(Prefetch("indicators", queryset=_indicators()))}
    found = defaultdict(list)
    for action_id, outcome_id in sorted(
            links, key=lambda link: (actions[link[0]].reference, link[0])):
        action = actions[action_id]
        found[outcome_id].append(ActionStrand(action, list(action.indicators.all())))
    return found


def _projects_by_outcome(partnership_id, outcome_ids) -> dict[int, list[ProjectStrand]]:
    from pif.improvement.models import PdsaCycle, ProgressScore, Project, ProjectMeasure

    latest = (ProgressScore.objects.filter(project_id=OuterRef("pk"))
              .order_by("-scored_on", "-id"))
    projects = (Project.objects.filter(partnership_id=partnership_id, outcome_id__in=outcome_ids)
                .annotate(latest_score=Subquery(latest.values("score")[:1]),
                          latest_version=Subquery(latest.values("scale_version")[:1]))
                .prefetch_related(
                    Prefetch("measures", queryset=ProjectMeasure.objects.select_related(
                        "indicator__status").order_by("kind", "indicator__code")),
                    Prefetch("cycles", queryset=PdsaCycle.objects.order_by("start_date", "id")
                             .prefetch_related(Prefetch("indicators", queryset=_indicators())))))
    found = defaultdict(list)
    for project in projects:
        project.latest_words = progress_scale.words(project.latest_score, project.latest_version)
        found[project.outcome_id].append(ProjectStrand(
            project,
            [CycleStrand(cycle, list(cycle.indicators.all())) for cycle in project.cycles.all()],
            [measure.indicator for measure in project.measures.all()]))
    return found


def for_outcome(outcome) -> Thread:
    """The outcome's golden thread, downwards (about ten queries, whatever it holds)."""
    from pif.outcomes.models import Outcome
    from pif.outcomes.queries import indicators_prefetch

    tree = _tree(outcome)
    outcomes = {o.pk: o for o in Outcome.objects.filter(pk__in=[*tree.chain, *tree.below])
                .prefetch_related(indicators_prefetch())}
    actions = _actions_by_outcome(outcome.partnership_id, tree.below)
    projects = _projects_by_outcome(outcome.partnership_id, tree.below)

    def strand(pk: int, seen: frozenset) -> OutcomeStrand:
        found = outcomes[pk]
        kids = sorted((outcomes[child] for child in set(tree.children[pk])
                       if child in outcomes and child not in seen),
                      key=lambda o: (o.level, o.position, o.code, o.title, o.pk))
        seen = seen | {kid.pk for kid in kids}
        return OutcomeStrand(found, list(found.indicators.all()), actions.get(pk, []),
                             projects.get(pk, []), [strand(kid.pk, seen) for kid in kids])

    return Thread(national_outcomes(tree),
                  [outcomes[pk] for pk in reversed(tree.chain[1:]) if pk in outcomes],
                  strand(outcome.pk, frozenset(tree.chain)))
