"""manage.py import_data KIND FILE | import_data --dir DIR: load de-identified service data."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from measures.imports.services import IncomingFile, import_files, import_upload_create, import_upload_validate
from measures.models import DataKind, ImportSource, UploadStatus

SHOWN_PROBLEMS = 25


class Command(BaseCommand):
    help = (
        "Validate and load de-identified CSV files. A file with any bad row is rejected whole and nothing is "
        "written. With --dir, every <kind>.csv in the folder is loaded as one upload."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", choices=DataKind.values, help="Kind of file.")
        parser.add_argument("file", nargs="?", type=Path, help="The CSV file.")
        parser.add_argument(
            "--dir", type=Path, help="A folder holding clients.csv, requests.csv, ... to load together."
        )
        parser.add_argument("--user", help="Username to record as the loader.")
        parser.add_argument("--method", choices=["copy", "batched"], help="Force a write method (default: best).")
        parser.add_argument("--check-only", action="store_true", help="Validate and report; write nothing.")

    def handle(self, *args, **options):
        paths = self._paths(options)
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        if options["check_only"]:
            handles = [path.open("rb") for _kind, path in paths]
            try:
                upload = import_upload_create(
                    files=[
                        IncomingFile(name=path.name, stream=handle, kind=kind)
                        for (kind, path), handle in zip(paths, handles, strict=True)
                    ],
                    user=user,
                    source=ImportSource.COMMAND,
                )
            finally:
                for handle in handles:
                    handle.close()
            upload = import_upload_validate(upload_id=upload.pk)
        else:
            upload = import_files(paths=paths, user=user, method=options["method"])
        self._print(upload)
        if upload.status in {UploadStatus.REJECTED, UploadStatus.FAILED}:
            raise CommandError(upload.message)

    def _paths(self, options) -> list[tuple[str | None, Path]]:
        if options["dir"]:
            if options["kind"] or options["file"]:
                raise CommandError("Give either KIND FILE or --dir, not both.")
            folder = options["dir"]
            paths = [(kind, folder / f"{kind}.csv") for kind in DataKind.values if (folder / f"{kind}.csv").is_file()]
            if not paths:
                raise CommandError(f"No files named after a kind (clients.csv, requests.csv, ...) in {folder}.")
            return paths
        if not options["kind"] or not options["file"]:
            raise CommandError("Give KIND FILE, or --dir DIR.")
        if not options["file"].is_file():
            raise CommandError(f"{options['file']} is not a file.")
        return [(options["kind"], options["file"])]

    def _print(self, upload) -> None:
        for batch in upload.batches.order_by("pk"):
            line = f"{batch.file_name}: {batch.get_kind_display() or '?'}, {batch.rows_total} rows read"
            if batch.rows_written:
                line += f", {batch.rows_written} written"
            self.stdout.write(f"{line} [{batch.get_status_display()}]")
            for note in batch.notes:
                self.stdout.write(f"  note: {note}")
        for problem in upload.errors[:SHOWN_PROBLEMS]:
            where = f"row {problem['row']}" if problem["row"] else "file"
            column = f", column {problem['column']}" if problem["column"] else ""
            value = f" ({problem['value']!r})" if problem["value"] else ""
            self.stderr.write(f"  {problem['file']} {where}{column}{value}: {problem['reason']}")
        if upload.error_count > SHOWN_PROBLEMS:
            self.stderr.write(f"  ... and {upload.error_count - SHOWN_PROBLEMS} more problem(s).")
        style = self.style.SUCCESS if upload.status in {UploadStatus.LOADED, UploadStatus.VALID} else self.style.WARNING
        self.stdout.write(style(f"Import {upload.pk}: {upload.get_status_display()}. {upload.message}"))
