from django.urls import path

from dialogues.views import joining, landing

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

urlpatterns += []

# --- Dialogues, sign-up, success indicators and the council overview -------------------------

urlpatterns += []
