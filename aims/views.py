from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aims import selectors, services
from aims.forms import MatrixGridFilterForm, MatrixItemCreateForm, MatrixItemEditForm, MatrixSearchForm
from aims.models import Aim, Level, MatrixItem
from qic.core.exports import csv_response
from qic.core.permissions import permission_required


def _get_or_404(getter, **lookup):
    try:
        return getter(**lookup)
    except (Aim.DoesNotExist, Level.DoesNotExist, MatrixItem.DoesNotExist) as error:
        raise Http404(_("No such page in the framework.")) from error


@require_GET
def framework_grid(request):
    form = MatrixGridFilterForm(request.GET or None)
    kind = level_slug = ""
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"]
        level_slug = form.cleaned_data["level"].slug if form.cleaned_data["level"] else ""
    grid = selectors.framework_grid(kind=kind or None, level_slug=level_slug or None)
    return render(request, "aims/grid.html", {"grid": grid, "form": form, "filtered": bool(kind or level_slug)})


@require_GET
def aim_detail(request, slug):
    aim = _get_or_404(selectors.aim_get, slug=slug)
    return render(
        request,
        "aims/aim_detail.html",
        {"aim": aim, "sections": selectors.aim_sections(aim=aim), "aims": Aim.objects.all()},
    )


@require_GET
def level_detail(request, slug):
    level = _get_or_404(selectors.level_get, slug=slug)
    return render(
        request,
        "aims/level_detail.html",
        {"level": level, "sections": selectors.level_sections(level=level), "levels": Level.objects.all()},
    )


@require_GET
def item_detail(request, code):
    item = _get_or_404(selectors.matrix_item_get, code=code)
    can_see_history = request.user.has_perm("aims.view_matrixitem")
    previous, following = selectors.matrix_item_siblings(item=item)
    return render(
        request,
        "aims/item_detail.html",
        {
            "item": item,
            "children": selectors.matrix_item_children(item=item),
            "tagged": selectors.matrix_item_tagged_objects(item=item),
            "history": selectors.matrix_item_history(item=item) if can_see_history else None,
            "previous": previous,
            "following": following,
        },
    )


@permission_required("aims.change_matrixitem")
@require_http_methods(["GET", "POST"])
def item_edit(request, code):
    item = _get_or_404(selectors.matrix_item_get, code=code)
    form = MatrixItemEditForm(request.POST or None, initial={"text": item.text, "text_es": item.text_es})
    if request.method == "POST" and form.is_valid():
        try:
            services.matrix_item_update(item=item, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Item %(code)s saved.") % {"code": item.code})
            return redirect(item)
    return render(request, "aims/item_form.html", {"form": form, "item": item})


@permission_required("aims.add_matrixitem")
@require_http_methods(["GET", "POST"])
def item_create(request):
    form = MatrixItemCreateForm(request.POST or None, initial=request.GET.dict() if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.matrix_item_create(changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Item %(code)s added.") % {"code": item.code})
            return redirect(item)
    return render(request, "aims/item_form.html", {"form": form, "item": None})


@require_GET
def search(request):
    form = MatrixSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        results = selectors.matrix_items_search(
            query=data["q"],
            kind=data["kind"],
            aim_slug=data["aim"].slug if data["aim"] else "",
            level_slug=data["level"].slug if data["level"] else "",
        )
    return render(request, "aims/search.html", {"form": form, "results": results})


@require_GET
def berwick(request):
    return render(request, "aims/berwick.html", {"berwick_levels": selectors.berwick_levels()})


@require_GET
def rules(request):
    return render(
        request,
        "aims/rules.html",
        {"definitions": selectors.framework_definitions(), "rules": selectors.redesign_rules()},
    )


@require_GET
def export_csv(request):
    return csv_response(filename="qic-framework-matrix.csv", rows=selectors.matrix_export_rows())
