"""What a good import stores, and what happens on re-import, withdrawal, discarding and re-runs."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from measures.imports.services import (
    ImportRefused,
    import_batch_withdraw,
    import_progress,
    import_upload_create,
    import_upload_discard,
    import_upload_load,
    import_upload_validate,
)
from measures.models import (
    AccessRequest,
    BatchStatus,
    Client,
    Code,
    CodeList,
    Hospitalization,
    ImportSource,
    MonthlyEligibles,
    Service,
    UploadStatus,
)
from measures.signals import service_data_changed

from .importing import (
    CLIENTS_HEADER,
    GOOD,
    REQUESTS,
    REQUESTS_HEADER,
    csv_bytes,
    good_file,
    incoming,
    row_counts,
    run_import,
)

pytestmark = pytest.mark.django_db

ALL_KINDS = list(GOOD)


def test_a_good_upload_of_every_kind_is_written_and_recorded(method, administrator):
    upload = run_import(*(good_file(kind) for kind in ALL_KINDS), user=administrator, method=method)

    assert upload.status == UploadStatus.LOADED
    assert upload.message == "16 rows were loaded."
    assert row_counts() == {
        "Client": 3,
        "AccessRequest": 3,
        "Appointment": 2,
        "Hospitalization": 2,
        "Service": 2,
        "MonthlyEligibles": 2,
        "CountyHoliday": 2,
    }
    batch = upload.batches.get(kind="requests")
    assert (batch.file_name, batch.rows_total, batch.rows_written, batch.status) == ("requests.csv", 3, 3, "loaded")
    assert len(batch.sha256) == 64
    assert batch.size_bytes == len(csv_bytes(REQUESTS_HEADER, REQUESTS))
    assert upload.created_by == administrator
    assert not batch.file, "the stored copy is deleted once the rows are in"
    assert set(AccessRequest.objects.values_list("batch_id", flat=True)) == {batch.pk}


def test_stored_values_are_typed_and_derived(method):
    run_import(*(good_file(kind) for kind in ALL_KINDS), method=method)

    hispanic = Client.objects.get(client_key="C1")
    assert (hispanic.race, hispanic.race_ethnicity) == ("white", "latino_hispanic"), "Hispanic takes precedence"
    assert (hispanic.threshold_language, hispanic.limited_english) == (True, True)
    english_speaker = Client.objects.get(client_key="C3")
    assert (english_speaker.threshold_language, english_speaker.limited_english) == (False, False)
    assert Client.objects.get(client_key="C2").region == ""

    stay = Hospitalization.objects.get(stay_id="H2")
    assert stay.discharge_date is None
    assert Service.objects.get(service_id="S1").approved_amount == Decimal("245.50")
    assert MonthlyEligibles.objects.get(race_ethnicity="white").month == date(2025, 3, 1)


def test_local_request_times_are_stored_in_utc_with_the_local_date_as_day_zero(method):
    run_import(good_file("clients"), good_file("requests"), method=method)

    friday = AccessRequest.objects.get(request_id="R1")
    assert friday.request_datetime == datetime(2025, 3, 7, 18, 0, tzinfo=UTC), "10:00 Pacific standard time"
    assert friday.first_offered_datetime == datetime(2025, 3, 14, 16, 0, tzinfo=UTC), "09:00 Pacific daylight time"
    assert friday.request_date == date(2025, 3, 7)
    assert friday.first_rendered_date == date(2025, 3, 14)


def test_a_late_evening_request_keeps_its_local_date(method):
    rows = ["R1,C1,2025-03-07 23:30,routine,false,non_psychiatry,,,adult_north,,"]
    run_import(good_file("clients"), incoming("requests.csv", csv_bytes(REQUESTS_HEADER, rows)), method=method)

    stored = AccessRequest.objects.get()
    assert stored.request_datetime.date() == date(2025, 3, 8), "already Saturday in UTC"
    assert stored.request_date == date(2025, 3, 7), "still Friday in the county"


def test_times_with_an_offset_are_taken_as_given_and_the_repeated_autumn_hour_as_the_first(method):
    rows = [
        "R1,C1,2025-03-07T10:00-05:00,routine,false,non_psychiatry,,,adult_north,,",
        "R2,C1,2025-11-02 01:30,urgent,false,psychiatry,,,adult_north,,",
    ]
    run_import(good_file("clients"), incoming("requests.csv", csv_bytes(REQUESTS_HEADER, rows)), method=method)

    assert AccessRequest.objects.get(request_id="R1").request_datetime == datetime(2025, 3, 7, 15, 0, tzinfo=UTC)
    assert AccessRequest.objects.get(request_id="R2").request_datetime == datetime(2025, 11, 2, 8, 30, tzinfo=UTC)


def test_a_detailed_race_code_is_reported_under_its_caleqro_group(method):
    Code.objects.create(code_list=CodeList.RACE, code="hmong", label="Hmong", reporting_group="asian_pacific_islander")
    rows = ["C9,1990,male,false,hmong,english,north"]

    run_import(incoming("clients.csv", csv_bytes(CLIENTS_HEADER, rows)), method=method)

    assert Client.objects.values_list("race", "race_ethnicity").get() == ("hmong", "asian_pacific_islander")


def test_threshold_languages_follow_the_county_setting(method):
    Code.objects.filter(code_list=CodeList.LANGUAGE, code="korean").update(is_threshold=True)
    rows = ["C9,1990,male,false,asian_pacific_islander,korean,north"]

    run_import(incoming("clients.csv", csv_bytes(CLIENTS_HEADER, rows)), method=method)

    assert Client.objects.get().threshold_language is True


def test_explicit_threshold_and_english_columns_win_over_the_code_lists(method):
    header = CLIENTS_HEADER + ",threshold_language,limited_english"
    rows = ["C9,1990,male,false,white,spanish,north,false,false"]

    run_import(incoming("clients.csv", csv_bytes(header, rows)), method=method)

    assert Client.objects.values_list("threshold_language", "limited_english").get() == (False, False)


def test_an_age_group_can_stand_in_for_the_birth_year(method):
    header = "client_key,age_group,gender,hispanic_latino,race,primary_language"
    run_import(incoming("clients.csv", csv_bytes(header, ["C9,21_64,male,false,white,english"])), method=method)

    assert Client.objects.values_list("birth_year", "age_group").get() == (None, "21_64")


def test_loading_the_same_file_again_changes_nothing_and_says_so(method):
    first = run_import(good_file("clients"), good_file("requests"), method=method)
    before = row_counts()

    again = run_import(good_file("clients"), good_file("requests"), method=method)

    assert again.status == UploadStatus.UNCHANGED
    assert again.message == "Every file in this upload was loaded before; nothing changed."
    assert row_counts() == before
    duplicate = again.batches.get(kind="clients")
    assert duplicate.status == BatchStatus.DUPLICATE
    assert duplicate.duplicate_of == first.batches.get(kind="clients")


def test_a_file_sent_twice_in_one_upload_is_loaded_once(method):
    upload = run_import(good_file("clients"), good_file("clients"), method=method)

    assert upload.status == UploadStatus.LOADED
    assert sorted(upload.batches.values_list("status", flat=True)) == ["duplicate", "loaded"]
    assert row_counts()["Client"] == 3


def test_only_new_files_of_an_upload_are_loaded(method):
    run_import(good_file("clients"), method=method)

    upload = run_import(good_file("clients"), good_file("requests"), method=method)

    assert upload.status == UploadStatus.LOADED
    assert dict(upload.batches.values_list("kind", "status")) == {"clients": "duplicate", "requests": "loaded"}


def test_checking_writes_nothing_and_loading_afterwards_writes_everything(method, qi_staff):
    upload = import_upload_create(files=[good_file("clients"), good_file("requests")], user=qi_staff)

    checked = import_upload_validate(upload_id=upload.pk)

    assert checked.status == UploadStatus.VALID
    assert checked.rows_total == 6
    assert row_counts()["Client"] == 0
    assert all(batch.file for batch in checked.batches.all()), "kept until the upload is loaded or discarded"

    loaded = import_upload_load(upload_id=upload.pk, method=method)

    assert loaded.status == UploadStatus.LOADED
    assert row_counts()["AccessRequest"] == 3


def test_running_a_step_twice_does_the_work_once(method):
    upload = import_upload_create(files=[good_file("clients")])
    import_upload_load(upload_id=upload.pk, method=method)

    again = import_upload_load(upload_id=upload.pk, method=method)
    checked_after = import_upload_validate(upload_id=upload.pk)

    assert again.status == checked_after.status == UploadStatus.LOADED
    assert row_counts()["Client"] == 3


def test_progress_is_published_for_the_page_to_poll(method):
    upload = run_import(good_file("clients"), good_file("requests"), method=method)

    assert import_progress(upload.pk) == {"stage": "loaded", "rows_validated": 6, "rows_written": 6, "percent": 100}


def test_a_checked_upload_can_be_discarded():
    upload = import_upload_create(files=[good_file("clients")])
    import_upload_validate(upload_id=upload.pk)

    discarded = import_upload_discard(upload=upload)

    assert discarded.status == UploadStatus.DISCARDED
    batch = discarded.batches.get()
    assert (batch.status, bool(batch.file)) == (BatchStatus.DISCARDED, False)
    with pytest.raises(ImportRefused):
        import_upload_discard(upload=discarded)
    assert import_upload_load(upload_id=upload.pk).status == UploadStatus.DISCARDED


def test_a_withdrawn_file_loses_its_rows_but_keeps_its_record(
    method, administrator, django_capture_on_commit_callbacks
):
    upload = run_import(good_file("clients"), good_file("requests"), method=method)
    requests_batch = upload.batches.get(kind="requests")
    received = []
    service_data_changed.connect(lambda sender, kinds, **kw: received.append(kinds), weak=False, dispatch_uid="t")

    try:
        with pytest.raises(ImportRefused, match="Say why"):
            import_batch_withdraw(batch=requests_batch, user=administrator, reason=" ")
        with django_capture_on_commit_callbacks(execute=True):
            withdrawn = import_batch_withdraw(batch=requests_batch, user=administrator, reason="Wrong month sent")
    finally:
        service_data_changed.disconnect(dispatch_uid="t")

    assert withdrawn.status == BatchStatus.WITHDRAWN
    assert (withdrawn.withdrawn_by, withdrawn.withdrawal_reason) == (administrator, "Wrong month sent")
    assert row_counts()["AccessRequest"] == 0
    assert row_counts()["Client"] == 3
    assert received == [{"requests"}]
    with pytest.raises(ImportRefused, match="Only a loaded file"):
        import_batch_withdraw(batch=withdrawn, user=administrator, reason="again")

    reloaded = run_import(good_file("requests"), method=method)
    assert reloaded.status == UploadStatus.LOADED, "a withdrawn file may be loaded again"


def test_clients_cannot_be_withdrawn_while_other_files_refer_to_them(method, administrator):
    upload = run_import(good_file("clients"), good_file("requests"), method=method)

    with pytest.raises(ImportRefused, match=r"withdraw them first: requests.csv \(access requests\)"):
        import_batch_withdraw(batch=upload.batches.get(kind="clients"), user=administrator, reason="mistake")
    assert row_counts()["Client"] == 3


def test_loading_announces_the_kinds_that_changed(method, django_capture_on_commit_callbacks):
    received = []
    service_data_changed.connect(lambda sender, kinds, **kw: received.append(kinds), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run_import(good_file("clients"), good_file("requests"), method=method)
    finally:
        service_data_changed.disconnect(dispatch_uid="t")

    assert received == [{"clients", "requests"}]


def test_an_upload_needs_a_file():
    with pytest.raises(ImportRefused):
        import_upload_create(files=[], source=ImportSource.WEB)


def test_messages_follow_the_uploaders_language(method, qi_staff):
    qi_staff.preferred_language = "es"
    qi_staff.save()

    upload = run_import(incoming("clients.csv", b"", "clients"), user=qi_staff, method=method)

    assert upload.errors[0]["reason"] == "El archivo está vacío."
