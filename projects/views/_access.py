"""Who may see and work on a project.

- QI staff (``projects.change_improvementproject``) see and edit every project; directors
  (``projects.view_improvementproject``) see every project.
- A team member sees their project and works on it: drivers, change ideas, PDSA cycles, measures, spread.
- The team's lead also edits the aim statement and the team.
- Anyone else signed in gets 403; a visitor who is not signed in goes to the login page.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from projects.models import ImprovementProject, TeamRole
from projects.selectors.projects import RUN_ALL, VIEW_ALL, project_get, team_role_of

SEE, WORK, LEAD = "see", "work", "lead"


def project_access(user, project: ImprovementProject) -> set[str]:
    """What the user may do with the project: a subset of {SEE, WORK, LEAD}."""
    role = team_role_of(project=project, user=user)
    granted = set()
    if user.has_perm(VIEW_ALL) or role is not None:
        granted.add(SEE)
    if user.has_perm(RUN_ALL) or role is not None:
        granted.add(WORK)
    if user.has_perm(RUN_ALL) or role == TeamRole.LEAD:
        granted.add(LEAD)
    return granted


def project_view(level: str = SEE):
    """Decorator: the view gets ``project`` (one the reader may ``level``) instead of ``public_id``, and
    ``request.project_access`` says what else they may do."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, public_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                project = project_get(public_id=public_id)
            except (ImprovementProject.DoesNotExist, ValidationError) as error:
                raise Http404 from error
            access = project_access(request.user, project)
            if level not in access:
                raise PermissionDenied
            request.project_access = access
            return view(request, project, *args, **kwargs)

        return wrapped

    return decorator
