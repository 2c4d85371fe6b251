from django.urls import path, register_converter

from workplan import views
from workplan.documents import views as documents


class FiscalYearConverter:
    """``FY2025-26`` in the URL, the year it starts (2025) in the view: the label the measures app uses."""

    regex = r"FY[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> int:
        year = int(value[2:6])
        if int(value[7:9]) != (year + 1) % 100:
            raise ValueError(value)
        return year

    def to_url(self, value: int) -> str:
        return f"FY{value}-{(value + 1) % 100:02d}"


register_converter(FiscalYearConverter, "fy")

app_name = "workplan"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_start, name="plan_start"),
    path("<fy:year>/", views.plan_detail, name="plan_detail"),
    path("<fy:year>/edit/", views.plan_edit, name="plan_edit"),
    path("<fy:year>/approve/", views.plan_approve, name="plan_approve"),
    path("<fy:year>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<uuid:uuid>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<uuid:uuid>/objectives/new/", views.objective_create, name="objective_create"),
    path("objectives/<uuid:uuid>/", views.objective_detail, name="objective_detail"),
    path("objectives/<uuid:uuid>/edit/", views.objective_edit, name="objective_edit"),
    path("objectives/<uuid:uuid>/figures/new/", views.figure_add, name="figure_add"),
    path("objectives/<uuid:uuid>/activities/new/", views.activity_create, name="activity_create"),
    path("objectives/<uuid:uuid>/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("objectives/<uuid:uuid>/review/", views.review_edit, name="review_edit"),
    path("<fy:year>/evaluation/", views.evaluation_detail, name="evaluation_detail"),
    path("<fy:year>/evaluation/start/", views.evaluation_begin, name="evaluation_start"),
    path("<fy:year>/evaluation/summary/", views.evaluation_summary_edit, name="evaluation_summary"),
    path("<fy:year>/evaluation/approve/", views.evaluation_approve, name="evaluation_approve"),
    path("<fy:year>/work-plan.<str:fmt>", documents.plan_document, name="plan_document"),
    path("<fy:year>/evaluation.<str:fmt>", documents.evaluation_document, name="evaluation_document"),
]
