from django.urls import path

from dialogues.views import cells, council, joining, landing, problem_actions, problems, sessions

app_name = "dialogues"

urlpatterns = [
    path("", landing.landing, name="landing"),
]

# --- Joining a cell, applications, invitations and the consumer's own pages -------------------

urlpatterns += [
    path("join/", joining.join, name="join"),
    path("join/thanks/", joining.join_thanks, name="join_thanks"),
    path("privacy/", joining.privacy_notice, name="privacy_notice"),
    path("applications/", joining.application_list, name="application_list"),
    path("applications/<int:pk>/", joining.application_detail, name="application_detail"),
    path("me/", joining.my_partnership, name="my_partnership"),
    path("me/cells/<slug:slug>/propose/", joining.opportunity_propose_view, name="opportunity_propose"),
    path("me/cells/<slug:slug>/survey/", joining.survey, name="survey"),
]

# --- CQI cells: members, meetings, attendance, stipends, opportunities, PDSA cycles -----------

_cell = "cells/<slug:slug>/"
urlpatterns += [
    path("cells/", cells.cell_list, name="cell_list"),
    path("cells/new/", cells.cell_create, name="cell_create"),
    path(_cell, cells.cell_detail, name="cell_detail"),
    path(f"{_cell}edit/", cells.cell_edit, name="cell_edit"),
    path(f"{_cell}process-chart/", cells.cell_process_document, name="cell_process_document"),
    path(f"{_cell}members/add/", cells.member_add, name="member_add"),
    path(f"{_cell}members/<int:pk>/leave/", cells.member_leave, name="member_leave"),
    path(f"{_cell}meetings/new/", cells.meeting_create, name="meeting_create"),
    path(f"{_cell}meetings/<int:pk>/", cells.meeting_detail, name="meeting_detail"),
    path(f"{_cell}meetings/<int:pk>/edit/", cells.meeting_edit, name="meeting_edit"),
    path(f"{_cell}opportunities/new/", cells.opportunity_create, name="opportunity_create"),
    path(f"{_cell}opportunities/<int:pk>/", cells.opportunity_detail, name="opportunity_detail"),
    path(f"{_cell}opportunities/<int:pk>/edit/", cells.opportunity_edit, name="opportunity_edit"),
    path(f"{_cell}opportunities/<int:pk>/review/", cells.opportunity_review, name="opportunity_review"),
    path(f"{_cell}opportunities/<int:pk>/steps/new/", cells.action_step_create, name="action_step_create"),
    path(f"{_cell}opportunities/<int:pk>/steps/<int:step_pk>/edit/", cells.action_step_edit, name="action_step_edit"),
    path(
        f"{_cell}opportunities/<int:pk>/standards/new/", cells.outcome_standard_create, name="outcome_standard_create"
    ),
    path(f"{_cell}pdsa/new/", cells.pdsa_create, name="pdsa_create"),
    path(f"{_cell}pdsa/<int:pk>/", cells.pdsa_detail, name="pdsa_detail"),
    path(f"{_cell}pdsa/<int:pk>/edit/", cells.pdsa_edit, name="pdsa_edit"),
    path("stipends/", cells.stipend_ledger, name="stipend_ledger"),
    path("stipends.csv", cells.stipend_ledger_csv, name="stipend_ledger_csv"),
    path("stipends/pay/", cells.stipend_mark_paid, name="stipend_mark_paid"),
]

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
    path("council/problems/", problems.problem_board, name="problem_board"),
    path("council/problems/new/", problems.problem_create, name="problem_create"),
    path("council/problems/<int:pk>/", problems.problem_detail, name="problem_detail"),
    path("council/problems/<int:pk>/escalate/", problems.problem_escalate, name="problem_escalate"),
    path("council/problems/<int:pk>/take/", problems.problem_take, name="problem_take"),
    path("council/problems/<int:pk>/resolve/", problems.problem_resolve, name="problem_resolve"),
    path("council/problems/<int:pk>/take-up/", problem_actions.problem_draft_take_up, name="problem_draft_take_up"),
    path("council/problems/<int:pk>/dismiss/", problem_actions.problem_draft_dismiss, name="problem_draft_dismiss"),
    path(
        "council/problems/<int:pk>/opportunity/", problem_actions.problem_to_opportunity, name="problem_to_opportunity"
    ),
    path("council/problems/<int:pk>/pdsa/", problem_actions.problem_to_pdsa, name="problem_to_pdsa"),
    path("council/initiatives/<int:pk>/edit/", council.initiative_edit, name="initiative_edit"),
]
