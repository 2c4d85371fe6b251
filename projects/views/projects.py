"""A project's pages: the list, the council's overview, starting and editing a project, its page with
the driver diagram, and the diagram as an SVG file."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dialogues.models import CqiCell, Problem
from projects.diagram import layout
from projects.forms import ProjectForm
from projects.models import ProjectKind
from projects.selectors import projects as selectors
from projects.selectors.drivers import driver_tree
from projects.selectors.local_charts import project_local_charts
from projects.selectors.measures import project_family
from projects.selectors.progress import project_progress
from projects.services import projects as services
from projects.views._access import LEAD, SEE, WORK, project_view
from projects.views._diagram import diagram_root
from qic.core.permissions import permission_required

ADD_ANY = "projects.add_improvementproject"


@require_GET
def project_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "projects/project_list.html",
        {
            "projects": selectors.projects_visible_to(user=request.user),
            "sees_all": request.user.has_perm(selectors.VIEW_ALL),
            "can_start": request.user.has_perm(ADD_ANY) or selectors.cells_for_new_project(user=request.user).exists(),
        },
    )


@permission_required(selectors.VIEW_ALL)
@require_GET
def overview(request):
    return render(request, "projects/overview.html", {"overview": selectors.projects_overview()})


@require_http_methods(["GET", "POST"])
def project_create(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    staff = request.user.has_perm(ADD_ANY)
    cells = None if staff else selectors.cells_for_new_project(user=request.user)
    if cells is not None and not cells.exists():
        raise PermissionDenied
    initial = {"kind": ProjectKind.CELL_WORK} if not staff else {}
    problem_id = request.GET.get("problem", "")
    if staff and problem_id.isdigit():
        problem = Problem.objects.filter(pk=problem_id).first()
        if problem is not None:
            initial |= {"origin_problem": problem, "title": problem.title, "cell": problem.cell}
    form = ProjectForm(request.POST or None, initial=initial, cells=cells, staff=staff)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            aims, items = data.pop("aims"), data.pop("matrix_items")
            try:
                project = services.project_create(
                    by=request.user, aims=aims, matrix_items=items, lead=None if staff else request.user, **data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Project started. Add its team, drivers and measures next."))
                return redirect(project)
        status = 400
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "heading": _("Start an improvement project")},
        status=status,
    )


@project_view(LEAD)
@require_http_methods(["GET", "POST"])
def project_edit(request, project):
    staff = request.user.has_perm(selectors.RUN_ALL)
    cells = None
    if not staff:
        own = selectors.cells_for_new_project(user=request.user).values("pk")
        cells = CqiCell.objects.filter(Q(pk=project.cell_id) | Q(pk__in=own)).order_by("name")
    initial = {"aims": project.aims.all(), "matrix_items": project.matrix_items.all()}
    form = ProjectForm(request.POST or None, instance=project, initial=initial, cells=cells, staff=staff)
    if not staff and project.kind != ProjectKind.CELL_WORK:
        # A lead who is not QI staff keeps the kind and links QI staff chose.
        form.fields["kind"].choices = [(project.kind, project.get_kind_display())]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            aims, items = data.pop("aims"), data.pop("matrix_items")
            try:
                services.project_update(project=project, by=request.user, aims=aims, matrix_items=items, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Project saved."))
                return redirect(project)
        status = 400
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "project": project, "heading": _("Edit the project and its aim")},
        status=status,
    )


@project_view(SEE)
@require_GET
def project_detail(request, project):
    team = selectors.project_team(project=project)
    tree = driver_tree(project=project)
    access = request.project_access
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "aim_statement": selectors.aim_statement(project),
            "team": team,
            "voice_missing": selectors.consumer_voice_missing(project=project, team=team),
            "aims": project.aims.all(),
            "matrix_items": project.matrix_items.select_related("aim", "level").order_by("code"),
            "tree": tree,
            "diagram": layout(diagram_root(project, tree)),
            "family": project_family(project=project),
            "local_charts": project_local_charts(project=project),
            "progress": project_progress(project=project),
            "spread_sites": project.spread_sites.all(),
            "can_work": WORK in access,
            "can_lead": LEAD in access,
        },
    )


@project_view(SEE)
@require_GET
def driver_diagram_svg(request, project):
    """The diagram as a file to download: the same drawing the page shows."""
    diagram = layout(diagram_root(project, driver_tree(project=project)))
    svg = render_to_string(
        "projects/driver_diagram_file.html",
        {"project": project, "diagram": diagram, "standalone": True},
        request=request,
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    name = slugify(project.title)[:60] or "project"
    response["Content-Disposition"] = f'attachment; filename="driver-diagram-{name}.svg"'
    return response
