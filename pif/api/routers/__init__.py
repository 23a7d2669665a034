"""The API's resources, one module each; `ROUTERS` is what pif/api/api.py mounts.

| module | resources |
|---|---|
| partnerships | partnerships and their organisations |
| indicators | indicators with their status, by id or by code; targets |
| observations | observations: read, and the bulk upsert with its dry run |
| commentary | commentary on indicators' periods |
| outcomes | outcomes |
| risks | risks |
| actions | actions and their progress updates |
| improvement | improvement projects and PDSA cycles |
| reviews | stat meetings and self-assessments |
"""

from pif.api.routers import (
    actions,
    commentary,
    improvement,
    indicators,
    observations,
    outcomes,
    partnerships,
    reviews,
    risks,
)

ROUTERS = [("/", module.router) for module in (
    partnerships, indicators, observations, commentary, outcomes, risks, actions, improvement,
    reviews)]
