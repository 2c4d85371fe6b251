"""The upload page, the import page (preview, report, progress, load, discard), withdrawal and the guide."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.models import BatchStatus, Code, CodeList, ImportUpload, UploadStatus

from .importing import (
    CLIENTS,
    CLIENTS_HEADER,
    csv_bytes,
    good_file,
    incoming,
    row_counts,
    run_import,
)

pytestmark = pytest.mark.django_db

LIST = reverse("measures:import_list")
NEW = reverse("measures:import_new")
GUIDE = reverse("measures:import_guide")


def csv_upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def clients_upload(rows=CLIENTS) -> SimpleUploadedFile:
    return csv_upload("clients.csv", csv_bytes(CLIENTS_HEADER, rows))


@pytest.fixture
def loaded_upload():
    return run_import(good_file("clients"), good_file("requests"))


def page_urls(upload: ImportUpload) -> list[str]:
    batch = upload.batches.first()
    return [
        LIST,
        NEW,
        GUIDE,
        reverse("measures:import_detail", args=[upload.pk]),
        reverse("measures:import_progress", args=[upload.pk]),
        reverse("measures:batch_withdraw", args=[batch.pk]),
    ]


@pytest.mark.parametrize("persona", ["consumer", "director", "outsider"])
def test_only_qi_staff_and_administrators_reach_the_import_pages(client_for, request, persona, loaded_upload):
    client = client_for(request.getfixturevalue(persona))

    for url in page_urls(loaded_upload):
        assert client.get(url).status_code == 403, url
    for name in ["measures:import_load", "measures:import_discard"]:
        assert client.post(reverse(name, args=[loaded_upload.pk])).status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in(client, loaded_upload):
    for url in page_urls(loaded_upload):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_qi_staff_upload_see_the_preview_and_report_then_load(client_for, qi_staff, django_capture_on_commit_callbacks):
    client = client_for(qi_staff)
    assert client.get(NEW).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, {"files": [clients_upload()], "kind": ""})

    upload = ImportUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == upload.get_absolute_url()
    assert upload.status == UploadStatus.VALID
    assert row_counts()["Client"] == 0, "nothing is written before QI staff choose to load"

    page = client.get(upload.get_absolute_url()).content.decode()
    assert "Every row passed the checks" in page
    assert "First rows of clients.csv" in page
    assert "asian_pacific_islander" in page
    assert "Load 3 rows" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("measures:import_load", args=[upload.pk]))

    assert "3 rows were loaded." in client.get(upload.get_absolute_url()).content.decode()
    assert row_counts()["Client"] == 3
    upload.refresh_from_db()
    assert (upload.status, upload.source, upload.created_by) == (UploadStatus.LOADED, "web", qi_staff)


def test_a_bad_file_shows_each_problem_with_its_row_column_and_reason(
    client_for, qi_staff, django_capture_on_commit_callbacks
):
    client = client_for(qi_staff)
    rows = [*CLIENTS, "C4,1970,female,false,white,klingon,north"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {"files": [clients_upload(rows)]})

    page = client.get(ImportUpload.objects.get().get_absolute_url()).content.decode()
    assert "1 problem" in page
    assert "<td>clients.csv</td><td>5</td><td><code>primary_language</code></td><td><code>klingon</code></td>" in page
    assert "is not a code in the language list (an administrator can add it)" in page
    assert "Load " not in page
    assert row_counts()["Client"] == 0


def test_clients_and_requests_can_be_sent_together(client_for, qi_staff, django_capture_on_commit_callbacks):
    client = client_for(qi_staff)
    files = [good_file("clients"), good_file("requests")]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {"files": [csv_upload(f.name, f.stream.read()) for f in files]})
    upload = ImportUpload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("measures:import_load", args=[upload.pk]))

    assert row_counts()["AccessRequest"] == 3


@pytest.mark.parametrize(
    ("files", "kind", "message"),
    [
        ([csv_upload("clients.xlsx", b"PK\x03\x04")], "", "clients.xlsx is not a CSV file."),
        ([csv_upload("clients.csv", b"")], "", "The submitted file is empty."),
        ([], "", "This field is required."),
        ([clients_upload(), csv_upload("requests.csv", b"x")], "clients", "Leave the kind to be worked out"),
    ],
)
def test_the_upload_form_refuses_what_it_cannot_take_and_explains(client_for, qi_staff, files, kind, message):
    response = client_for(qi_staff).post(NEW, {"files": files, "kind": kind})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_files_over_the_size_limit_are_refused(client_for, qi_staff, settings):
    settings.QIC_IMPORT_MAX_UPLOAD_BYTES = 100

    response = client_for(qi_staff).post(NEW, {"files": [clients_upload()]})

    assert "the limit is 100\xa0bytes" in response.content.decode()


def test_a_chosen_kind_that_the_columns_contradict_is_refused(client_for, qi_staff, django_capture_on_commit_callbacks):
    client = client_for(qi_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {"files": [clients_upload()], "kind": "requests"})

    page = client.get(ImportUpload.objects.get().get_absolute_url()).content.decode()
    assert "This looks like a file of clients, not access requests." in page


def test_the_same_file_again_is_recognised(client_for, qi_staff, loaded_upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(qi_staff).post(NEW, {"files": [clients_upload()]}, follow=True)

    page = response.content.decode()
    assert "Every file in this upload was loaded before; nothing changed." in page
    assert f"Same file as in import #{loaded_upload.pk}" in page


def test_a_checked_upload_can_be_discarded(client_for, qi_staff, django_capture_on_commit_callbacks):
    client = client_for(qi_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {"files": [clients_upload()]})
    upload = ImportUpload.objects.get()

    response = client.post(reverse("measures:import_discard", args=[upload.pk]), follow=True)

    assert "The upload was discarded; nothing was written." in response.content.decode()
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DISCARDED
    response = client.post(reverse("measures:import_load", args=[upload.pk]), follow=True)
    assert "This import cannot be loaded now" in response.content.decode()


def test_the_progress_endpoint_reports_the_status(client_for, qi_staff, loaded_upload):
    response = client_for(qi_staff).get(reverse("measures:import_progress", args=[loaded_upload.pk]))

    assert response.json() == {
        "status": "loaded",
        "status_label": "Loaded",
        "running": False,
        "percent": 100,
        "rows_validated": 6,
        "rows_written": 6,
        "text": "6 rows checked, 6 rows written.",
    }


def test_a_running_import_shows_a_progress_bar_that_polls(client_for, qi_staff):
    from measures.imports.services import import_upload_create

    upload = import_upload_create(files=[good_file("clients")], user=qi_staff)

    page = client_for(qi_staff).get(upload.get_absolute_url()).content.decode()

    assert f'data-progress-url="{reverse("measures:import_progress", args=[upload.pk])}"' in page
    assert "<progress" in page
    assert "js/import-progress.js" in page


def test_qi_staff_cannot_withdraw_but_administrators_can_with_a_reason(
    client_for, qi_staff, administrator, loaded_upload
):
    batch = loaded_upload.batches.get(kind="requests")
    url = reverse("measures:batch_withdraw", args=[batch.pk])
    assert client_for(qi_staff).get(url).status_code == 403
    assert "Withdraw…" not in client_for(qi_staff).get(loaded_upload.get_absolute_url()).content.decode()

    client = client_for(administrator)
    assert "This removes the 3 rows of access requests" in client.get(url).content.decode()
    response = client.post(url, {"reason": ""})
    assert "This field is required." in response.content.decode()

    response = client.post(url, {"reason": "The county sent the wrong month"}, follow=True)

    assert "requests.csv was withdrawn and its rows removed." in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.WITHDRAWN
    assert row_counts()["AccessRequest"] == 0


def test_withdrawing_clients_that_others_refer_to_is_refused_on_the_page(client_for, administrator, loaded_upload):
    url = reverse("measures:batch_withdraw", args=[loaded_upload.batches.get(kind="clients").pk])

    response = client_for(administrator).post(url, {"reason": "mistake"})

    assert "withdraw them first: requests.csv (access requests)" in response.content.decode()
    assert row_counts()["Client"] == 3


def test_the_guide_lists_every_file_and_the_codes_accepted_today(client_for, qi_staff):
    Code.objects.create(code_list=CodeList.PROGRAM, code="school_based", label="School-based services")

    page = client_for(qi_staff).get(GUIDE).content.decode()

    for kind in ["clients", "requests", "appointments", "hospitalizations", "services", "eligibles", "holidays"]:
        assert f'id="kind-{kind}"' in page
    assert "<code>school_based</code> — School-based services" in page
    assert "threshold language" in page


def test_administrators_upload_through_the_admin_and_land_on_the_import_page(
    client_for, administrator, django_capture_on_commit_callbacks
):
    client = client_for(administrator)
    add_url = reverse("admin:measures_importupload_add")
    assert "Upload and check" in client.get(add_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url, {"files": [clients_upload()]})

    upload = ImportUpload.objects.get()
    assert response["Location"] == upload.get_absolute_url()
    assert (upload.source, upload.status) == ("admin", UploadStatus.VALID)


def test_the_import_list_reads_a_fixed_number_of_queries(client_for, qi_staff, django_assert_num_queries):
    for year in (2024, 2025, 2026):
        run_import(incoming(f"holidays{year}.csv", csv_bytes("date,description", [f"{year}-01-01,New Year's Day"])))
    client = client_for(qi_staff)

    # session, user, permissions (2), count, page of uploads, their files
    with django_assert_num_queries(7):
        response = client.get(LIST)

    assert response.status_code == 200
    assert response.content.decode().count("holidays20") == 3
