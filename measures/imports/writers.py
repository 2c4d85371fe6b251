"""Checking normalised rows against the database and writing them: two interchangeable strategies.

``CopyWriter`` (PostgreSQL) streams the spool file into a temporary staging table with ``COPY``,
finds unknown clients and already-stored ids with set-based joins, and inserts with one
``INSERT ... SELECT`` per file. ``BatchedWriter`` works on any database (SQLite in the demo) with
chunked look-ups and ``bulk_create``. Both report the same problems in the same words.
"""

import csv
from collections.abc import Callable, Iterator
from typing import IO

from django.db import connection
from django.utils.translation import gettext as _

from measures.models import Client, ImportBatch

from .formats import FileSpec
from .report import Report
from .validation import to_python

CHUNK = 1000
ProgressCallback = Callable[[int], None]


def unknown_client_reason() -> str:
    return _("is not a known client: no client with this key is stored or in this upload's clients file")


def stored_before_reason(file_name: str) -> str:
    return _("was already loaded (from %(file)s)") % {"file": file_name}


class Writer:
    def __init__(self):
        self.spools: dict[str, tuple[FileSpec, IO[str], str]] = {}

    def stage(self, spec: FileSpec, spool: IO[str], file_label: str) -> None:
        self.spools[spec.kind] = (spec, spool, file_label)

    def check(self, report: Report) -> None:
        raise NotImplementedError

    def write(self, spec: FileSpec, batch: ImportBatch, progress: ProgressCallback) -> int:
        raise NotImplementedError

    def close(self) -> None:
        for _spec, spool, _label in self.spools.values():
            spool.close()
        self.spools.clear()


def _field_column(spec: FileSpec, name: str) -> str:
    return spec.model._meta.get_field(name).column


class CopyWriter(Writer):
    def __init__(self):
        super().__init__()
        self.cursor = connection.cursor()

    @staticmethod
    def table(kind: str) -> str:
        return f"qic_stage_{kind}"

    def stage(self, spec: FileSpec, spool: IO[str], file_label: str) -> None:
        super().stage(spec, spool, file_label)
        table = self.table(spec.kind)
        columns = ", ".join(f"{name} {db_type}" for name, db_type in spec.stage_columns)
        text_columns = ", ".join(name for name, db_type in spec.stage_columns if db_type == "text")
        self.cursor.execute(f"DROP TABLE IF EXISTS {table}")
        self.cursor.execute(f"CREATE TEMP TABLE {table} (row_no integer NOT NULL, {columns})")
        options = "FORMAT csv" + (f", FORCE_NOT_NULL ({text_columns})" if text_columns else "")
        spool.seek(0)
        self.cursor.copy_expert(f"COPY {table} FROM STDIN WITH ({options})", spool)
        self.cursor.execute(f"ANALYZE {table}")

    def _report_rows(self, report: Report, sql: str, label: str, column: str, reason: Callable[[tuple], str]) -> None:
        self.cursor.execute(f"{sql} ORDER BY s.row_no LIMIT %s", [report.limit + 1])
        rows = self.cursor.fetchall()
        for row in rows[: report.limit]:
            report.add(file=label, row=row[0], column=column, value=str(row[1]), reason=reason(row))
        if len(rows) > report.limit:
            self.cursor.execute(f"SELECT count(*) FROM ({sql}) AS extra")
            report.count += self.cursor.fetchone()[0] - report.limit

    def check(self, report: Report) -> None:
        for spec, _spool, label in self.spools.values():
            table = self.table(spec.kind)
            if spec.refers_to_clients:
                in_upload = (
                    f" AND NOT EXISTS (SELECT 1 FROM {self.table('clients')} u WHERE u.client_key = s.client_key)"
                    if "clients" in self.spools
                    else ""
                )
                sql = (
                    f"SELECT s.row_no, s.client_key FROM {table} s WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {Client._meta.db_table} c WHERE c.client_key = s.client_key){in_upload}"
                )
                self._report_rows(report, sql, label, "client_key", lambda row: unknown_client_reason())
            target = spec.model._meta.db_table
            join = " AND ".join(f"t.{_field_column(spec, name)} = s.{name}" for name in spec.unique)
            shown = " || ' ' || ".join(f"s.{name}::text" for name in spec.unique)
            sql = (
                f"SELECT s.row_no, {shown}, b.file_name FROM {table} s "
                f"JOIN {target} t ON {join} JOIN {ImportBatch._meta.db_table} b ON b.id = t.batch_id"
            )
            self._report_rows(report, sql, label, ", ".join(spec.unique), lambda row: stored_before_reason(row[2]))

    def write(self, spec: FileSpec, batch: ImportBatch, progress: ProgressCallback) -> int:
        table = self.table(spec.kind)
        targets = ["batch_id"]
        sources = ["%s"]
        joins = ""
        for name, _db_type in spec.stage_columns:
            if name == "client_key" and spec.refers_to_clients:
                targets.append("client_id")
                sources.append("c.id")
                joins = f" JOIN {Client._meta.db_table} c ON c.client_key = s.client_key"
            else:
                targets.append(_field_column(spec, name))
                sources.append(f"s.{name}")
        self.cursor.execute(
            f"INSERT INTO {spec.model._meta.db_table} ({', '.join(targets)}) "
            f"SELECT {', '.join(sources)} FROM {table} s{joins} ORDER BY s.row_no",
            [batch.pk],
        )
        written = self.cursor.rowcount
        progress(written)
        return written

    def close(self) -> None:
        for spec, _spool, _label in self.spools.values():
            self.cursor.execute(f"DROP TABLE IF EXISTS {self.table(spec.kind)}")
        super().close()
        self.cursor.close()


class BatchedWriter(Writer):
    """Chunked queries and ``bulk_create``; the portable path and the benchmark's fair comparison."""

    def __init__(self):
        super().__init__()
        self.upload_client_keys: set[str] = set()

    def stage(self, spec: FileSpec, spool: IO[str], file_label: str) -> None:
        super().stage(spec, spool, file_label)
        if spec.kind == "clients":
            key_at = 1 + [name for name, _type in spec.stage_columns].index("client_key")
            self.upload_client_keys = {row[key_at] for row in self._rows(spool)}

    @staticmethod
    def _rows(spool: IO[str]) -> Iterator[list[str]]:
        spool.seek(0)
        return csv.reader(spool)

    def _chunks(self, spool: IO[str]) -> Iterator[list[list[str]]]:
        chunk: list[list[str]] = []
        for row in self._rows(spool):
            chunk.append(row)
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def check(self, report: Report) -> None:
        for spec, spool, label in self.spools.values():
            names = [name for name, _type in spec.stage_columns]
            unique_at = [1 + names.index(name) for name in spec.unique]
            unique_fields = list(spec.unique)
            client_at = 1 + names.index("client_key") if spec.refers_to_clients else None
            types = dict(spec.stage_columns)
            for chunk in self._chunks(spool):
                if client_at is not None:
                    keys = {row[client_at] for row in chunk} - self.upload_client_keys
                    known = set(Client.objects.filter(client_key__in=keys).values_list("client_key", flat=True))
                    for row in chunk:
                        key = row[client_at]
                        if key not in known and key not in self.upload_client_keys:
                            report.add(
                                file=label,
                                row=int(row[0]),
                                column="client_key",
                                value=key,
                                reason=unknown_client_reason(),
                            )
                first = unique_fields[0]
                candidates = {to_python(types[first], row[unique_at[0]]) for row in chunk}
                stored = {
                    tuple(found[:-1]): found[-1]
                    for found in spec.model.objects.filter(**{f"{first}__in": candidates}).values_list(
                        *unique_fields, "batch__file_name"
                    )
                }
                for row in chunk:
                    key = tuple(
                        to_python(types[name], row[at]) for name, at in zip(unique_fields, unique_at, strict=True)
                    )
                    if key in stored:
                        report.add(
                            file=label,
                            row=int(row[0]),
                            column=", ".join(unique_fields),
                            value=" ".join(row[at] for at in unique_at),
                            reason=stored_before_reason(stored[key]),
                        )

    def write(self, spec: FileSpec, batch: ImportBatch, progress: ProgressCallback) -> int:
        _spec, spool, _label = self.spools[spec.kind]
        columns = list(spec.stage_columns)
        written = 0
        for chunk in self._chunks(spool):
            client_ids = {}
            if spec.refers_to_clients:
                key_at = 1 + [name for name, _type in columns].index("client_key")
                client_ids = dict(
                    Client.objects.filter(client_key__in={row[key_at] for row in chunk}).values_list("client_key", "id")
                )
            objects = []
            for row in chunk:
                fields = {"batch_id": batch.pk}
                for (name, db_type), text in zip(columns, row[1:], strict=True):
                    if name == "client_key" and spec.refers_to_clients:
                        fields["client_id"] = client_ids[text]
                    else:
                        fields[name] = to_python(db_type, text)
                objects.append(spec.model(**fields))
            spec.model.objects.bulk_create(objects, batch_size=CHUNK)
            written += len(objects)
            progress(written)
        return written


def writer_for(method: str | None = None) -> Writer:
    """``copy`` on PostgreSQL unless told otherwise; ``batched`` everywhere else."""
    method = method or ("copy" if connection.vendor == "postgresql" else "batched")
    if method == "copy":
        if connection.vendor != "postgresql":
            raise ValueError("The COPY import needs PostgreSQL.")
        return CopyWriter()
    return BatchedWriter()
