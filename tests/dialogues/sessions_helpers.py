"""Builders shared by the dialogue, indicator and council tests."""

from datetime import timedelta

from django.utils import timezone

from dialogues.models import Dialogue, DialogueFacilitator, DialogueKind, DialogueStatus, PartnerRole


def make_dialogue(*, days_from_now=14, status=DialogueStatus.PLANNED, capacity=None, signup_open=True, **fields):
    starts = timezone.now() + timedelta(days=days_from_now)
    dialogue = Dialogue.objects.create(
        title=fields.pop("title", "Being heard in treatment planning"),
        kind=fields.pop("kind", DialogueKind.INITIAL),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place=fields.pop("place", "Main library, room 2"),
        status=status,
        capacity=capacity,
        signup_open=signup_open,
        **fields,
    )
    DialogueFacilitator.objects.create(dialogue=dialogue, name="Maria Lopez", role=PartnerRole.CONSUMER)
    DialogueFacilitator.objects.create(dialogue=dialogue, name="Dr. Sam Reyes", role=PartnerRole.PROVIDER)
    return dialogue


def dialogue_post_data(**overrides):
    """A valid POST for the dialogue form, with two co-facilitators."""
    start = timezone.localtime(timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    data = {
        "title": "Choosing your own goals",
        "kind": "initial",
        "focus": "",
        "topic": "Goals in the treatment plan",
        "description": "An open conversation.",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Community centre",
        "video_link": "",
        "status": "planned",
        "signup_open": "on",
        "capacity": "20",
        "themes": "",
        "change_reason": "",
        "facilitators-TOTAL_FORMS": "3",
        "facilitators-INITIAL_FORMS": "0",
        "facilitators-MIN_NUM_FORMS": "0",
        "facilitators-MAX_NUM_FORMS": "1000",
        "facilitators-0-name": "Maria Lopez",
        "facilitators-0-role": "consumer",
        "facilitators-1-name": "Sam Reyes",
        "facilitators-1-role": "provider",
        "facilitators-2-name": "",
        "facilitators-2-role": "",
        "headcount-planned_consumer": "8",
        "headcount-planned_provider": "6",
    }
    data.update(overrides)
    return data
