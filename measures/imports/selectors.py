"""Reading import records for the pages."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from measures.models import Code, CodeList, ImportBatch, ImportUpload

from .formats import LOAD_ORDER, SPECS
from .reading import peek_rows

PREVIEW_ROWS = 10
FORMAT_HELP = {
    "key": _("An id of up to 64 letters, digits, _ - . or :"),
    "client_key": _("The county's pseudonymous client key; never a name, SSN, telephone or record number"),
    "date": _("A date: YYYY-MM-DD"),
    "datetime": _("Date and time in county time, YYYY-MM-DD HH:MM (24-hour); an offset such as -08:00 may be added"),
    "month": _("A month: YYYY-MM"),
    "bool": _("true or false (yes/no, 1/0)"),
    "count": _("A whole number, 0 or more"),
    "amount": _("Dollars with a decimal point, e.g. 245.50"),
    "birth_year": _("Four-digit year"),
    "text": _("Text, up to 100 characters"),
    "code": _("One of the codes listed"),
}


def import_upload_list() -> QuerySet[ImportUpload]:
    return ImportUpload.objects.select_related("created_by").prefetch_related(
        Prefetch("batches", queryset=ImportBatch.objects.order_by("pk"))
    )


def import_upload_get(*, upload_id: int) -> ImportUpload:
    return import_upload_list().get(pk=upload_id)


def import_batch_previews(*, upload: ImportUpload) -> list[dict]:
    """The header and first rows of each file still stored (files are deleted once settled)."""
    previews = []
    for batch in upload.batches.all():
        if not batch.file:
            continue
        with batch.file.open("rb") as stream:
            header, rows = peek_rows(stream, limit=PREVIEW_ROWS)
        previews.append({"batch": batch, "header": header, "rows": rows})
    return previews


def import_format_guide() -> list[dict]:
    """Each kind of file with its columns and, for coded columns, the codes accepted today."""
    codes: dict[str, list[Code]] = {}
    for code in Code.objects.active().order_by("code_list", "order", "code"):
        codes.setdefault(code.code_list, []).append(code)
    guide = []
    for kind in LOAD_ORDER:
        spec = SPECS[kind]
        guide.append(
            {
                "kind": kind,
                "columns": [
                    {
                        "column": column,
                        "format": FORMAT_HELP[column.parse],
                        "code_list": CodeList(column.code_list).label if column.code_list else "",
                        "codes": [
                            code
                            for code in codes.get(column.code_list, [])
                            if not (kind == "eligibles" and column.code_list == CodeList.RACE and code.reporting_group)
                        ],
                    }
                    for column in spec.columns
                ],
                "example": ",".join(spec.column_names),
            }
        )
    return guide
