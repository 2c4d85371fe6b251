"""Every validation rule: a bad file is rejected whole, with row, column and reason, and nothing is written."""

import pytest

from measures.models import Code, CodeList, UploadStatus

from .importing import (
    APPOINTMENTS,
    APPOINTMENTS_HEADER,
    CLIENTS,
    CLIENTS_HEADER,
    ELIGIBLES_HEADER,
    HOSPITALIZATIONS_HEADER,
    REQUESTS,
    REQUESTS_HEADER,
    SERVICES_HEADER,
    csv_bytes,
    good_file,
    incoming,
    row_counts,
    run_import,
)

pytestmark = pytest.mark.django_db


def rejected(upload):
    assert upload.status == UploadStatus.REJECTED, upload.errors
    return [(p["file"], p["row"], p["column"], p["value"], p["reason"]) for p in upload.errors]


def the_only_problem(upload):
    problems = rejected(upload)
    assert len(problems) == 1, problems
    return problems[0]


def with_clients(request_rows: list[str], method_name: str):
    return run_import(
        good_file("clients"), incoming("requests.csv", csv_bytes(REQUESTS_HEADER, request_rows)), method=method_name
    )


# --- the file as a whole -------------------------------------------------------------------------


def test_an_empty_file_is_rejected_as_empty(method):
    upload = run_import(incoming("clients.csv", b"", "clients"), method=method)

    assert the_only_problem(upload)[4] == "The file is empty."
    assert row_counts()["Client"] == 0


def test_a_header_without_rows_is_rejected(method):
    upload = run_import(incoming("clients.csv", csv_bytes(CLIENTS_HEADER, [])), method=method)

    assert the_only_problem(upload)[4] == "The file has column names but no rows."


def test_a_file_not_in_utf8_is_rejected_with_the_line_and_how_to_save_it(method):
    content = csv_bytes(CLIENTS_HEADER, [*CLIENTS, "C4,1970,female,true,white,spanish,north"]).replace(
        b"C4,1970", "CÑ,1970".encode("latin-1")
    )
    upload = run_import(incoming("clients.csv", content), method=method)

    file, row, _column, _value, reason = the_only_problem(upload)
    assert (file, row) == ("clients.csv", 5)
    assert "not in UTF-8" in reason
    assert "CSV UTF-8" in reason
    assert row_counts()["Client"] == 0


def test_a_spreadsheet_saved_with_a_byte_order_mark_loads_and_says_so(method):
    upload = run_import(incoming("clients.csv", b"\xef\xbb\xbf" + csv_bytes(CLIENTS_HEADER, CLIENTS)), method=method)

    assert upload.status == UploadStatus.LOADED
    assert upload.batches.get().notes == ["A byte-order mark (added by Excel) was found and ignored."]
    assert row_counts()["Client"] == 3


def test_a_semicolon_separated_file_with_windows_line_ends_loads_and_says_so(method):
    content = csv_bytes(CLIENTS_HEADER.replace(",", ";"), [row.replace(",", ";") for row in CLIENTS], line_end="\r\n")
    upload = run_import(incoming("clients.csv", content), method=method)

    assert upload.status == UploadStatus.LOADED
    assert "semicolon" in upload.batches.get().notes[0]


def test_decimal_commas_from_a_european_spreadsheet_are_explained(method):
    header = SERVICES_HEADER.replace(",", ";")
    upload = run_import(
        good_file("clients"),
        incoming("services.csv", csv_bytes(header, ["S1;C1;2025-03-14;true;assessment;adult_north;245,50"])),
        method=method,
    )

    assert the_only_problem(upload)[2:] == ("approved_amount", "245,50", "use a point, not a comma, before the cents")


def test_a_file_of_another_kind_is_named(method):
    upload = run_import(incoming("requests.csv", csv_bytes(APPOINTMENTS_HEADER, APPOINTMENTS), "requests"))

    assert the_only_problem(upload)[4] == "This looks like a file of appointments, not access requests."


def test_columns_that_match_no_kind_are_refused(method):
    upload = run_import(incoming("data.csv", csv_bytes("alpha,beta", ["1,2"])), method=method)

    assert "do not match any kind of QIC file" in the_only_problem(upload)[4]


def test_a_missing_required_column_is_named(method):
    header = REQUESTS_HEADER.replace(",urgency", "")
    rows = [row.replace(",routine", "").replace(",urgent", "") for row in REQUESTS]
    upload = run_import(good_file("clients"), incoming("requests.csv", csv_bytes(header, rows), "requests"))

    file, row, column, _value, reason = the_only_problem(upload)
    assert (file, row, column) == ("requests.csv", 1, "urgency")
    assert reason == "A file of access requests needs these columns, which are missing: urgency."
    assert row_counts()["Client"] == 0, "the good clients file of the same upload is not written either"


def test_an_unexpected_column_is_refused_because_it_could_carry_personal_details(method):
    upload = run_import(
        incoming("clients.csv", csv_bytes(CLIENTS_HEADER + ",notes", [row + ",called twice" for row in CLIENTS]))
    )

    assert the_only_problem(upload)[2:] == (
        "notes",
        "",
        "Unexpected columns for a file of clients: notes. Only the listed columns are accepted.",
    )


@pytest.mark.parametrize(
    ("column", "what"),
    [
        ("first_name", "a name"),
        ("Last Name", "a name"),
        ("street_address", "an address"),
        ("zip", "an address"),
        ("phone", "a telephone number"),
        ("email", "an e-mail address"),
        ("ssn", "a Social Security number"),
        ("mrn", "a record or member number"),
        ("cin", "a record or member number"),
        ("date_of_birth", "a full date of birth (give birth_year instead)"),
    ],
)
def test_a_column_that_looks_like_an_identifier_is_refused(column, what):
    upload = run_import(incoming("clients.csv", csv_bytes(f"{CLIENTS_HEADER},{column}", [f"{CLIENTS[0]},x"])))

    _file, row, refused, _value, reason = the_only_problem(upload)
    assert (row, refused) == (1, column)
    assert reason.startswith(f"The column “{column}” looks like {what}. QIC takes de-identified data only")


def test_a_column_named_twice_is_refused():
    upload = run_import(incoming("clients.csv", csv_bytes(CLIENTS_HEADER + ",gender", [CLIENTS[0] + ",male"])))

    assert the_only_problem(upload)[4] == "The column “gender” appears twice."


def test_a_clients_file_needs_a_birth_year_or_an_age_group_column():
    header = CLIENTS_HEADER.replace("birth_year,", "")
    upload = run_import(incoming("clients.csv", csv_bytes(header, ["C1,female,true,white,spanish,north"])))

    assert the_only_problem(upload)[4] == "a clients file needs a birth_year or an age_group column"


# --- one cell at a time --------------------------------------------------------------------------

BAD_REQUEST_CELLS = [
    (
        "R4,C1,2025-03-07 10:00,routine,false,non_psychiatry,,,adult_north,",
        "has 10 values but the header has 11 columns",
    ),
    ("R4,C1,,routine,false,non_psychiatry,,,adult_north,,", "request_datetime|is empty; a value is needed"),
    ("R4,C1,03/07/2025 10:00,routine,false,non_psychiatry,,,adult_north,,", "request_datetime|write date and time as"),
    ("R4,C1,2025-03-07,routine,false,non_psychiatry,,,adult_north,,", "request_datetime|needs a time as well"),
    ("R4,C1,2025-02-30 10:00,routine,false,non_psychiatry,,,adult_north,,", "request_datetime|is not a real date"),
    ("R4,C1,2025-03-09 02:15,urgent,false,psychiatry,,,adult_north,,", "request_datetime|did not happen in America"),
    ("R4,C1,2025-03-07 10:00,soon,false,non_psychiatry,,,adult_north,,", "urgency|is not a code in the urgency list"),
    ("R4,C1,2025-03-07 10:00,routine,maybe,non_psychiatry,,,adult_north,,", "prior_auth_required|write true or false"),
    ("R4,C1,2025-03-07 10:00,routine,false,non_psychiatry,,2025-13-01,adult_north,,", "first_rendered_date|is not a"),
    (
        "R4,C1,2025-03-07 10:00,routine,false,non_psychiatry,,3/14/2025,adult_north,,",
        "first_rendered_date|write dates as YYYY-MM-DD",
    ),
    ("R 4,C1,2025-03-07 10:00,routine,false,non_psychiatry,,,adult_north,,", "request_id|use up to 64 letters"),
    ("R4,123-45-6789,2025-03-07 10:00,routine,false,psychiatry,,,adult_north,,", "client_key|looks like a Social"),
    ("R4,(916) 555-0100,2025-03-07 10:00,routine,false,psychiatry,,,adult_north,,", "client_key|looks like a Social"),
]


@pytest.mark.parametrize(("row", "expected"), BAD_REQUEST_CELLS)
def test_a_bad_cell_is_reported_with_its_row_column_and_reason(row, expected, method):
    before = row_counts()
    upload = with_clients([*REQUESTS, row], method)

    file, row_number, column, _value, reason = the_only_problem(upload)
    assert (file, row_number) == ("requests.csv", 5)
    expected_column, _, expected_reason = expected.rpartition("|")
    assert column == expected_column
    assert reason.startswith(expected_reason), reason
    assert row_counts() == before


def test_codes_are_matched_without_regard_to_case(method):
    upload = with_clients([*REQUESTS, "R4,C1,2025-03-07 10:00,ROUTINE,FALSE,Psychiatry,,,adult_north,,"], method)

    assert upload.status == UploadStatus.LOADED


def test_an_inactive_code_is_refused_in_new_imports(method):
    Code.objects.filter(code_list=CodeList.PROGRAM, code="older_adults").update(active=False)

    upload = with_clients(REQUESTS, method)

    assert the_only_problem(upload)[1:4] == (4, "program", "older_adults")


def test_a_code_an_administrator_added_is_accepted(method):
    Code.objects.create(code_list=CodeList.PROGRAM, code="school_based", label="School-based services")

    upload = with_clients([*REQUESTS, "R4,C2,2025-03-11 10:00,routine,false,non_psychiatry,,,school_based,,"], method)

    assert upload.status == UploadStatus.LOADED


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("C4,1899,female,false,white,english,north", "birth_year", "must be a four-digit year between 1900 and"),
        ("C4,,female,false,white,english,north", "birth_year", "give a birth_year or an age_group"),
        ("C4,1970,woman,false,white,english,north", "gender", "is not a code in the gender list"),
        ("C4,1970,female,false,white,klingon,north", "primary_language", "is not a code in the language list"),
        ("C4,1970,female,false,white,english,mars", "region", "is not a code in the region list"),
    ],
)
def test_bad_client_rows(row, column, reason, method):
    upload = run_import(incoming("clients.csv", csv_bytes(CLIENTS_HEADER, [*CLIENTS, row])), method=method)

    problem = the_only_problem(upload)
    assert problem[1:3] == (5, column)
    assert problem[4].startswith(reason)
    assert row_counts()["Client"] == 0


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("2025-03-15,21_64,female,latino_hispanic,spanish,10", "month", "write months as YYYY-MM"),
        ("2025-13,21_64,female,latino_hispanic,spanish,10", "month", "is not a month on the calendar"),
        ("2025-04,21_64,female,latino_hispanic,spanish,-3", "eligibles", "must be a whole number, 0 or more"),
        ("2025-04,21_64,female,latino_hispanic,spanish,12.5", "eligibles", "must be a whole number, 0 or more"),
        ("2025-04,30_40,female,latino_hispanic,spanish,10", "age_group", "is not a code in the age group list"),
    ],
)
def test_bad_eligibles_rows(row, column, reason, method):
    header, rows = ELIGIBLES_HEADER, ["2025-03,21_64,female,latino_hispanic,spanish,1200"]
    upload = run_import(incoming("eligibles.csv", csv_bytes(header, [*rows, row])), method=method)

    problem = the_only_problem(upload)
    assert problem[1:3] == (3, column)
    assert problem[4].startswith(reason)


def test_eligibles_are_counted_by_reporting_group_not_by_detailed_race_code(method):
    Code.objects.create(code_list=CodeList.RACE, code="hmong", label="Hmong", reporting_group="asian_pacific_islander")

    upload = run_import(
        incoming("eligibles.csv", csv_bytes(ELIGIBLES_HEADER, ["2025-03,21_64,female,hmong,english,40"])),
        method=method,
    )

    assert the_only_problem(upload)[2:4] == ("race_ethnicity", "hmong")


@pytest.mark.parametrize(
    ("amount", "reason"),
    [("-5.00", "must be an amount of 0 or more"), ("$245", "must be an amount"), ("10.555", "must be an amount")],
)
def test_bad_amounts(amount, reason, method):
    upload = run_import(
        good_file("clients"),
        incoming(
            "services.csv", csv_bytes(SERVICES_HEADER, [f"S1,C1,2025-03-14,true,assessment,adult_north,{amount}"])
        ),
        method=method,
    )

    assert the_only_problem(upload)[2:4] == ("approved_amount", amount)


# --- rules across cells, rows and the database ---------------------------------------------------


def test_an_offer_before_the_request_is_refused(method):
    upload = with_clients(
        [*REQUESTS, "R4,C1,2025-03-10 09:00,routine,false,psychiatry,2025-03-10 08:59,,adult_north,,"], method
    )

    assert the_only_problem(upload)[1:] == (
        5,
        "first_offered_datetime",
        "2025-03-10 08:59",
        "is before the request (2025-03-10 09:00)",
    )


def test_a_first_service_before_the_request_date_is_refused(method):
    upload = with_clients(
        [*REQUESTS, "R4,C1,2025-03-10 09:00,routine,false,psychiatry,,2025-03-09,adult_north,,"], method
    )

    assert the_only_problem(upload)[1:] == (
        5,
        "first_rendered_date",
        "2025-03-09",
        "is before the request date (2025-03-10)",
    )


def test_a_discharge_before_the_admission_is_refused(method):
    upload = run_import(
        good_file("clients"),
        incoming(
            "stays.csv",
            csv_bytes(HOSPITALIZATIONS_HEADER, ["H1,C3,2025-04-08,2025-04-01,acute_psychiatric_hospital"]),
        ),
        method=method,
    )

    assert the_only_problem(upload)[1:] == (2, "discharge_date", "2025-04-01", "is before the admission (2025-04-08)")


def test_an_id_repeated_within_a_file_points_at_its_first_row(method):
    upload = with_clients([*REQUESTS, REQUESTS[1]], method)

    assert the_only_problem(upload)[1:] == (5, "request_id", "R2", "repeats row 3 of this file")


def test_eligibles_repeated_for_the_same_cell_are_refused(method):
    rows = ["2025-03,21_64,female,latino_hispanic,spanish,1200", "2025-03-01,21_64,female,latino_hispanic,spanish,5"]
    upload = run_import(incoming("eligibles.csv", csv_bytes(ELIGIBLES_HEADER, rows)), method=method)

    problem = the_only_problem(upload)
    assert problem[1] == 3
    assert problem[4] == "repeats row 2 of this file"


def test_a_request_for_an_unknown_client_is_refused(method):
    upload = with_clients([*REQUESTS, "R4,C99,2025-03-10 09:00,routine,false,psychiatry,,,adult_north,,"], method)

    assert the_only_problem(upload)[1:] == (
        5,
        "client_key",
        "C99",
        "is not a known client: no client with this key is stored or in this upload's clients file",
    )


def test_clients_loaded_earlier_are_known_to_later_uploads(method):
    run_import(good_file("clients"), method=method)

    upload = run_import(good_file("requests"), method=method)

    assert upload.status == UploadStatus.LOADED
    assert row_counts()["AccessRequest"] == 3


def test_rows_loaded_before_are_refused_with_the_file_they_came_in(method):
    run_import(good_file("clients"), good_file("requests"), method=method)
    before = row_counts()

    upload = run_import(
        incoming("march_again.csv", csv_bytes(REQUESTS_HEADER, [REQUESTS[0], REQUESTS[2].replace("R3", "R9")])),
        method=method,
    )

    assert the_only_problem(upload)[1:] == (2, "request_id", "R1", "was already loaded (from requests.csv)")
    assert row_counts() == before


def test_every_problem_is_counted_but_only_the_first_three_hundred_are_listed(method):
    rows = [f"C{n},1970,female,false,white,english,atlantis" for n in range(400)]
    upload = run_import(incoming("clients.csv", csv_bytes(CLIENTS_HEADER, rows)), method=method)

    assert upload.error_count == 400
    assert len(upload.errors) == 300
    assert upload.errors[0]["row"] == 2
    assert upload.message == "Nothing was loaded: 400 problems were found. Correct the files and upload them again."


def test_one_bad_file_stops_the_whole_upload(method):
    upload = run_import(
        good_file("holidays"),
        good_file("eligibles"),
        good_file("clients"),
        incoming("requests.csv", csv_bytes(REQUESTS_HEADER, [*REQUESTS, "R9,C1,soon,routine,false,psychiatry,,,x,,"])),
        method=method,
    )

    rejected(upload)
    assert set(upload.batches.values_list("status", flat=True)) == {"rejected"}
    assert set(row_counts().values()) == {0}
