from django.urls import path

from dialogues.views import council, landing, sessions

app_name = "dialogues"

urlpatterns = [
    path("", landing.landing, name="landing"),
]

# --- Joining a cell, applications, invitations and the consumer's own pages -------------------

urlpatterns += []

# --- CQI cells: members, meetings, attendance, stipends, opportunities, PDSA cycles -----------

urlpatterns += []

# --- Dialogues, sign-up, success indicators and the council overview -------------------------

urlpatterns += [
    path("dialogues/", sessions.dialogue_list, name="dialogue_list"),
    path("dialogues/new/", sessions.dialogue_create, name="dialogue_create"),
    path("dialogues/<int:pk>/", sessions.dialogue_detail, name="dialogue_detail"),
    path("dialogues/<int:pk>/edit/", sessions.dialogue_edit, name="dialogue_edit"),
    path("dialogues/<int:pk>/sign-up/", sessions.dialogue_signup, name="dialogue_signup"),
    path("dialogues/<int:pk>/sign-ups.csv", sessions.dialogue_signups_csv, name="dialogue_signups_csv"),
    path(
        "dialogues/<int:pk>/opportunities/new/",
        sessions.dialogue_opportunity_create,
        name="dialogue_opportunity_create",
    ),
    path(
        "dialogues/<int:pk>/opportunities/<int:opportunity_pk>/hand-to-cell/",
        sessions.dialogue_opportunity_hand,
        name="dialogue_opportunity_hand",
    ),
    path("cells/<slug:slug>/indicators/", council.cell_indicators, name="cell_indicators"),
    path("council/", council.council, name="council"),
    path("council/indicators/", council.council_indicators, name="council_indicators"),
    path("council/oversight/", council.oversight, name="oversight"),
    path("council/oversight/edit/", council.oversight_edit, name="oversight_edit"),
    path("council/initiatives/new/", council.initiative_create, name="initiative_create"),
    path("council/initiatives/<int:pk>/edit/", council.initiative_edit, name="initiative_edit"),
]
