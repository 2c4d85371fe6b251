"""A project's report to download, as PDF or Word, in English or Spanish (``?lang=es``), for whoever may see
the project (QI staff, directors, the team): a PIP's in the external quality reviewer's outline, any other
project's along the Model for Improvement (``projects.documents.content``)."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from projects.documents.content import project_report_build
from projects.documents.docx import report_docx
from projects.documents.pdf import report_pdf
from projects.views._access import SEE, project_view
from workplan.documents.views import DOCX, _language, _paper

FORMATS = ("pdf", "docx")


@project_view(SEE)
@require_GET
def project_report(request, project, fmt: str):
    if fmt not in FORMATS:
        raise Http404(_("There is no such document."))
    language, paper = _language(request), _paper(request)
    report = project_report_build(project=project, language=language)
    if fmt == "pdf":
        response = HttpResponse(report_pdf(report, page_size=paper), content_type="application/pdf")
    else:
        response = HttpResponse(report_docx(report), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.{fmt}"'
    response["Content-Language"] = report.language
    return response
