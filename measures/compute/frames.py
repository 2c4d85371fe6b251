"""Service data into pandas frames and results back, through ``COPY`` on PostgreSQL.

A recompute reads millions of rows and writes tens of thousands. Through the ORM that is a
Python tuple or a model instance per row; on PostgreSQL ``COPY ... TO STDOUT`` parsed by
``read_csv``, and ``COPY ... FROM STDIN``, do the same work in a fraction of the time and memory.
Other databases (SQLite in development and tests) go through the ORM, with frames of the same
columns and types.
"""

import csv
import io
import json
import os
import threading

import pandas as pd
from django.db import connection, models


def read_frame(queryset, fields: dict[str, str]) -> pd.DataFrame:
    """``queryset.values_list(*fields)`` as a frame with a column per field, named by ``fields``' values.

    Dates and times become datetime64 columns (times in UTC), booleans bool, numbers int or float
    (float when a value is missing), decimals float, codes categorical and identifiers strings. On
    PostgreSQL the rows come through ``COPY ... TO STDOUT`` and ``read_csv``, which takes a fraction
    of the time and memory of a Python tuple per row; elsewhere through the ORM.
    """
    kinds = {column: _kind(queryset.model, path) for path, column in fields.items()}
    values = queryset.values_list(*fields)
    if connection.vendor != "postgresql":
        return _typed(_fetched(values, kinds), kinds)
    nullable = any(field.null for path in fields for field in _path(queryset.model, path))
    return _typed(_copied(values, kinds, nullable=nullable), kinds)


def _fetched(values, kinds: dict[str, str]) -> pd.DataFrame:
    """The rows of a ``values_list`` query through the ORM, a tuple at a time."""
    return pd.DataFrame.from_records(values.iterator(chunk_size=20000), columns=list(kinds))


def _copied(values, kinds: dict[str, str], *, nullable: bool = True) -> pd.DataFrame:
    """The rows of a ``values_list`` query through ``COPY (query) TO STDOUT`` (psycopg2) and ``read_csv``.

    A thread receives the rows and writes them into a pipe while ``read_csv`` parses them, so the
    database produces rows while Python parses them (both release the GIL while they wait).
    """
    sql, params = values.query.sql_with_params()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        copy = f"COPY ({raw.mogrify(sql, params).decode()}) TO STDOUT WITH (FORMAT csv, NULL '\\N')"
        read_end, write_end = os.pipe()
        failures: list[BaseException] = []

        def receive():
            try:
                with open(write_end, "wb", buffering=1 << 20) as sink:
                    raw.copy_expert(copy, sink)
            except BaseException as error:  # re-raised in the caller's thread
                failures.append(error)

        receiver = threading.Thread(target=receive, name="qic-recompute-copy", daemon=True)
        receiver.start()
        try:
            with open(read_end, "rb", buffering=1 << 20) as source:
                frame = pd.read_csv(
                    source,
                    header=None,
                    names=list(kinds),
                    dtype={
                        column: "category" if kind in {"text", "date"} else "int64"
                        for column, kind in kinds.items()
                        if kind in {"text", "date"} or (kind == "int" and not nullable)
                    },
                    keep_default_na=False,
                    na_values=["\\N"],
                    # Looking for \N in every field costs a third of the parsing; skip it when no field can be null.
                    na_filter=nullable,
                    true_values=["t"],
                    false_values=["f"],
                )
        except pd.errors.EmptyDataError:
            frame = pd.DataFrame({column: [] for column in kinds})
        except BaseException:
            # Closing the pipe stopped the COPY half way; the connection cannot be used again.
            receiver.join()
            if not connection.in_atomic_block:
                connection.close()
            raise
        receiver.join()
    if failures:
        with connection.wrap_database_errors:  # as Django's own cursor would raise them
            raise failures[0]
    return frame


def _path(model, path: str) -> list:
    """The model fields a ``values_list`` path goes through, the last one its value's."""
    fields = []
    for name in path.split("__"):
        fields.append(model._meta.get_field(name))
        model = fields[-1].related_model or model
    return fields


def _kind(model, path: str) -> str:
    """How a ``values_list`` path's values are typed in a frame, from its model field."""
    field = _path(model, path)[-1]
    if isinstance(field, models.DateTimeField):
        return "datetime"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.BooleanField):
        return "bool"
    if isinstance(field, models.DecimalField | models.FloatField):
        return "float"
    if isinstance(field, models.IntegerField | models.AutoField | models.ForeignKey):
        return "int"
    # Codes repeat and are stored as categories; identifiers (a stay's id) stay strings.
    return "identifier" if field.unique else "text"


def _typed(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    for column, kind in kinds.items():
        frame[column] = _typed_column(frame[column], kind)
    return frame


def _typed_column(column: pd.Series, kind: str) -> pd.Series:
    # One resolution whichever way the rows came (pandas infers it from what it parses).
    if kind == "datetime":
        return pd.to_datetime(column, utc=True, format="ISO8601").dt.as_unit("us")
    if kind == "date":
        if isinstance(column.dtype, pd.CategoricalDtype):
            # A few hundred distinct days: parse each once.
            days = pd.to_datetime(column.cat.categories, format="ISO8601")
            column = pd.Series(days.take(column.cat.codes, allow_fill=True), index=column.index)
        return pd.to_datetime(column).dt.as_unit("s")
    if kind == "bool":
        return column.astype(bool)
    if kind in {"int", "float"}:
        return pd.to_numeric(column).astype(float) if kind == "float" else pd.to_numeric(column)
    return column.astype("category") if kind == "text" else column.astype(str)


def copy_in(model, rows: list[dict]) -> None:
    """Insert ``rows`` (field attnames to values) into ``model``'s table with one ``COPY`` (psycopg2).

    The rows ``bulk_create`` would insert, fields left out taking their defaults. Tens of
    thousands of rows take a fraction of a second this way; ``bulk_create`` builds a model
    instance and a parameter list per row.
    """
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    spool = io.StringIO()
    writer = csv.writer(spool, lineterminator="\n")
    for row in rows:
        writer.writerow([_copy_value(field, row.get(field.attname, field.get_default())) for field in fields])
    spool.seek(0)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", spool)


def _copy_value(field, value) -> str:
    if value is None:
        return "\\N"
    if isinstance(field, models.JSONField):
        return json.dumps(value, cls=field.encoder)
    if isinstance(field, models.BooleanField):
        return "t" if value else "f"
    if isinstance(field, models.FloatField):
        return repr(float(value))
    if isinstance(field, models.DateField):
        return value.isoformat()
    return str(value)
