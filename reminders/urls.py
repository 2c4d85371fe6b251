from django.urls import path

from reminders.views import settings, stalled

app_name = "reminders"

urlpatterns = [
    path("me/reminders/", settings.reminder_settings, name="settings"),
    path("reminders/stalled/", stalled.stalled_work, name="stalled"),
]
