"""The synthetic county goes in through the real import path, whole and without a single rejected row."""

import pytest
from django.core.management import call_command

from measures.imports.services import import_files
from measures.models import AccessRequest, Client, CountyHoliday, UploadStatus
from measures.synthetic import KINDS, county_write

pytestmark = pytest.mark.django_db


def test_a_generated_county_loads_cleanly(tmp_path, method):
    from datetime import date

    written = county_write(out_dir=tmp_path, clients=400, months=6, seed=11, start=date(2025, 1, 1))

    upload = import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS], method=method)

    assert upload.status == UploadStatus.LOADED, upload.errors[:5]
    assert {batch.kind: batch.rows_written for batch in upload.batches.all()} == written
    assert Client.objects.count() == 400
    assert AccessRequest.objects.filter(urgency="urgent").exists()
    assert CountyHoliday.objects.filter(description__startswith="Cesar Chavez").exists()


def test_the_command_loads_a_folder_and_refuses_a_second_time_politely(tmp_path, capsys):
    call_command("make_demo_data", clients=200, months=3, seed=5, start="2025-01", out=str(tmp_path))

    call_command("import_data", dir=tmp_path)
    first = capsys.readouterr().out
    call_command("import_data", dir=tmp_path)
    second = capsys.readouterr().out

    assert "Loaded" in first
    assert "clients.csv: Clients, 200 rows read, 200 written [Loaded]" in first
    assert "Already loaded: nothing changed" in second
    assert Client.objects.count() == 200
