"""Stages 1 and 2: frameworks, vision, outcomes, strategy maps, driver diagrams, risks,
governance and resources."""

from pif.outcomes.models.driver import DriverDiagram, DriverNode
from pif.outcomes.models.framework import Framework, FrameworkNode, FrameworkVersion
from pif.outcomes.models.governance import Group, GroupMember, Resource
from pif.outcomes.models.outcome import Outcome, OutcomeLink
from pif.outcomes.models.plan import Locality, PlanSettings, Vision
from pif.outcomes.models.risk import Risk

__all__ = [
    "DriverDiagram", "DriverNode", "Framework", "FrameworkNode", "FrameworkVersion", "Group",
    "GroupMember", "Locality", "Outcome", "OutcomeLink", "PlanSettings", "Resource", "Risk",
    "Vision",
]
