"""Improvement projects, by subject: the project (aim statement, team, spread), its driver diagram and
its family of measures."""

from projects.models.drivers import MAX_DRIVER_DEPTH, ChangeIdea, ChangeIdeaCycle, Driver
from projects.models.measures import (
    LocalDataPoint,
    LocalDirection,
    LocalMeasure,
    LocalMeasureKind,
    LocalPeriod,
    MeasureRole,
    ProjectMeasure,
)
from projects.models.project import (
    CONSUMER_VOICE_KINDS,
    PIP_KINDS,
    ImprovementProject,
    ProjectKind,
    ProjectMember,
    ProjectStage,
    SpreadSite,
    SpreadStatus,
    TeamRole,
)

__all__ = [
    "CONSUMER_VOICE_KINDS",
    "MAX_DRIVER_DEPTH",
    "PIP_KINDS",
    "ChangeIdea",
    "ChangeIdeaCycle",
    "Driver",
    "ImprovementProject",
    "LocalDataPoint",
    "LocalDirection",
    "LocalMeasure",
    "LocalMeasureKind",
    "LocalPeriod",
    "MeasureRole",
    "ProjectKind",
    "ProjectMeasure",
    "ProjectMember",
    "ProjectStage",
    "SpreadSite",
    "SpreadStatus",
    "TeamRole",
]

# Keeps the history of every data point typed in by hand (registered beside the model, see the module).
from projects.models import data_history  # noqa: F401
