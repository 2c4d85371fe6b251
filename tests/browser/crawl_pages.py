"""Every named URL pattern, and the URL the crawl visits for it.

``crawl_routes()`` walks the resolver, so a page added tomorrow is crawled or fails the crawl: each named pattern
is a page (HTML, checked in the browser), a file (CSV, iCalendar, JSON, SVG, PDF: fetched and its status checked),
an action (its view accepts no GET: a GET must not fail with a 500), or it is in ``SKIPPED`` with the reason. A
pattern with arguments takes them from ``KWARGS`` (one object of the crawl's data each); one missing there is a
problem the crawl reports. The Django admin is crawled whole for the administrator: the index, each app's page,
and every registered model's changelist, add, change, history and delete pages, on the first row of the model.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PAGE, FILE, ACTION = "page", "file", "action"

# Patterns the crawl does not visit, and why. Everything else is visited (or fails the crawl).
SKIPPED = {
    "accounts:logout": "POST only (LogoutView): signing out would end the role's session mid-crawl",
    "set_language": "POST only: the crawl switches language with the django_language cookie",
    "admin:logout": "POST only: signing out would end the administrator's session mid-crawl",
    "admin:view_on_site": "a redirect to the object's own page, which the crawl visits by its own pattern",
    "admin:autocomplete": "JSON for the admin's autocomplete widgets; answers only with a field's parameters",
}

# Patterns whose answer is not an HTML page: fetched with the role's cookies, status checked, not rendered.
FILES = {
    "healthz",
    "plotly_css",
    "aims:export_csv",
    "measures:wait_time_dashboard_csv",
    "measures:equity_dashboard_csv",
    "measures:computation_status",
    "measures:import_progress",
    "dialogues:stipend_ledger_csv",
    "dialogues:dialogue_signups_csv",
    "projects:driver_diagram_svg",
    "projects:report",
    "workplan:plan_document",
    "workplan:evaluation_document",
    "council:meeting_ics",
    "admin:jsi18n",
}


@dataclass(frozen=True)
class Route:
    name: str
    kind: str
    admin: bool
    urls: tuple[str, ...] = ()
    problem: str = ""


def _walk(resolver: URLResolver, namespace: str = "") -> list[tuple[str | None, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        else:
            found.append((f"{namespace}{entry.name}" if entry.name else None, entry))
    return found


def _methods(callback) -> set[str] | None:
    """The HTTP methods a view accepts, from ``require_http_methods`` (or a class-based view), None if any."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {method.upper() for method in view_class.http_method_names if hasattr(view_class, method)}
    function = callback
    while function is not None:
        free = dict(zip(function.__code__.co_freevars, function.__closure__ or (), strict=False))
        if "request_method_list" in free:
            return set(free["request_method_list"].cell_contents)
        function = getattr(function, "__wrapped__", None)
    return None


class Objects:
    """One row of each model a URL needs, looked up once from the crawl's data."""

    def __init__(self, data):
        from council.models import ActionItem, AgendaItem, CouncilMeeting, CouncilMember, ElementRating
        from dialogues.demo import DEMO_MEASURE
        from dialogues.models import (
            ActionStep,
            CouncilInitiative,
            CqiCell,
            Dialogue,
            ImprovementOpportunity,
            JoinApplication,
            Problem,
        )
        from measures.models import ImportBatch, Measure
        from projects.models import ChangeIdeaCycle, ImprovementProject, LocalDataPoint
        from workplan.models import Evaluation, ObjectiveReview

        self.data = data
        self.cell = CqiCell.objects.get(slug="first-appointment")
        self.meeting = self.cell.meetings.order_by("pk").first()
        self.opportunity = ImprovementOpportunity.objects.filter(cell=self.cell).order_by("pk").first()
        self.step = ActionStep.objects.filter(opportunity=self.opportunity).first() or ActionStep.objects.first()
        self.pdsa = self.cell.pdsa_cycles.order_by("pk").first()
        self.membership = self.cell.memberships.filter(left_on__isnull=True).order_by("pk").last()
        self.application = JoinApplication.objects.order_by("pk").first()
        self.dialogue = Dialogue.objects.order_by("pk").first()
        self.problem = Problem.objects.order_by("pk").first()
        self.initiative = CouncilInitiative.objects.order_by("pk").first()
        self.measure = Measure.objects.get(code=DEMO_MEASURE)
        self.batch = ImportBatch.objects.filter(upload_id=data.loaded_upload_id).order_by("pk").first()
        self.point = LocalDataPoint.objects.select_related("measure__project").order_by("pk").first()
        self.cycle_link = ChangeIdeaCycle.objects.select_related("change_idea__driver__project").first()
        self.idea = self.cycle_link.change_idea
        self.project = ImprovementProject.objects.filter(members__isnull=False, spread_sites__isnull=False).first()
        self.review = ObjectiveReview.objects.select_related("objective__goal__plan").first()
        self.evaluation = Evaluation.objects.select_related("plan").first()
        self.council_meeting = CouncilMeeting.objects.order_by("-starts_at").first()
        self.published = CouncilMeeting.objects.filter(published_at__isnull=False).first()
        self.agenda_item = AgendaItem.objects.filter(meeting=self.council_meeting).first()
        self.action_item = ActionItem.objects.order_by("pk").first()
        self.member = CouncilMember.objects.order_by("pk").first()
        self.rating = ElementRating.objects.order_by("pk").first()


def _in_project(project, **kwargs) -> dict:
    return {"public_id": project.public_id, **{key: getattr(value, "pk", value) for key, value in kwargs.items()}}


def _project_kwargs(o: Objects) -> dict[str, Callable[[], dict]]:
    p, idea, point = o.project, o.idea, o.point
    idea_project, measure = idea.driver.project, point.measure
    return {
        "detail": lambda: _in_project(p),
        "edit": lambda: _in_project(p),
        "driver_diagram_svg": lambda: _in_project(p),
        "member_add": lambda: _in_project(p),
        "member_remove": lambda: _in_project(p, pk=p.members.first()),
        "driver_add": lambda: _in_project(p),
        "driver_edit": lambda: _in_project(idea_project, pk=idea.driver),
        "driver_delete": lambda: _in_project(idea_project, pk=idea.driver),
        "idea_add": lambda: _in_project(idea_project, driver_pk=idea.driver),
        "idea_edit": lambda: _in_project(idea_project, pk=idea),
        "idea_delete": lambda: _in_project(idea_project, pk=idea),
        "cycle_start": lambda: _in_project(idea_project, idea_pk=idea),
        "cycle_detail": lambda: _in_project(idea_project, pk=o.cycle_link.cycle_id),
        "cycle_edit": lambda: _in_project(idea_project, pk=o.cycle_link.cycle_id),
        "registry_measure_add": lambda: _in_project(p),
        "local_measure_add": lambda: _in_project(p),
        "local_measure_edit": lambda: _in_project(measure.project, pk=measure),
        "family_remove": lambda: _in_project(p, pk=p.family.first()),
        "local_measure": lambda: _in_project(measure.project, pk=measure),
        "data_point_add": lambda: _in_project(measure.project, pk=measure),
        "data_paste": lambda: _in_project(measure.project, pk=measure),
        "data_point_edit": lambda: _in_project(measure.project, pk=measure, point_pk=point),
        "data_point_delete": lambda: _in_project(measure.project, pk=measure, point_pk=point),
        "report": lambda: _in_project(p, fmt="pdf"),
        "spread_add": lambda: _in_project(p),
        "spread_edit": lambda: _in_project(p, pk=p.spread_sites.first()),
    }


def _kwargs(o: Objects) -> dict[str, Callable[[], dict]]:
    """pattern name -> its URL arguments, taken from one object of the crawl's data."""
    from aims.models import Aim, Level, MatrixItem

    cell, opportunity, meeting = o.cell, o.opportunity, o.council_meeting
    table = {
        "aims:aim_detail": lambda: {"slug": Aim.objects.first().slug},
        "aims:level_detail": lambda: {"slug": Level.objects.first().slug},
        "aims:item_detail": lambda: {"code": MatrixItem.objects.first().code},
        "aims:item_edit": lambda: {"code": MatrixItem.objects.first().code},
        "measures:measure_detail": lambda: {"code": o.measure.code},
        "measures:measure_edit": lambda: {"code": o.measure.code},
        "measures:measure_note_add": lambda: {"code": o.measure.code},
        "measures:wait_time_dashboard_csv": lambda: {"code": o.measure.code},
        "measures:import_detail": lambda: {"upload_id": o.data.rejected_upload_id},
        "measures:import_progress": lambda: {"upload_id": o.data.rejected_upload_id},
        "measures:import_load": lambda: {"upload_id": o.data.rejected_upload_id},
        "measures:import_discard": lambda: {"upload_id": o.data.rejected_upload_id},
        "measures:batch_withdraw": lambda: {"batch_id": o.batch.pk},
        "dialogues:application_detail": lambda: {"pk": o.application.pk},
        "dialogues:member_leave": lambda: {"slug": cell.slug, "pk": o.membership.pk},
        "dialogues:meeting_detail": lambda: {"slug": cell.slug, "pk": o.meeting.pk},
        "dialogues:meeting_edit": lambda: {"slug": cell.slug, "pk": o.meeting.pk},
        "dialogues:action_step_edit": lambda: {"slug": cell.slug, "pk": opportunity.pk, "step_pk": o.step.pk},
        "dialogues:pdsa_detail": lambda: {"slug": cell.slug, "pk": o.pdsa.pk},
        "dialogues:pdsa_edit": lambda: {"slug": cell.slug, "pk": o.pdsa.pk},
        "dialogues:dialogue_opportunity_hand": lambda: {"pk": o.dialogue.pk, "opportunity_pk": opportunity.pk},
        "dialogues:initiative_edit": lambda: {"pk": o.initiative.pk},
        "workplan:goal_edit": lambda: {"uuid": o.review.objective.goal.uuid},
        "workplan:objective_create": lambda: {"uuid": o.review.objective.goal.uuid},
        "workplan:activity_edit": lambda: {
            "uuid": o.review.objective.uuid,
            "pk": o.review.objective.activities.first().pk,
        },
        "workplan:plan_document": lambda: {"year": o.evaluation.plan.fiscal_year_start.year, "fmt": "pdf"},
        "workplan:evaluation_document": lambda: {"year": o.evaluation.plan.fiscal_year_start.year, "fmt": "pdf"},
        "council:published_detail": lambda: {"public_id": o.published.public_id},
        "council:action_item_update": lambda: {"pk": o.action_item.pk},
        "council:member_end_term": lambda: {"pk": o.member.pk},
        "council:rating_objective": lambda: {"pk": o.rating.pk},
        "accounts:invitation": lambda: _invitation(o.data.users["family"]),
    }
    for name in ("opportunity_propose", "survey", "cell_detail", "cell_edit", "cell_process_document", "member_add"):
        table[f"dialogues:{name}"] = lambda: {"slug": cell.slug}
    for name in ("meeting_create", "opportunity_create", "pdsa_create", "cell_indicators"):
        table[f"dialogues:{name}"] = lambda: {"slug": cell.slug}
    for name in ("opportunity_detail", "opportunity_edit", "opportunity_review", "action_step_create"):
        table[f"dialogues:{name}"] = lambda: {"slug": cell.slug, "pk": opportunity.pk}
    table["dialogues:outcome_standard_create"] = lambda: {"slug": cell.slug, "pk": opportunity.pk}
    for name in ("detail", "edit", "signup", "signups_csv", "opportunity_create"):
        table[f"dialogues:dialogue_{name}"] = lambda: {"pk": o.dialogue.pk}
    for name in (
        "detail",
        "escalate",
        "take",
        "resolve",
        "draft_take_up",
        "draft_dismiss",
        "to_opportunity",
        "to_pdsa",
    ):
        table[f"dialogues:problem_{name}"] = lambda: {"pk": o.problem.pk}
    for name, kwargs in _project_kwargs(o).items():
        table[f"projects:{name}"] = kwargs
    for name in ("plan_detail", "plan_edit", "plan_approve", "goal_create"):
        table[f"workplan:{name}"] = lambda: {"year": o.review.objective.goal.plan.fiscal_year_start.year}
    for name in ("evaluation_detail", "evaluation_start", "evaluation_summary", "evaluation_approve"):
        table[f"workplan:{name}"] = lambda: {"year": o.evaluation.plan.fiscal_year_start.year}
    for name in ("objective_detail", "objective_edit", "figure_add", "activity_create", "review_edit"):
        table[f"workplan:{name}"] = lambda: {"uuid": o.review.objective.uuid}
    for name in ("detail", "edit", "ics"):
        table[f"council:meeting_{name}"] = lambda: {"public_id": meeting.public_id}
    for name in ("agenda_edit", "agenda_build", "matter_add", "attendance", "decision_create", "action_item_create"):
        table[f"council:{name}"] = lambda: {"public_id": meeting.public_id}
    for name in ("minutes_approve", "publish", "send", "workplan_approve"):
        table[f"council:{name}"] = lambda: {"public_id": meeting.public_id}
    for name in ("agenda_item_move", "agenda_item_remove", "minutes_edit"):
        table[f"council:{name}"] = lambda: {"public_id": meeting.public_id, "pk": o.agenda_item.pk}
    return table


def _invitation(user) -> dict:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _first_user_pk() -> int:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.order_by("pk").first().pk


def _admin_urls(name: str) -> tuple[str, ...] | None:
    """The admin's URLs for ``name``, on the first row of its model; None when it is not a model's page."""
    if name == "admin:auth_user_password_change":  # named for auth's User, this project's is accounts.User
        return (reverse(name, args=[_first_user_pk()]),)
    if name == "admin:app_list":
        labels = sorted({model._meta.app_label for model in admin.site._registry})
        return tuple(reverse(name, kwargs={"app_label": label}) for label in labels)
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            if name.endswith(("_changelist", "_add")):
                return (reverse(name),)
            first = model._default_manager.order_by("pk").first()
            if first is None:
                return ()
            args = [quote(first.pk)]
            if name.endswith("_simple_history"):  # one version in the object's history (django-simple-history)
                args.append(first.history.order_by("history_id").first().history_id)
            return (reverse(name, args=args),)
    return None


def crawl_routes(data) -> list[Route]:
    """Every named pattern as a :class:`Route`; a route with a ``problem`` could not be given a URL."""
    objects = Objects(data)
    table = _kwargs(objects)
    routes = []
    for name, pattern in _walk(get_resolver()):
        if name is None:
            continue  # the admin's unnamed catch-all and its old change-page redirect: not pages of their own
        if name in SKIPPED:
            continue
        methods = _methods(pattern.callback)
        kind = ACTION if methods is not None and "GET" not in methods else FILE if name in FILES else PAGE
        is_admin = name.startswith("admin:")
        try:
            urls = _admin_urls(name) if is_admin else None
            if urls is None:
                urls = (reverse(name, kwargs=table[name]() if name in table else {}),)
        except Exception as error:  # each pattern's problem is reported; the crawl goes on
            routes.append(Route(name, kind, is_admin, problem=f"no URL: {type(error).__name__} {error}"))
            continue
        if not urls:
            routes.append(Route(name, kind, is_admin, problem="no row of its model in the crawl's data"))
            continue
        routes.append(Route(name, kind, is_admin, urls))
    return routes
