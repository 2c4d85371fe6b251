from django.urls import path

from aims import views

app_name = "aims"

urlpatterns = [
    path("", views.framework_grid, name="grid"),
    path("aims/<slug:slug>/", views.aim_detail, name="aim_detail"),
    path("levels/<slug:slug>/", views.level_detail, name="level_detail"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<slug:code>/", views.item_detail, name="item_detail"),
    path("items/<slug:code>/edit/", views.item_edit, name="item_edit"),
    path("search/", views.search, name="search"),
    path("berwick/", views.berwick, name="berwick"),
    path("rules/", views.rules, name="rules"),
    path("export.csv", views.export_csv, name="export_csv"),
]
