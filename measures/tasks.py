"""Celery jobs for imports. Thin: each calls one service, which is safe to run twice."""

from celery import shared_task

from measures.imports.services import import_upload_load, import_upload_validate


@shared_task(name="measures.import_validate")
def import_validate(upload_id: int) -> str:
    return import_upload_validate(upload_id=upload_id).status


@shared_task(name="measures.import_load")
def import_load(upload_id: int) -> str:
    return import_upload_load(upload_id=upload_id).status
