"""The weekly huddle board (QI staff and directors)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from council.selectors.huddle import huddle_board
from qic.core.permissions import permission_required


@permission_required("council.view_actionitem", "dialogues.view_problem")
@require_GET
def huddle(request):
    return render(request, "council/huddle.html", {"board": huddle_board()})
