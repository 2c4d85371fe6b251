from django.urls import path

from council.views import agenda, assessment, body, huddle, meetings, mine, public, stipends

app_name = "council"

_meeting = "meetings/<uuid:public_id>/"

urlpatterns = [
    # The public site: published minutes and decisions.
    path("minutes/", public.published_list, name="published_list"),
    path("minutes/<uuid:public_id>/", public.published_detail, name="published_detail"),
    # A person's own page: their action items, meetings and stipends.
    path("me/", mine.my_council, name="my_council"),
    path("actions/<int:pk>/", mine.action_item_update, name="action_item_update"),
    # The council as a body.
    path("members/", body.member_list, name="member_list"),
    path("members/add/", body.member_add, name="member_add"),
    path("members/<int:pk>/end-term/", body.member_end_term, name="member_end_term"),
    path("stipends/", stipends.stipend_ledger, name="stipend_ledger"),
    # The yearly Whole System Quality self-assessment (seed 004) and the weekly huddle board.
    path("self-assessment/", assessment.assessment_overview, name="assessment"),
    path("self-assessment/rate/", assessment.assessment_rate_view, name="assessment_rate"),
    path("self-assessment/ratings/<int:pk>/objective/", assessment.rating_objective, name="rating_objective"),
    path("huddle/", huddle.huddle, name="huddle"),
    # Meetings.
    path("", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path(_meeting, meetings.meeting_detail, name="meeting_detail"),
    path(f"{_meeting}edit/", meetings.meeting_edit, name="meeting_edit"),
    path(f"{_meeting}calendar.ics", meetings.meeting_ics, name="meeting_ics"),
    path(f"{_meeting}agenda/", agenda.agenda_edit, name="agenda_edit"),
    path(f"{_meeting}agenda/build/", agenda.agenda_build, name="agenda_build"),
    path(f"{_meeting}agenda/items/<int:pk>/move/", agenda.agenda_item_move, name="agenda_item_move"),
    path(f"{_meeting}agenda/items/<int:pk>/remove/", agenda.agenda_item_remove, name="agenda_item_remove"),
    path(f"{_meeting}agenda/items/<int:pk>/minutes/", meetings.minutes_edit, name="minutes_edit"),
    path(f"{_meeting}matters/new/", agenda.matter_add, name="matter_add"),
    path(f"{_meeting}attendance/", meetings.attendance, name="attendance"),
    path(f"{_meeting}decisions/new/", meetings.decision_create, name="decision_create"),
    path(f"{_meeting}actions/new/", meetings.action_item_create, name="action_item_create"),
    path(f"{_meeting}approve-minutes/", meetings.minutes_approve, name="minutes_approve"),
    path(f"{_meeting}publish/", meetings.publish, name="publish"),
    path(f"{_meeting}send/", meetings.send, name="send"),
    path(f"{_meeting}approve-work-plan/", meetings.workplan_approve, name="workplan_approve"),
]
