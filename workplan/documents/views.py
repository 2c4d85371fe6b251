"""Downloads of the plan and its evaluation as PDF or Word. Who may read what is the pages' rule: everyone
gets approved documents with the published figures only; QI staff and directors also get drafts (marked
DRAFT) and every figure."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qic.core.i18n import active_language_code
from workplan import selectors
from workplan.documents.content import Document, evaluation_document_build, plan_document_build
from workplan.documents.docx import document_docx
from workplan.documents.pdf import PAGE_SIZES, document_pdf
from workplan.models import Evaluation, WorkPlan
from workplan.views import VIEW_DRAFTS

FORMATS = ("pdf", "docx")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _language(request) -> str:
    """``?lang=es|en``; without it, the language the page was read in. Anything else is a bad request:
    a link that asks for a language QIC does not have should say so, not hand over another one."""
    requested = request.GET.get("lang")
    if requested is None:
        return active_language_code()
    if requested not in dict(settings.LANGUAGES):
        raise BadRequest(_("There is no such language."))
    return requested


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404(_("There is no such document."))
    return fmt


def _paper(request) -> str:
    """``?paper=letter|a4`` for the PDF; Letter, what a California county prints on, by default."""
    paper = request.GET.get("paper", "letter")
    if paper not in PAGE_SIZES:
        raise BadRequest(_("There is no such paper size."))
    return paper


def _download(document: Document, fmt: str, *, paper: str) -> HttpResponse:
    if fmt == "pdf":
        response = HttpResponse(document_pdf(document, page_size=paper), content_type="application/pdf")
    else:
        response = HttpResponse(document_docx(document), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{fmt}"'
    # No Cache-Control of its own: qic.core.middleware marks every signed-in reader's response (drafts and
    # internal copies are only ever theirs) private and never stored, and leaves the public's cacheable.
    response["Content-Language"] = document.language
    return response


def _plan(request, year: int) -> tuple[WorkPlan, bool]:
    internal = request.user.has_perm(VIEW_DRAFTS)
    try:
        return selectors.plan_get(year=year, internal=internal), internal
    except WorkPlan.DoesNotExist as error:
        raise Http404(_("There is no such work plan.")) from error


@require_GET
def plan_document(request, year: int, fmt: str):
    fmt = _format(fmt)
    plan, internal = _plan(request, year)
    language, paper = _language(request), _paper(request)
    return _download(plan_document_build(plan=plan, public=not internal, language=language), fmt, paper=paper)


@require_GET
def evaluation_document(request, year: int, fmt: str):
    fmt = _format(fmt)
    plan, internal = _plan(request, year)
    language, paper = _language(request), _paper(request)
    try:
        evaluation = selectors.evaluation_get(plan=plan, internal=internal)
    except Evaluation.DoesNotExist as error:
        raise Http404(_("There is no evaluation of this work plan yet.")) from error
    document = evaluation_document_build(evaluation=evaluation, public=not internal, language=language)
    return _download(document, fmt, paper=paper)
