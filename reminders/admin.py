from django.contrib import admin

from reminders.models import ReminderSent, ReminderSettings


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "daily", "weekly_digest", "digest_weekday"]
    search_fields = ["user__username", "user__email"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["sent_on", "user", "kind", "item_key"]
    list_filter = ["kind", "sent_on"]
    search_fields = ["user__username", "item_key"]
