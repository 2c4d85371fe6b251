from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from measures import selectors as registry_selectors
from measures.forms import ImportUploadForm, WithdrawForm
from measures.imports import selectors
from measures.imports.services import (
    ImportRefused,
    import_batch_withdraw,
    import_progress,
    import_upload_discard,
)
from measures.models import BatchStatus, ImportBatch, ImportSource, ImportUpload, Measure, UploadStatus
from measures.tasks import import_upload_queue_load, import_upload_submit
from qic.core.permissions import permission_required

IMPORTS_PER_PAGE = 25


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
    return render(request, "measures/measure_list.html", {"measures": registry_selectors.measure_list()})


@require_GET
def measure_detail(request, code):
    try:
        measure = registry_selectors.measure_get(code=code)
    except Measure.DoesNotExist as error:
        raise Http404(_("No such measure.")) from error
    period_type = request.GET.get("period", "quarter")
    if period_type not in registry_selectors.PERIOD_TYPES:
        period_type = "quarter"
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "target_history": registry_selectors.measure_target_history(measure=measure),
            "period_type": period_type,
            "results": registry_selectors.measure_results_latest(measure=measure, period_type=period_type),
            # Unsuppressed figures are for county staff; everyone else sees small cells hidden.
            "internal": request.user.has_perm("measures.view_measure"),
            "period_choices": [
                ("month", _("Latest month")),
                ("quarter", _("Latest quarter")),
                ("fiscal_year", _("Latest fiscal year")),
            ],
        },
    )
