from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("measures/", views.measure_list, name="measure_list"),
    path("measures/<slug:code>/", views.measure_detail, name="measure_detail"),
    path("measures/<slug:code>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<slug:code>/notes/", views.measure_note_add, name="measure_note_add"),
    path("dashboards/wait-times/", views.wait_time_dashboard, name="wait_time_dashboard"),
    path("dashboards/wait-times/<slug:code>.csv", views.wait_time_dashboard_csv, name="wait_time_dashboard_csv"),
    path("dashboards/equity/", views.equity_dashboard, name="equity_dashboard"),
    path("dashboards/equity.csv", views.equity_dashboard_csv, name="equity_dashboard_csv"),
    path("computations/", views.computation_list, name="computation_list"),
    path("computations/run/", views.computation_run, name="computation_run"),
    path("computations/status.json", views.computation_status_json, name="computation_status"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/guide/", views.import_guide, name="import_guide"),
    path("imports/<int:upload_id>/", views.import_detail, name="import_detail"),
    path("imports/<int:upload_id>/progress.json", views.import_progress_json, name="import_progress"),
    path("imports/<int:upload_id>/load/", views.import_load_view, name="import_load"),
    path("imports/<int:upload_id>/discard/", views.import_discard_view, name="import_discard"),
    path("imports/files/<int:batch_id>/withdraw/", views.batch_withdraw, name="batch_withdraw"),
]
