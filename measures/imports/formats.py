"""What each import file looks like: its columns, how each cell is read, and its row rules.

The headers follow PRODUCT.md section 4. Column order in a file does not matter; column names are
matched without regard to case or surrounding spaces. A column that is not listed here is refused,
because an unexpected column is how names, addresses or notes slip into a de-identified extract.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures.models import (
    AccessRequest,
    Appointment,
    Client,
    CodeList,
    CountyHoliday,
    DataKind,
    Hospitalization,
    MonthlyEligibles,
    Service,
)


@dataclass(frozen=True)
class Column:
    """A column of a file and of its staging table.

    ``parse`` names a parser made by ``validation.Parsers``; ``db_type`` is the PostgreSQL type of
    the staging column. ``required`` means the column must be in the header; ``blank`` whether a
    cell may be empty.
    """

    name: str
    parse: str
    db_type: str = "text"
    required: bool = True
    blank: bool = False
    code_list: str = ""


@dataclass(frozen=True)
class Derived:
    """A stored column computed from the file's columns (e.g. the race/ethnicity group)."""

    name: str
    db_type: str = "text"


@dataclass(frozen=True)
class FileSpec:
    kind: str
    model: type
    columns: tuple[Column, ...]
    unique: tuple[str, ...]
    derived: tuple[Derived, ...] = ()
    refers_to_clients: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_names(self) -> frozenset[str]:
        return frozenset(column.name for column in self.columns if column.required)

    @property
    def stage_columns(self) -> tuple[tuple[str, str], ...]:
        """(name, type) of the normalised row, in order: the file's columns, then derived ones."""
        return tuple((c.name, c.db_type) for c in self.columns) + tuple((d.name, d.db_type) for d in self.derived)


def _code(name: str, code_list: str, *, blank: bool = False, required: bool = True) -> Column:
    return Column(name, "code", code_list=code_list, blank=blank, required=required)


SPECS: dict[str, FileSpec] = {
    DataKind.HOLIDAYS: FileSpec(
        kind=DataKind.HOLIDAYS,
        model=CountyHoliday,
        columns=(Column("date", "date", "date"), Column("description", "text")),
        unique=("date",),
    ),
    DataKind.ELIGIBLES: FileSpec(
        kind=DataKind.ELIGIBLES,
        model=MonthlyEligibles,
        columns=(
            Column("month", "month", "date"),
            _code("age_group", CodeList.AGE_GROUP),
            _code("gender", CodeList.GENDER),
            _code("race_ethnicity", CodeList.RACE),
            _code("primary_language", CodeList.LANGUAGE),
            Column("eligibles", "count", "integer"),
        ),
        unique=("month", "age_group", "gender", "race_ethnicity", "primary_language"),
    ),
    DataKind.CLIENTS: FileSpec(
        kind=DataKind.CLIENTS,
        model=Client,
        columns=(
            Column("client_key", "client_key"),
            Column("birth_year", "birth_year", "integer", required=False, blank=True),
            _code("age_group", CodeList.AGE_GROUP, blank=True, required=False),
            _code("gender", CodeList.GENDER),
            Column("hispanic_latino", "bool", "boolean"),
            _code("race", CodeList.RACE),
            _code("primary_language", CodeList.LANGUAGE),
            Column("threshold_language", "bool", "boolean", required=False, blank=True),
            Column("limited_english", "bool", "boolean", required=False, blank=True),
            _code("region", CodeList.REGION, blank=True, required=False),
        ),
        unique=("client_key",),
        # threshold_language and limited_english are filled in from the code lists when left out.
        derived=(Derived("race_ethnicity"),),
    ),
    DataKind.REQUESTS: FileSpec(
        kind=DataKind.REQUESTS,
        model=AccessRequest,
        columns=(
            Column("request_id", "key"),
            Column("client_key", "client_key"),
            Column("request_datetime", "datetime", "timestamptz"),
            _code("urgency", CodeList.URGENCY),
            Column("prior_auth_required", "bool", "boolean"),
            _code("service_line", CodeList.SERVICE_LINE),
            Column("first_offered_datetime", "datetime", "timestamptz", blank=True),
            Column("first_rendered_date", "date", "date", blank=True),
            _code("program", CodeList.PROGRAM),
            _code("closure_reason", CodeList.CLOSURE_REASON, blank=True),
            _code("delay_reason", CodeList.DELAY_REASON, blank=True, required=False),
        ),
        unique=("request_id",),
        derived=(Derived("request_date", "date"),),
        refers_to_clients=True,
    ),
    DataKind.APPOINTMENTS: FileSpec(
        kind=DataKind.APPOINTMENTS,
        model=Appointment,
        columns=(
            Column("appointment_id", "key"),
            Column("client_key", "client_key"),
            Column("date", "date", "date"),
            _code("service_line", CodeList.SERVICE_LINE),
            _code("status", CodeList.APPOINTMENT_STATUS),
            _code("program", CodeList.PROGRAM),
            _code("delivery_mode", CodeList.DELIVERY_MODE),
        ),
        unique=("appointment_id",),
        refers_to_clients=True,
    ),
    DataKind.HOSPITALIZATIONS: FileSpec(
        kind=DataKind.HOSPITALIZATIONS,
        model=Hospitalization,
        columns=(
            Column("stay_id", "key"),
            Column("client_key", "client_key"),
            Column("admit_date", "date", "date"),
            Column("discharge_date", "date", "date", blank=True),
            _code("facility_type", CodeList.FACILITY_TYPE),
        ),
        unique=("stay_id",),
        refers_to_clients=True,
    ),
    DataKind.SERVICES: FileSpec(
        kind=DataKind.SERVICES,
        model=Service,
        columns=(
            Column("service_id", "key"),
            Column("client_key", "client_key"),
            Column("date", "date", "date"),
            Column("mental_health_provider", "bool", "boolean"),
            _code("modality", CodeList.MODALITY),
            _code("program", CodeList.PROGRAM),
            Column("approved_amount", "amount", "numeric(12,2)"),
        ),
        unique=("service_id",),
        refers_to_clients=True,
    ),
}

LOAD_ORDER: tuple[str, ...] = tuple(DataKind.values)

# Column names that suggest direct identifiers (HIPAA Safe Harbor): refused wherever they appear.
IDENTIFYING_COLUMNS: tuple[tuple[re.Pattern, Callable[[], str]], ...] = tuple(
    (re.compile(rf"(^|_)({words})(_|$)"), label)
    for words, label in (
        (r"names?|(first|last|middle|full|given|family|sur|client|patient|member)_?name", gettext_lazy("a name")),
        (r"(street_?)?address|street|city|zip|zip_?code|postal_?code|postcode", gettext_lazy("an address")),
        (r"(tele)?phone|mobile|cell_?phone|fax", gettext_lazy("a telephone number")),
        (r"e_?mail", gettext_lazy("an e-mail address")),
        (r"ssn|social_security(_number)?", gettext_lazy("a Social Security number")),
        (
            r"mrn|medical_record(_number)?|record_(no|num|number)|chart_(no|num|number)|cin|medi_?cal_id|medicaid_id"
            r"|member_id|insurance_id",
            gettext_lazy("a record or member number"),
        ),
        (r"dob|date_of_birth|birth_?date", gettext_lazy("a full date of birth (give birth_year instead)")),
        (r"ip_address|licen[cs]e(_number)?|photo|url", gettext_lazy("an identifier")),
    )
)


def normalise_header_name(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().strip("\ufeff").strip().lower())


def identifying_reason(name: str) -> str | None:
    for pattern, label in IDENTIFYING_COLUMNS:
        if pattern.search(name):
            return str(label)
    return None


def detect_kind(header: list[str]) -> str | None:
    """The kind whose required columns are all present and that explains most of the header."""
    names = set(header)
    candidates = [
        (len(names & set(spec.column_names)), kind) for kind, spec in SPECS.items() if spec.required_names <= names
    ]
    if not candidates:
        return None
    return max(candidates)[1]


def kind_label(kind: str) -> str:
    return str(DataKind(kind).label)


def clients_column_rule_error(header: list[str]) -> str | None:
    if "birth_year" not in header and "age_group" not in header:
        return _("a clients file needs a birth_year or an age_group column")
    return None
