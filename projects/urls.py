from django.urls import path

from projects.views import cycles, diagram_edit, family, local_data, projects, report, team

app_name = "projects"

_p = "<uuid:public_id>/"

urlpatterns = [
    path("", projects.project_list, name="list"),
    path("overview/", projects.overview, name="overview"),
    path("new/", projects.project_create, name="create"),
    path(_p, projects.project_detail, name="detail"),
    path(f"{_p}edit/", projects.project_edit, name="edit"),
    path(f"{_p}driver-diagram.svg", projects.driver_diagram_svg, name="driver_diagram_svg"),
    path(f"{_p}team/add/", team.member_add, name="member_add"),
    path(f"{_p}team/<int:pk>/remove/", team.member_remove, name="member_remove"),
    path(f"{_p}drivers/new/", diagram_edit.driver_add, name="driver_add"),
    path(f"{_p}drivers/<int:pk>/edit/", diagram_edit.driver_edit, name="driver_edit"),
    path(f"{_p}drivers/<int:pk>/delete/", diagram_edit.driver_delete, name="driver_delete"),
    path(f"{_p}drivers/<int:driver_pk>/ideas/new/", diagram_edit.idea_add, name="idea_add"),
    path(f"{_p}ideas/<int:pk>/edit/", diagram_edit.idea_edit, name="idea_edit"),
    path(f"{_p}ideas/<int:pk>/delete/", diagram_edit.idea_delete, name="idea_delete"),
    path(f"{_p}ideas/<int:idea_pk>/cycles/new/", cycles.cycle_start, name="cycle_start"),
    path(f"{_p}cycles/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path(f"{_p}cycles/<int:pk>/edit/", cycles.cycle_edit, name="cycle_edit"),
    path(f"{_p}measures/add/", family.registry_measure_add, name="registry_measure_add"),
    path(f"{_p}measures/local/new/", family.local_measure_add, name="local_measure_add"),
    path(f"{_p}measures/local/<int:pk>/edit/", family.local_measure_edit, name="local_measure_edit"),
    path(f"{_p}measures/<int:pk>/remove/", family.family_remove, name="family_remove"),
    # A local measure's data and charts, and the report (projects.views.local_data, projects.views.report).
    path(f"{_p}measures/local/<int:pk>/", local_data.local_measure_detail, name="local_measure"),
    path(f"{_p}measures/local/<int:pk>/data/add/", local_data.data_point_add, name="data_point_add"),
    path(f"{_p}measures/local/<int:pk>/data/paste/", local_data.data_paste, name="data_paste"),
    path(f"{_p}measures/local/<int:pk>/data/<int:point_pk>/edit/", local_data.data_point_edit, name="data_point_edit"),
    path(
        f"{_p}measures/local/<int:pk>/data/<int:point_pk>/delete/",
        local_data.data_point_delete,
        name="data_point_delete",
    ),
    path(f"{_p}report.<str:fmt>", report.project_report, name="report"),
    path(f"{_p}spread/new/", family.spread_add, name="spread_add"),
    path(f"{_p}spread/<int:pk>/edit/", family.spread_edit, name="spread_edit"),
]
