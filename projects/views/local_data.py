"""A local measure's page: its run and control charts, its data points, and typing in or pasting more.

Whoever may see the project sees the page; QI staff and the project's team enter, correct and delete
data points (``WORK``, :mod:`projects.views._access`). A paste is shown as a preview, row by row, before
anything is saved, and is saved whole or not at all.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.local_data_forms import DataPointEditForm, DataPointForm, PasteForm
from projects.models import LocalDataPoint, LocalMeasure
from projects.selectors.local_charts import local_measure_charts
from projects.services import local_data as services
from projects.views._access import SEE, WORK, project_view
from projects.views._forms import confirm_page


def _measure(project, pk) -> LocalMeasure:
    return get_object_or_404(LocalMeasure, project=project, pk=pk)


def _page(request, project, measure, *, add_form=None, paste_form=None, preview=None, status=200):
    can_work = WORK in request.project_access
    if can_work:
        add_form = add_form or DataPointForm(measure=measure)
        paste_form = paste_form or PasteForm(measure=measure)
    return render(
        request,
        "projects/local_measure.html",
        {
            "project": project,
            "measure": measure,
            "charts": local_measure_charts(measure=measure),
            "points": measure.data_points.select_related("entered_by").order_by("-period_start"),
            "can_work": can_work,
            "add_form": add_form,
            "paste_form": paste_form,
            "preview": preview,
        },
        status=status,
    )


@project_view(SEE)
@require_GET
def local_measure_detail(request, project, pk):
    return _page(request, project, _measure(project, pk))


@project_view(WORK)
@require_POST
def data_point_add(request, project, pk):
    measure = _measure(project, pk)
    form = DataPointForm(request.POST, measure=measure)
    if form.is_valid():
        try:
            point = services.data_point_add(measure=measure, by=request.user, **form.entry())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Saved the figure for %(day)s.") % {"day": date_format(point.period_start, "DATE_FORMAT")}
            )
            return redirect("projects:local_measure", project.public_id, measure.pk)
    return _page(request, project, measure, add_form=form, status=400)


@project_view(WORK)
@require_POST
def data_paste(request, project, pk):
    """``action=preview`` shows each row and what is wrong with it; ``action=save`` saves every row or,
    when one is wrong, none (and shows the preview again)."""
    measure = _measure(project, pk)
    form = PasteForm(request.POST, measure=measure)
    if not form.is_valid():
        return _page(request, project, measure, paste_form=form, status=400)
    text, replace = form.cleaned_data["text"], form.cleaned_data["replace"]
    rows = services.data_rows_parse(text=text, measure=measure)
    if request.POST.get("action") == "save":
        try:
            saved = services.data_rows_save(measure=measure, rows=rows, replace=replace, by=request.user)
        except services.BadRows:
            pass  # each row shows its own errors in the preview
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext("Saved %(count)d data point.", "Saved %(count)d data points.", len(saved))
                % {"count": len(saved)},
            )
            return redirect("projects:local_measure", project.public_id, measure.pk)
    else:
        services.data_rows_check(measure=measure, rows=rows, replace=replace)
    bad = sum(1 for row in rows if not row.ok)
    preview = {
        "rows": rows,
        "bad": bad,
        "replacing": sum(1 for row in rows if row.replaces is not None),
        "replace": replace,
        "can_save": bool(rows) and not bad,
    }
    return _page(request, project, measure, paste_form=form, preview=preview, status=400 if bad or not rows else 200)


def _point(measure, point_pk) -> LocalDataPoint:
    return get_object_or_404(LocalDataPoint, measure=measure, pk=point_pk)


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def data_point_edit(request, project, pk, point_pk):
    measure = _measure(project, pk)
    point = _point(measure, point_pk)
    initial = {"numerator": point.numerator, "denominator": point.denominator}
    form = DataPointEditForm(request.POST or None, initial=initial, measure=measure)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.data_point_update(
                    point=point,
                    numerator=form.cleaned_data["numerator"],
                    denominator=form.cleaned_data.get("denominator"),
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Figure corrected."))
                return redirect("projects:local_measure", project.public_id, measure.pk)
        status = 400
    heading = _("Correct the figure for %(day)s") % {"day": date_format(point.period_start, "DATE_FORMAT")}
    return render(
        request,
        "projects/local_point_form.html",
        {"form": form, "project": project, "measure": measure, "heading": heading},
        status=status,
    )


@project_view(WORK)
@require_http_methods(["GET", "POST"])
def data_point_delete(request, project, pk, point_pk):
    measure = _measure(project, pk)
    point = _point(measure, point_pk)
    response = confirm_page(
        request,
        project=project,
        heading=_("Delete a figure"),
        question=_("Delete the figure for %(day)s (%(figure)s) of “%(name)s”?")
        % {
            "day": date_format(point.period_start, "DATE_FORMAT"),
            "figure": services.point_figure(point),
            "name": measure.display_name,
        },
        delete=lambda: services.data_point_delete(point=point, by=request.user),
        done=_("Figure deleted."),
    )
    if response.status_code == 302:
        return redirect("projects:local_measure", project.public_id, measure.pk)
    return response
