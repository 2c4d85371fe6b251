from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from measures import dashboards
from measures import selectors as registry_selectors
from measures.forms import ChartNoteForm, ImportUploadForm, MeasureSettingsForm, WithdrawForm
from measures.imports import selectors
from measures.imports.services import (
    ImportRefused,
    import_batch_withdraw,
    import_progress,
    import_upload_discard,
)
from measures.models import BatchStatus, ImportBatch, ImportSource, ImportUpload, Measure, TripleAim, UploadStatus
from measures.services import chart_note_add, measure_settings_update
from measures.tasks import import_upload_queue_load, import_upload_submit, recompute_measures
from qic.core.exports import csv_response
from qic.core.permissions import permission_required
from qic.core.shared_pages import shared_page

IMPORTS_PER_PAGE = 25
PERIOD_CHOICES = [
    ("month", gettext_lazy("Latest month")),
    ("quarter", gettext_lazy("Latest quarter")),
    ("fiscal_year", gettext_lazy("Latest fiscal year")),
]
STEP_LABELS = {
    "reading": gettext_lazy("reading the service data"),
    "timeliness": gettext_lazy("timeliness and waits"),
    "appointments": gettext_lazy("no-shows"),
    "hospital": gettext_lazy("follow-up after hospital stays"),
    "services": gettext_lazy("penetration and dollars spent"),
    "protecting": gettext_lazy("protecting small counts across every table"),
    "comparing": gettext_lazy("comparing groups"),
    "writing": gettext_lazy("saving the results"),
}


def _upload_or_404(upload_id: int) -> ImportUpload:
    try:
        return selectors.import_upload_get(upload_id=upload_id)
    except ImportUpload.DoesNotExist as error:
        raise Http404(_("No such import.")) from error


@require_GET
@permission_required("measures.view_importupload")
def import_list(request):
    page = Paginator(selectors.import_upload_list(), IMPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "measures/import_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@permission_required("measures.add_importupload")
def import_new(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = import_upload_submit(
            files=form.cleaned_data["files"],
            kind=form.cleaned_data.get("kind"),
            user=request.user,
            source=ImportSource.WEB,
        )
        return redirect(upload)
    return render(request, "measures/import_new.html", {"form": form})


@require_GET
@permission_required("measures.view_importupload")
def import_detail(request, upload_id):
    upload = _upload_or_404(upload_id)
    return render(
        request,
        "measures/import_detail.html",
        {
            "upload": upload,
            "previews": selectors.import_batch_previews(upload=upload),
            "progress": import_progress(upload.pk),
            "can_load": upload.status == UploadStatus.VALID and request.user.has_perm("measures.add_importupload"),
            "can_withdraw": request.user.has_perm("measures.withdraw_importbatch"),
        },
    )


@require_GET
@permission_required("measures.view_importupload")
def import_progress_json(request, upload_id):
    upload = get_object_or_404(ImportUpload, pk=upload_id)
    progress = import_progress(upload.pk)
    return JsonResponse(
        {
            "status": upload.status,
            "status_label": upload.get_status_display(),
            "running": upload.is_running,
            "percent": 100 if not upload.is_running else progress.get("percent", 0),
            "rows_validated": progress.get("rows_validated", 0),
            "rows_written": progress.get("rows_written", 0),
            "text": _("%(checked)s rows checked, %(written)s rows written.")
            % {"checked": progress.get("rows_validated", 0), "written": progress.get("rows_written", 0)},
        }
    )


@require_POST
@permission_required("measures.add_importupload")
def import_load_view(request, upload_id):
    upload = get_object_or_404(ImportUpload, pk=upload_id)
    if upload.status != UploadStatus.VALID:
        messages.error(
            request,
            _("This import cannot be loaded now: it is “%(status)s”.") % {"status": upload.get_status_display()},
        )
        return redirect(upload)
    import_upload_queue_load(upload=upload)
    messages.info(request, _("Loading has started. The page shows its progress."))
    return redirect(upload)


@require_POST
@permission_required("measures.add_importupload")
def import_discard_view(request, upload_id):
    upload = get_object_or_404(ImportUpload, pk=upload_id)
    try:
        import_upload_discard(upload=upload, user=request.user)
    except ImportRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The upload was discarded; nothing was written."))
    return redirect(upload)


@require_http_methods(["GET", "POST"])
@permission_required("measures.withdraw_importbatch")
def batch_withdraw(request, batch_id):
    batch = get_object_or_404(ImportBatch.objects.select_related("upload"), pk=batch_id)
    if batch.status != BatchStatus.LOADED:
        messages.error(request, _("Only a loaded file can be withdrawn."))
        return redirect(batch.upload)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            import_batch_withdraw(batch=batch, user=request.user, reason=form.cleaned_data["reason"])
        except ImportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("%(file)s was withdrawn and its rows removed.") % {"file": batch.file_name})
            return redirect(batch.upload)
    rows = batch.rows_written
    return render(request, "measures/batch_withdraw.html", {"batch": batch, "form": form, "rows": rows})


@require_GET
@permission_required("measures.view_importupload")
def import_guide(request):
    return render(request, "measures/import_guide.html", {"guide": selectors.import_format_guide()})


@require_GET
def measure_list(request):
    # Anything but one of the three objectives shows them all.
    chosen = request.GET.get("aim", "")
    if chosen not in TripleAim.values:
        chosen = ""
    return render(
        request,
        "measures/measure_list.html",
        {
            "groups": registry_selectors.measure_list_by_triple_aim(triple_aim=chosen or None),
            "aims": TripleAim.choices,
            "chosen_aim": chosen,
        },
    )


def _measure_or_404(code: str) -> Measure:
    try:
        return registry_selectors.measure_get(code=code)
    except Measure.DoesNotExist as error:
        raise Http404(_("No such measure.")) from error


@require_GET
def measure_detail(request, code):
    measure = _measure_or_404(code)
    # Unsuppressed figures are for county staff; everyone else sees small cells hidden.
    internal = request.user.has_perm("measures.view_measure")
    period_type = request.GET.get("period", "quarter")
    if period_type not in registry_selectors.PERIOD_TYPES:
        period_type = "quarter"
    monthly = registry_selectors.measure_monthly_trend(measure=measure, internal=internal)
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "target_history": registry_selectors.measure_target_history(measure=measure),
            "period_type": period_type,
            "results": registry_selectors.measure_results_latest(measure=measure, period_type=period_type),
            "monthly": monthly,
            # Is the gap closing? Staff read every month, the public the months it may see (as on the dashboards).
            "gap_trends": registry_selectors.measure_gap_trends(measure=measure, public=not internal),
            "raise_problem_url": _raise_problem_url(request, measure, monthly),
            "note_form": ChartNoteForm() if request.user.has_perm("measures.change_measure_target") else None,
            "internal": internal,
            "period_choices": PERIOD_CHOICES,
        },
    )


def _raise_problem_url(request, measure: Measure, monthly: dict) -> str | None:
    """For those who may raise problems: a link that raises the chart's latest signal (or the measure)."""
    if not request.user.has_perm("dialogues.add_problem"):
        return None
    query = {"measure": measure.code}
    signals = [point["period"] for point in monthly["points"] if point["outside"]]
    if signals:
        query["month"] = signals[-1].strftime("%Y-%m")
    return f"{reverse('dialogues:problem_create')}?{urlencode(query)}"


@require_http_methods(["GET", "POST"])
@permission_required("measures.change_measure_target")
def measure_edit(request, code):
    measure = _measure_or_404(code)
    initial = {
        "target": measure.target,
        "spc_rules": measure.spc_rules,
        "baseline_months": measure.baseline_months,
        "written_by": measure.written_by,
        "checked_by": measure.checked_by,
        "next_review": measure.next_review,
    }
    form = MeasureSettingsForm(
        request.POST or None,
        initial=initial,
        measure=measure,
        group_choices=registry_selectors.stratum_group_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure_settings_update(measure=measure, changed_by=request.user, **form.settings())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(measure)s saved. New reference groups and chart rules apply from the next recompute.")
                % {"measure": measure.display_name},
            )
            return redirect(measure)
    return render(request, "measures/measure_form.html", {"form": form, "measure": measure})


@require_GET
@permission_required("measures.view_measurecomputation")
def computation_list(request):
    computations = registry_selectors.computation_list()
    # Running by a fresh heartbeat, not by status alone: a run whose worker died gives the button back.
    running = any(computation.is_running for computation in computations)
    return render(
        request,
        "measures/computation_list.html",
        {
            "computations": computations,
            "latest_good": registry_selectors.computation_latest_good(),
            "running": running,
            "queued_after": request.GET.get("queued_after", ""),
            "next": _safe_next(request),
            "can_run": request.user.has_perm("measures.run_measurecomputation"),
        },
    )


def _safe_next(request, data=None) -> str:
    """The ``next`` page to return to, when it is on this site (never an open redirect)."""
    back = (request.GET if data is None else data).get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        return back
    return ""


@require_POST
@permission_required("measures.run_measurecomputation")
def computation_run(request):
    latest = registry_selectors.computation_list(limit=1)
    recompute_measures.delay_on_commit(trigger="manual")
    messages.info(request, _("The recompute has been queued. This page shows its progress."))
    after = latest[0].pk if latest else 0
    query = {"queued_after": after}
    back = _safe_next(request, request.POST)
    if back:
        query["next"] = back
    return redirect(f"{reverse('measures:computation_list')}?{urlencode(query)}")


@require_GET
@permission_required("measures.view_measurecomputation")
def computation_status_json(request):
    latest = registry_selectors.computation_list(limit=1)
    if not latest:
        return JsonResponse({"id": 0, "running": False, "percent": 0, "text": _("No recompute has run yet.")})
    computation = latest[0]
    step = STEP_LABELS.get(computation.step, "")
    return JsonResponse(
        {
            "id": computation.pk,
            "status": computation.status,
            "status_label": computation.status_label,
            "running": computation.is_running,
            "percent": computation.progress,
            "text": _("%(status)s: %(step)s") % {"status": computation.status_label, "step": step}
            if step
            else computation.status_label,
        }
    )


def _internal(request) -> bool:
    """County staff see every figure (with a banner); visitors and consumers see suppressed ones."""
    return request.user.has_perm("measures.view_measure")


@require_GET
def wait_time_dashboard(request):
    state = dashboards.dashboard_state()
    filters, populations = dashboards.dashboard_filters(request.GET, state)
    internal = _internal(request)

    def context():
        computation = dashboards.state_computation(state)
        return {
            "computation": computation,
            "fragment_key": computation and dashboards.fragment_key("wait-times", computation, not internal, filters),
            # Built only when the cached body is missing (the template's {% cache %} block reads it).
            "board": SimpleLazyObject(
                lambda: dashboards.wait_time_dashboard(filters=filters, public=not internal, computation=computation)
            ),
            "filters": filters,
            "populations": populations,
            "internal": internal,
            "period_choices": PERIOD_CHOICES,
            "can_recompute": request.user.has_perm("measures.run_measurecomputation"),
        }

    key = dashboards.page_key("wait-times", state, filters)
    return shared_page(request, "measures/dashboard_wait_times.html", context, key=key)


@require_GET
def wait_time_dashboard_csv(request, code):
    filters, _populations = dashboards.dashboard_filters(request.GET)
    internal = _internal(request)
    board = dashboards.wait_time_dashboard(filters=filters, public=not internal)
    panel = next((panel for panel in board["panels"] if panel.measure.code == code), None)
    if panel is None:
        raise Http404(_("No such chart."))
    population = f"-{filters.stratum}-{filters.group}" if filters.stratum != "all" else ""
    return csv_response(
        filename=f"qic-{code}{population}-{'internal' if internal else 'public'}.csv",
        rows=dashboards.panel_csv_rows(panel, public=not internal),
    )


EQUITY_STRATUM_CHOICES = [
    ("race_ethnicity", gettext_lazy("Race/ethnicity")),
    ("age_group", gettext_lazy("Age group")),
    ("gender", gettext_lazy("Gender")),
    ("language", gettext_lazy("Primary language")),
    ("threshold_language", gettext_lazy("Speaks a threshold language")),
    ("limited_english", gettext_lazy("Limited English proficiency")),
    ("region", gettext_lazy("Region")),
]


@require_GET
def equity_dashboard(request):
    state = dashboards.dashboard_state()
    filters = dashboards.equity_filters(request.GET, state)
    internal = _internal(request)

    def context():
        computation = dashboards.state_computation(state)
        return {
            "computation": computation,
            "fragment_key": computation and dashboards.equity_fragment_key(computation, not internal, filters),
            "board": SimpleLazyObject(
                lambda: dashboards.equity_dashboard(filters=filters, public=not internal, computation=computation)
            ),
            "measure_choices": dashboards.equity_measure_choices(),
            "filters": filters,
            "populations": dashboards.population_choices(dashboards.cached_group_labels(state)),
            "population_ready": computation is not None and dashboards.population_ready(computation),
            "internal": internal,
            "period_choices": PERIOD_CHOICES,
            # A population is not broken down by its own dimension (age groups within one age group).
            "stratum_choices": [choice for choice in EQUITY_STRATUM_CHOICES if choice[0] in filters.strata],
            "can_recompute": request.user.has_perm("measures.run_measurecomputation"),
        }

    key = dashboards.page_key("equity", state, filters)
    return shared_page(request, "measures/dashboard_equity.html", context, key=key)


@require_GET
def equity_dashboard_csv(request):
    filters = dashboards.equity_filters(request.GET)
    internal = _internal(request)
    board = dashboards.equity_dashboard(filters=filters, public=not internal)
    if board["computation"] is None:
        raise Http404(_("Nothing has been computed yet."))
    if board.get("population_missing"):
        raise Http404(_("The breakdown by age group and program is not computed yet."))
    population = f"-{filters.population_stratum}-{filters.population_group}" if filters.population else ""
    return csv_response(
        filename=f"qic-equity{population}-{filters.stratum}-{filters.period_type}-"
        f"{'internal' if internal else 'public'}.csv",
        rows=dashboards.equity_csv_rows(board, public=not internal),
    )


@require_POST
@permission_required("measures.change_measure_target")
def measure_note_add(request, code):
    measure = _measure_or_404(code)
    form = ChartNoteForm(request.POST)
    if form.is_valid():
        try:
            chart_note_add(measure=measure, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The note is on the chart."))
            return redirect(f"{measure.get_absolute_url()}#trend-heading")
    return render(request, "measures/chart_note_form.html", {"form": form, "measure": measure}, status=400)
