from django.urls import path

from dialogues.views import landing

app_name = "dialogues"

urlpatterns = [
    path("", landing.landing, name="landing"),
]

# --- Joining a cell, applications, invitations and the consumer's own pages -------------------

urlpatterns += []

# --- CQI cells: members, meetings, attendance, stipends, opportunities, PDSA cycles -----------

urlpatterns += []

# --- Dialogues, sign-up, success indicators and the council overview -------------------------

urlpatterns += []
