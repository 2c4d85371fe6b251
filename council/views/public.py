"""The public site: approved, published minutes and decisions in the reader's language (English where
no Spanish was written, marked as such). No personal information: no attendance, no action items
(they name their owner), only what passed the checks."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from council.models import CouncilMeeting
from council.selectors import meetings as meeting_selectors


@require_GET
def published_list(request):
    return render(request, "council/published_list.html", {"meetings": meeting_selectors.meetings_published()})


@require_GET
def published_detail(request, public_id):
    try:
        meeting = meeting_selectors.meetings_published().get(public_id=public_id)
    except CouncilMeeting.DoesNotExist as error:
        raise Http404 from error
    items = meeting_selectors.published_agenda(meeting=meeting)
    decisions = meeting_selectors.meeting_decisions(meeting=meeting)
    return render(
        request, "council/published_detail.html", {"meeting": meeting, "items": items, "decisions": decisions}
    )
