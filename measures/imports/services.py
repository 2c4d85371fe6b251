"""Importing de-identified service data: the one path every way in (command, page, admin) uses.

An upload is one or more files. ``import_upload_create`` stores them and spots files loaded
before; ``import_upload_validate`` checks everything without writing; ``import_upload_load``
checks again (the database may have changed since) and writes every file in one transaction, or
nothing. Each step moves the upload's status with a conditional update, so running a step twice
(a retried job, a double click) does the work once.
"""

import hashlib
import logging
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.core.cache import cache
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from measures.models import BatchStatus, Client, DataKind, ImportBatch, ImportSource, ImportUpload, UploadStatus
from measures.signals import service_data_changed

from .formats import LOAD_ORDER, SPECS, kind_label
from .reading import FileProblem, not_utf8_problem, open_import_file
from .report import Report
from .validation import CodeBook, FileValidator, Parsers
from .writers import Writer, writer_for

logger = logging.getLogger(__name__)

PROGRESS_TIMEOUT = 60 * 60


class ImportRefused(Exception):
    """An action that is not allowed in the upload's or file's current state."""


@dataclass(frozen=True)
class IncomingFile:
    """A file to import: a readable binary stream and the name the user gave it."""

    name: str
    stream: BinaryIO
    kind: str | None = None


def _checksum(stream: BinaryIO) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


def _detect_kind(stream: BinaryIO, expected: str | None) -> str:
    try:
        opened = open_import_file(stream, expected_kind=expected)
    except FileProblem:
        kind = expected or ""
    else:
        kind = opened.kind
        opened.release()
    stream.seek(0)
    return kind


def import_upload_create(*, files: Sequence[IncomingFile], user=None, source: str = ImportSource.WEB) -> ImportUpload:
    """Store the files and record the upload; a file already loaded is marked, not loaded again."""
    if not files:
        raise ImportRefused(_("Choose at least one file."))
    with transaction.atomic():
        upload = ImportUpload.objects.create(created_by=user, source=source)
        seen_in_upload: dict[tuple[str, str], ImportBatch] = {}
        for incoming in files:
            sha256, size = _checksum(incoming.stream)
            kind = _detect_kind(incoming.stream, incoming.kind)
            batch = ImportBatch(
                upload=upload, kind=kind, file_name=Path(incoming.name).name[:255], size_bytes=size, sha256=sha256
            )
            earlier = (
                ImportBatch.objects.filter(kind=kind, sha256=sha256, status=BatchStatus.LOADED).first()
                if kind
                else None
            ) or seen_in_upload.get((kind, sha256))
            if earlier:
                batch.status = BatchStatus.DUPLICATE
                batch.duplicate_of = earlier if earlier.pk else None
                batch.save()
                continue
            batch.file.save(f"{sha256[:16]}.csv", File(incoming.stream), save=False)
            batch.save()
            if kind:
                seen_in_upload[(kind, sha256)] = batch
        if not upload.batches.exclude(status=BatchStatus.DUPLICATE).exists():
            upload.status = UploadStatus.UNCHANGED
            upload.message = _("Every file in this upload was loaded before; nothing changed.")
            upload.finished_at = timezone.now()
            upload.save(update_fields=["status", "message", "finished_at"])
    return upload


def _claim(upload_id: int, *, from_statuses: set[str], to_status: str) -> ImportUpload | None:
    claimed = ImportUpload.objects.filter(pk=upload_id, status__in=from_statuses).update(
        status=to_status, started_at=timezone.now()
    )
    return ImportUpload.objects.get(pk=upload_id) if claimed else None


def import_upload_validate(*, upload_id: int) -> ImportUpload:
    """Check every file without writing; the upload ends ``valid`` or ``rejected``."""
    upload = _claim(upload_id, from_statuses={UploadStatus.UPLOADED}, to_status=UploadStatus.VALIDATING)
    if upload is None:
        return ImportUpload.objects.get(pk=upload_id)
    return _run(upload, commit=False)


def import_upload_load(*, upload_id: int, method: str | None = None) -> ImportUpload:
    """Check again and write every file in one transaction; the upload ends ``loaded`` or ``rejected``."""
    upload = _claim(
        upload_id, from_statuses={UploadStatus.UPLOADED, UploadStatus.VALID}, to_status=UploadStatus.WRITING
    )
    if upload is None:
        return ImportUpload.objects.get(pk=upload_id)
    return _run(upload, commit=True, method=method)


def import_upload_discard(*, upload: ImportUpload, user=None) -> ImportUpload:
    if (
        ImportUpload.objects.filter(pk=upload.pk, status=UploadStatus.VALID).update(
            status=UploadStatus.DISCARDED, finished_at=timezone.now()
        )
        == 0
    ):
        raise ImportRefused(_("Only an upload that is checked and waiting to be loaded can be discarded."))
    for batch in upload.batches.filter(status=BatchStatus.PENDING):
        _forget_file(batch)
        batch.status = BatchStatus.DISCARDED
        batch.save(update_fields=["status", "file"])
    upload.refresh_from_db()
    return upload


def import_files(
    *,
    paths: Sequence[tuple[str | None, Path]],
    user=None,
    source: str = ImportSource.COMMAND,
    method: str | None = None,
) -> ImportUpload:
    """Create and load an upload from files on disk in one call (the command and the demo use this)."""
    handles = [path.open("rb") for _kind, path in paths]
    try:
        upload = import_upload_create(
            files=[
                IncomingFile(name=path.name, stream=handle, kind=kind)
                for (kind, path), handle in zip(paths, handles, strict=True)
            ],
            user=user,
            source=source,
        )
    finally:
        for handle in handles:
            handle.close()
    if upload.status == UploadStatus.UNCHANGED:
        return upload
    return import_upload_load(upload_id=upload.pk, method=method)


# Progress lives in the cache, not the database: the write happens inside one transaction, which
# other connections cannot see into until it commits.
def progress_key(upload_id: int) -> str:
    return f"qic:import-progress:{upload_id}"


def import_progress(upload_id: int) -> dict:
    return cache.get(progress_key(upload_id)) or {}


class Progress:
    def __init__(self, upload: ImportUpload, total_bytes: int):
        self.key = progress_key(upload.pk)
        self.total_bytes = max(total_bytes, 1)
        self.state = {"stage": upload.status, "rows_validated": 0, "rows_written": 0, "percent": 0}
        self.done_bytes = 0
        self.rows_before = 0
        self.last_saved = 0.0
        self.publish(force=True)

    def publish(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last_saved > 0.5:
            cache.set(self.key, dict(self.state), PROGRESS_TIMEOUT)
            self.last_saved = now

    def validated(self, stream: BinaryIO) -> Callable[[int], None]:
        def update(rows: int) -> None:
            self.state["rows_validated"] = self.rows_before + rows
            self.state["percent"] = min(99, int(100 * (self.done_bytes + stream.tell()) / self.total_bytes))
            self.publish()

        return update

    def file_validated(self, size: int, rows: int) -> None:
        self.done_bytes += size
        self.rows_before += rows

    def writing(self, rows_to_write: int) -> Callable[[int], None]:
        base = self.state["rows_written"]
        self.state.update(stage=UploadStatus.WRITING, percent=0)

        def update(rows: int) -> None:
            self.state["rows_written"] = base + rows
            self.state["percent"] = min(99, int(100 * self.state["rows_written"] / max(rows_to_write, 1)))
            self.publish()

        return update

    def finish(self, status: str) -> None:
        self.state.update(stage=status, percent=100)
        self.publish(force=True)


def _forget_file(batch: ImportBatch) -> None:
    """Stored copies are kept only until the upload is settled: QIC keeps rows, not files."""
    if batch.file:
        batch.file.delete(save=False)
    batch.file = ""


def _ordered_batches(upload: ImportUpload) -> list[ImportBatch]:
    order = {kind: index for index, kind in enumerate(LOAD_ORDER)}
    batches = list(upload.batches.filter(status=BatchStatus.PENDING))
    return sorted(batches, key=lambda batch: (order.get(batch.kind, -1), batch.pk))


def _run(upload: ImportUpload, *, commit: bool, method: str | None = None) -> ImportUpload:
    language = getattr(upload.created_by, "preferred_language", None) or "en"
    batches = _ordered_batches(upload)
    progress = Progress(upload, sum(batch.size_bytes for batch in batches))
    report = Report()
    writer = writer_for(method)
    try:
        with translation.override(language):
            _validate(batches, writer, report, progress)
            if report:
                return _reject(upload, batches, report, progress)
            if not commit:
                return _settle(upload, batches, UploadStatus.VALID, progress, keep_files=True)
            try:
                with transaction.atomic():
                    total = sum(batch.rows_total for batch in batches)
                    update = progress.writing(total)
                    written = 0
                    for batch in batches:
                        batch.rows_written = writer.write(
                            SPECS[batch.kind], batch, lambda rows, before=written: update(before + rows)
                        )
                        written += batch.rows_written
                        batch.status = BatchStatus.LOADED
                        batch.loaded_at = timezone.now()
                        batch.save(update_fields=["rows_written", "status", "loaded_at"])
                    upload.rows_written = written
                    settled = _settle(upload, batches, UploadStatus.LOADED, progress, keep_files=False)
                    kinds = {batch.kind for batch in batches}
                    transaction.on_commit(lambda: service_data_changed.send(sender=ImportUpload, kinds=kinds))
                return settled
            except IntegrityError:
                # Another upload loaded the same rows between our check and our write.
                logger.warning("Import %s collided with a concurrent import", upload.pk, exc_info=True)
                report.add(
                    file="",
                    row=None,
                    reason=_("Some of these rows were loaded by another import at the same moment; check again."),
                )
                return _reject(upload, _ordered_batches(upload), report, progress)
    except Exception as error:
        logger.exception("Import %s failed", upload.pk)
        upload.status = UploadStatus.FAILED
        upload.message = _("The import stopped because of an unexpected error (%(error)s). Nothing was written.") % {
            "error": type(error).__name__
        }
        upload.finished_at = timezone.now()
        upload.save(update_fields=["status", "message", "finished_at"])
        progress.finish(UploadStatus.FAILED)
        return upload
    finally:
        writer.close()


def _validate(batches: list[ImportBatch], writer: Writer, report: Report, progress: Progress) -> None:
    parsers = Parsers(CodeBook.load())
    for batch in batches:
        if not batch.file:
            report.add(file=batch.file_name, row=None, reason=_("The stored copy of this file is missing."))
            continue
        with batch.file.open("rb") as field_file:
            stream = field_file.file  # the file itself: Django's proxy costs a call per line
            try:
                opened = open_import_file(stream, expected_kind=batch.kind or None)
            except FileProblem as problem:
                report.add(file=batch.file_name, row=problem.row, column=problem.column, reason=problem.reason)
                continue
            batch.kind = opened.kind
            batch.notes = opened.notes
            spec = SPECS[opened.kind]
            spool = tempfile.TemporaryFile(mode="w+", newline="", encoding="utf-8")  # noqa: SIM115 (writer closes it)
            validator = FileValidator(
                spec=spec, header=opened.header, parsers=parsers, report=report, file_label=batch.file_name
            )
            try:
                outcome = validator.validate(opened.rows, spool, progress=progress.validated(stream))
            except UnicodeDecodeError:
                spool.close()
                opened.release()
                problem = not_utf8_problem(stream)
                report.add(file=batch.file_name, row=problem.row, column=problem.column, reason=problem.reason)
                continue
            opened.release()
            batch.rows_total = outcome.rows_read
            progress.file_validated(batch.size_bytes, outcome.rows_read)
            if outcome.rows_read == 0:
                spool.close()
                report.add(file=batch.file_name, row=None, reason=_("The file has column names but no rows."))
                continue
            writer.stage(spec, spool, batch.file_name)
    writer.check(report)


def _reject(upload: ImportUpload, batches: list[ImportBatch], report: Report, progress: Progress) -> ImportUpload:
    upload.errors = report.as_json()
    upload.error_count = report.count
    upload.message = ngettext(
        "Nothing was loaded: %(count)s problem was found. Correct the file and upload it again.",
        "Nothing was loaded: %(count)s problems were found. Correct the files and upload them again.",
        report.count,
    ) % {"count": report.count}
    return _settle(
        upload, batches, UploadStatus.REJECTED, progress, keep_files=False, batch_status=BatchStatus.REJECTED
    )


def _settle(
    upload: ImportUpload,
    batches: list[ImportBatch],
    status: str,
    progress: Progress,
    *,
    keep_files: bool,
    batch_status: str | None = None,
) -> ImportUpload:
    for batch in batches:
        if not keep_files:
            _forget_file(batch)
        if batch_status:
            batch.status = batch_status
        batch.save(update_fields=["kind", "notes", "rows_total", "file", "status"])
    upload.rows_total = sum(batch.rows_total for batch in batches)
    upload.status = status
    if status == UploadStatus.VALID:
        upload.message = _("Every row passed the checks. Load the files to add them to QIC.")
    elif status == UploadStatus.LOADED:
        upload.message = ngettext("%(rows)s row was loaded.", "%(rows)s rows were loaded.", upload.rows_written) % {
            "rows": upload.rows_written
        }
    upload.finished_at = timezone.now() if status != UploadStatus.VALID else None
    upload.save()
    progress.finish(status)
    return upload


def batch_dependents(batch: ImportBatch) -> list[ImportBatch]:
    """Loaded files whose rows refer to clients of this clients file."""
    if batch.kind != DataKind.CLIENTS:
        return []
    clients = Client.objects.filter(batch=batch)
    dependent_ids = set()
    for spec in SPECS.values():
        if spec.refers_to_clients:
            dependent_ids.update(
                spec.model.objects.filter(client__in=clients).exclude(batch=batch).values_list("batch_id", flat=True)
            )
    return list(ImportBatch.objects.filter(pk__in=dependent_ids).order_by("pk"))


def import_batch_withdraw(*, batch: ImportBatch, user, reason: str) -> ImportBatch:
    """Remove a loaded file's rows; the record stays, marked withdrawn, with who and why."""
    if not reason.strip():
        raise ImportRefused(_("Say why the file is withdrawn."))
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != BatchStatus.LOADED:
            raise ImportRefused(_("Only a loaded file can be withdrawn."))
        dependents = batch_dependents(batch)
        if dependents:
            raise ImportRefused(
                _("Other loaded files refer to these clients; withdraw them first: %(files)s.")
                % {"files": ", ".join(f"{d.file_name} ({kind_label(d.kind).lower()})" for d in dependents)}
            )
        SPECS[batch.kind].model.objects.filter(batch=batch).delete()
        batch.status = BatchStatus.WITHDRAWN
        batch.withdrawn_at = timezone.now()
        batch.withdrawn_by = user
        batch.withdrawal_reason = reason.strip()
        batch.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        kinds = {batch.kind}
        transaction.on_commit(lambda: service_data_changed.send(sender=ImportBatch, kinds=kinds))
    return batch
