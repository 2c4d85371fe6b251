"""Small, readable import files for the tests, and a way to run an import from them."""

import io

from measures.imports.services import IncomingFile, import_upload_create, import_upload_load, import_upload_validate
from measures.models import (
    AccessRequest,
    Appointment,
    Client,
    CountyHoliday,
    Hospitalization,
    ImportSource,
    MonthlyEligibles,
    Service,
)

CLIENTS_HEADER = "client_key,birth_year,gender,hispanic_latino,race,primary_language,region"
CLIENTS = [
    "C1,1980,female,true,white,spanish,north",
    "C2,2010,male,false,asian_pacific_islander,vietnamese,",
    "C3,1955,female,false,african_american,english,south",
]
REQUESTS_HEADER = (
    "request_id,client_key,request_datetime,urgency,prior_auth_required,service_line,"
    "first_offered_datetime,first_rendered_date,program,closure_reason,delay_reason"
)
REQUESTS = [
    "R1,C1,2025-03-07 10:00,routine,false,non_psychiatry,2025-03-14 09:00,2025-03-14,adult_north,,",
    "R2,C2,2025-03-09 03:30,urgent,false,psychiatry,2025-03-10 09:00,,children_youth,,",
    "R3,C3,2025-03-10 09:00,routine,no,psychiatry,,,older_adults,no_contact,",
]
APPOINTMENTS_HEADER = "appointment_id,client_key,date,service_line,status,program,delivery_mode"
APPOINTMENTS = [
    "A1,C1,2025-03-14,non_psychiatry,kept,adult_north,in_person",
    "A2,C1,2025-03-21,non_psychiatry,no_show,adult_north,video",
]
HOSPITALIZATIONS_HEADER = "stay_id,client_key,admit_date,discharge_date,facility_type"
HOSPITALIZATIONS = ["H1,C3,2025-04-01,2025-04-08,acute_psychiatric_hospital", "H2,C3,2025-05-01,,crisis_residential"]
SERVICES_HEADER = "service_id,client_key,date,mental_health_provider,modality,program,approved_amount"
SERVICES = [
    "S1,C1,2025-03-14,true,assessment,adult_north,245.50",
    "S2,C3,2025-04-10,true,case_management,older_adults,90",
]
ELIGIBLES_HEADER = "month,age_group,gender,race_ethnicity,primary_language,eligibles"
ELIGIBLES = ["2025-03,21_64,female,latino_hispanic,spanish,1200", "2025-03,6_17,male,white,english,800"]
HOLIDAYS_HEADER = "date,description"
HOLIDAYS = ["2025-01-01,New Year's Day", "2025-03-31,Cesar Chavez Day"]

GOOD = {
    "clients": (CLIENTS_HEADER, CLIENTS),
    "requests": (REQUESTS_HEADER, REQUESTS),
    "appointments": (APPOINTMENTS_HEADER, APPOINTMENTS),
    "hospitalizations": (HOSPITALIZATIONS_HEADER, HOSPITALIZATIONS),
    "services": (SERVICES_HEADER, SERVICES),
    "eligibles": (ELIGIBLES_HEADER, ELIGIBLES),
    "holidays": (HOLIDAYS_HEADER, HOLIDAYS),
}
DATA_MODELS = (Client, AccessRequest, Appointment, Hospitalization, Service, MonthlyEligibles, CountyHoliday)


def csv_bytes(header: str, rows: list[str], *, line_end: str = "\n") -> bytes:
    return line_end.join([header, *rows, ""]).encode("utf-8")


def incoming(name: str, content: bytes, kind: str | None = None) -> IncomingFile:
    return IncomingFile(name=name, stream=io.BytesIO(content), kind=kind)


def good_file(kind: str) -> IncomingFile:
    header, rows = GOOD[kind]
    return incoming(f"{kind}.csv", csv_bytes(header, rows), kind)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in DATA_MODELS}


def run_import(*files: IncomingFile, user=None, method: str | None = None, commit: bool = True):
    upload = import_upload_create(files=list(files), user=user, source=ImportSource.COMMAND)
    if commit:
        return import_upload_load(upload_id=upload.pk, method=method)
    return import_upload_validate(upload_id=upload.pk)
