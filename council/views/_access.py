"""Who may see a meeting: QI staff and directors (by permission), members who sat on the council on its
day (by membership), and, once its minutes are published, everyone through the public pages."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from council.models import CouncilMeeting
from council.selectors.body import member_served_at
from council.selectors.meetings import meeting_get


class _Redirect(Exception):
    """A response to give instead of the page: a control-flow signal, not an error."""

    def __init__(self, response):
        self.response = response


def get_meeting_for_user(request, public_id) -> CouncilMeeting:
    """The meeting, if the reader may see its full record; otherwise 404, the login page, the public
    page (when published) or 403, raised as :class:`_Redirect` or an exception."""
    try:
        meeting = meeting_get(public_id=public_id)
    except CouncilMeeting.DoesNotExist as error:
        raise Http404 from error
    user = request.user
    if user.has_perm("council.view_councilmeeting") or member_served_at(user=user, meeting=meeting):
        return meeting
    if meeting.is_published:
        raise _Redirect(redirect("council:published_detail", public_id=meeting.public_id))
    if not user.is_authenticated:
        raise _Redirect(redirect_to_login(request.get_full_path()))
    raise PermissionDenied


def meeting_view(view):
    """Decorator: the view gets ``meeting`` (one the reader may see) instead of ``public_id``."""

    @wraps(view)
    def wrapped(request, public_id, *args, **kwargs):
        try:
            meeting = get_meeting_for_user(request, public_id)
        except _Redirect as signal:
            return signal.response
        return view(request, meeting, *args, **kwargs)

    return wrapped
