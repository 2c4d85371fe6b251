from workplan.models.evaluation import Evaluation, ObjectiveReview
from workplan.models.objectives import Activity, ActivityStatus, Objective, ObjectiveFigure
from workplan.models.plan import Goal, ReviewArea, WorkPlan

__all__ = [
    "Activity",
    "ActivityStatus",
    "Evaluation",
    "Goal",
    "Objective",
    "ObjectiveFigure",
    "ObjectiveReview",
    "ReviewArea",
    "WorkPlan",
]
