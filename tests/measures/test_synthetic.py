"""The synthetic county: reproducible, in the importer's formats, and realistic where the dashboards look."""

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from measures.synthetic import KINDS, CountyCalendar, CountyParameters, county_default_start, county_write

START = date(2024, 1, 1)
ALL_FILES = {f"{kind}.csv" for kind in KINDS}


def _read(folder, kind: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{kind}.csv", dtype=str, keep_default_na=False)


def _days(values) -> np.ndarray:
    return np.array([value[:10] for value in values], dtype="datetime64[D]")


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """1,500 clients over 12 months, starting in January so the window includes a spring-forward night."""
    folder = tmp_path_factory.mktemp("county")
    written = county_write(out_dir=folder, clients=1500, months=12, seed=7, start=START)
    tables = {kind: _read(folder, kind) for kind in KINDS}
    return folder, written, tables


@pytest.fixture(scope="module")
def business_days(county):
    _, _, tables = county
    return np.busdaycalendar(weekmask="1111100", holidays=_days(tables["holidays"]["date"]))


@pytest.fixture(scope="module")
def requests(county, business_days):
    """Requests with the client's attributes, and the wait to first offer in business days and hours."""
    _, _, tables = county
    frame = tables["requests"].merge(tables["clients"], on="client_key", how="left", validate="many_to_one")
    requested = pd.to_datetime(frame["request_datetime"])
    offered = pd.to_datetime(frame["first_offered_datetime"].replace("", None))
    frame["wait_hours"] = (offered - requested).dt.total_seconds() / 3600
    is_offered = frame["first_offered_datetime"] != ""
    frame["wait_business_days"] = np.nan
    frame.loc[is_offered, "wait_business_days"] = np.busday_count(
        _days(frame.loc[is_offered, "request_datetime"]),
        _days(frame.loc[is_offered, "first_offered_datetime"]),
        busdaycal=business_days,
    )
    return frame


def test_the_same_seed_and_start_give_byte_identical_files(tmp_path):
    for run in ("first", "second"):
        county_write(out_dir=tmp_path / run, clients=400, months=6, seed=11, start=START)
    for name in ALL_FILES:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name


def test_a_different_seed_gives_a_different_county(tmp_path):
    county_write(out_dir=tmp_path / "a", clients=400, months=6, seed=11, start=START)
    county_write(out_dir=tmp_path / "b", clients=400, months=6, seed=12, start=START)
    for kind in ("clients", "requests", "appointments", "services"):
        assert (tmp_path / "a" / f"{kind}.csv").read_bytes() != (tmp_path / "b" / f"{kind}.csv").read_bytes()


def test_writing_only_some_files_gives_the_same_bytes_for_those_files(tmp_path):
    county_write(out_dir=tmp_path / "all", clients=400, months=6, seed=11, start=START)
    written = county_write(
        out_dir=tmp_path / "some", clients=400, months=6, seed=11, start=START, only=["requests", "clients"]
    )
    assert list(written) == ["clients", "requests"]
    assert {path.name for path in (tmp_path / "some").iterdir()} == {"clients.csv", "requests.csv"}
    for name in ("clients.csv", "requests.csv"):
        assert (tmp_path / "all" / name).read_bytes() == (tmp_path / "some" / name).read_bytes()


def test_an_unknown_file_kind_is_refused(tmp_path):
    with pytest.raises(ValueError, match="Unknown file kinds"):
        county_write(out_dir=tmp_path, clients=10, months=1, seed=1, start=START, only=["patients"])


def test_headers_are_exactly_what_the_importer_reads(county):
    folder, _, _ = county
    expected = {
        "clients": "client_key,birth_year,gender,hispanic_latino,race,primary_language,region",
        "requests": "request_id,client_key,request_datetime,urgency,prior_auth_required,service_line,"
        "first_offered_datetime,first_rendered_date,program,closure_reason,delay_reason",
        "appointments": "appointment_id,client_key,date,service_line,status,program,delivery_mode",
        "hospitalizations": "stay_id,client_key,admit_date,discharge_date,facility_type",
        "services": "service_id,client_key,date,mental_health_provider,modality,program,approved_amount",
        "eligibles": "month,age_group,gender,race_ethnicity,primary_language,eligibles",
        "holidays": "date,description",
    }
    for kind, header in expected.items():
        content = (folder / f"{kind}.csv").read_bytes()
        assert content.startswith(header.encode() + b"\n"), kind
        assert b"\r" not in content
        assert content.endswith(b"\n")


def test_row_counts_returned_match_the_files(county):
    _, written, tables = county
    assert written == {kind: len(tables[kind]) for kind in KINDS}
    assert written["clients"] == 1500
    assert all(count > 0 for count in written.values())


def test_ids_are_letter_prefixed_zero_padded_and_in_file_order(county):
    _, _, tables = county
    for kind, column, pattern in (
        ("clients", "client_key", r"C\d{7}"),
        ("requests", "request_id", r"R\d{7}"),
        ("appointments", "appointment_id", r"A\d{7}"),
        ("hospitalizations", "stay_id", r"H\d{6}"),
        ("services", "service_id", r"S\d{7}"),
    ):
        ids = tables[kind][column]
        assert ids.str.fullmatch(pattern).all(), kind
        assert ids.is_unique, kind
        assert ids.is_monotonic_increasing, kind
    for kind, column in (("requests", "request_datetime"), ("appointments", "date"), ("services", "date")):
        assert tables[kind][column].is_monotonic_increasing, kind


def test_client_keys_never_look_like_a_social_security_or_phone_number(county):
    _, _, tables = county
    keys = tables["clients"]["client_key"]
    assert keys.str.fullmatch(r"[A-Za-z0-9_-]{1,64}").all()
    assert not keys.str.fullmatch(r"\d{3}-?\d{2}-?\d{4}").any()
    assert not keys.str.fullmatch(r"\+?1?[-. ]?\(?\d{3}\)?[-. ]?\d{3}[-. ]?\d{4}").any()
    known = set(keys)
    for kind in ("requests", "appointments", "hospitalizations", "services"):
        assert set(tables[kind]["client_key"]) <= known, kind


def test_every_code_is_in_its_code_list(county):
    _, _, tables = county
    clients, requests = tables["clients"], tables["requests"]
    assert set(clients["gender"]) == {"female", "male", "transgender_nonbinary", "unknown"}
    assert set(clients["hispanic_latino"]) == {"true", "false"}
    assert set(requests["urgency"]) == {"routine", "urgent"}
    assert set(requests["closure_reason"]) <= {
        "",
        "client_declined",
        "no_contact",
        "referred_out_of_network",
        "not_eligible",
        "client_moved",
        "other",
    }
    assert set(requests["delay_reason"]) <= {
        "",
        "client_requested_specific_provider",
        "client_requested_later_date",
        "provider_availability",
        "other",
    }
    assert set(tables["appointments"]["status"]) == {"kept", "no_show", "client_cancel", "provider_cancel"}
    assert set(tables["appointments"]["delivery_mode"]) == {"in_person", "video", "phone"}
    amounts = tables["services"]["approved_amount"]
    assert amounts.str.fullmatch(r"\d+\.\d{2}").all()
    assert amounts.astype(float).between(80, 600).all()


def test_offers_and_first_services_never_come_before_the_request(requests):
    offered = requests[requests["first_offered_datetime"] != ""]
    assert (offered["first_offered_datetime"] >= offered["request_datetime"]).all()
    rendered = requests[requests["first_rendered_date"] != ""]
    assert (rendered["first_rendered_date"] >= rendered["request_datetime"].str[:10]).all()
    assert (rendered["first_rendered_date"] >= rendered["first_offered_datetime"].str[:10]).all()


def test_no_offer_or_appointment_falls_on_a_weekend_or_holiday(county, requests, business_days):
    _, _, tables = county
    offers = requests.loc[requests["first_offered_datetime"] != "", "first_offered_datetime"]
    assert np.is_busday(_days(offers), busdaycal=business_days).all()
    assert offers.str[11:].between("08:00", "16:59").all()
    assert np.is_busday(_days(tables["appointments"]["date"]), busdaycal=business_days).all()


def test_some_requests_arrive_out_of_hours(requests, business_days):
    requested = requests["request_datetime"]
    closed_day = ~np.is_busday(_days(requested), busdaycal=business_days)
    out_of_hours = closed_day | ~requested.str[11:].between("08:00", "16:59")
    assert 0.03 < out_of_hours.mean() < 0.10
    assert closed_day.any()


def test_every_local_time_happened_in_the_county(requests):
    zone = ZoneInfo("America/Los_Angeles")
    for column in ("request_datetime", "first_offered_datetime"):
        for text in requests.loc[requests[column] != "", column]:
            local = datetime.fromisoformat(text)
            round_trip = local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
            assert round_trip == local, text


def test_a_time_in_the_spring_forward_gap_moves_an_hour_on():
    calendar = CountyCalendar.for_window(date(2025, 3, 1), 1)
    days = np.array(["2025-03-09", "2025-03-09", "2025-03-09", "2025-03-10"], dtype="datetime64[D]")
    minutes = np.array([2 * 60 + 30, 1 * 60 + 59, 3 * 60, 2 * 60 + 30])
    assert calendar.skip_spring_forward_gap(days, minutes).tolist() == [3 * 60 + 30, 1 * 60 + 59, 3 * 60, 2 * 60 + 30]


def test_the_holiday_calendar_is_california_s(county):
    _, _, tables = county
    holidays = dict(zip(tables["holidays"]["date"], tables["holidays"]["description"], strict=True))
    assert "2024-07-04" in holidays
    assert "2024-11-29" in holidays  # the day after Thanksgiving
    assert any(name.startswith("Cesar Chavez") for name in holidays.values())
    assert all(day.startswith("2024-") for day in holidays)


def test_race_ethnicity_shares_follow_medi_cal(tmp_path):
    county_write(out_dir=tmp_path, clients=5000, months=12, seed=3, start=START, only=["clients"])
    clients = _read(tmp_path, "clients")
    rolled_up = np.where(clients["hispanic_latino"] == "true", "latino_hispanic", clients["race"])
    shares = pd.Series(rolled_up).value_counts(normalize=True)
    for race, target in CountyParameters().race_ethnicity_shares.items():
        assert shares.get(race, 0.0) == pytest.approx(target, abs=0.03), race
    hispanic = clients[clients["hispanic_latino"] == "true"]
    assert set(hispanic["race"]) >= {"white", "other_unknown"}
    assert (hispanic["primary_language"] == "spanish").mean() == pytest.approx(0.45, abs=0.04)


def test_some_strata_are_small_enough_that_dashboards_must_suppress_them(county):
    _, _, tables = county
    clients = tables["clients"]
    rolled_up = pd.Series(np.where(clients["hispanic_latino"] == "true", "latino_hispanic", clients["race"]))
    small = [
        stratum
        for counts in (rolled_up.value_counts(), clients["primary_language"].value_counts())
        for stratum, count in counts.items()
        if 0 < count < 11
    ]
    assert small


def test_routine_waits_meet_the_standard_mostly_but_not_always(requests):
    routine = requests[(requests["urgency"] == "routine") & (requests["first_offered_datetime"] != "")]
    other = routine[routine["service_line"] == "non_psychiatry"]["wait_business_days"]
    psychiatry = routine[routine["service_line"] == "psychiatry"]["wait_business_days"]
    assert other.mean() == pytest.approx(7, abs=1)
    assert 0.70 <= (other <= 10).mean() <= 0.88
    assert psychiatry.mean() == pytest.approx(11, abs=1.5)
    assert 0.62 <= (psychiatry <= 15).mean() <= 0.85


def test_urgent_requests_are_offered_within_hours(requests):
    urgent = requests[(requests["urgency"] == "urgent") & (requests["first_offered_datetime"] != "")]
    by_prior_auth = urgent.groupby("prior_auth_required")["wait_hours"].mean()
    assert by_prior_auth["false"] == pytest.approx(30, abs=8)
    assert by_prior_auth["true"] == pytest.approx(60, abs=15)
    assert set(requests.loc[requests["urgency"] == "routine", "prior_auth_required"]) == {"false"}


def test_limited_english_speakers_wait_longer_for_routine_care(requests):
    routine = requests[(requests["urgency"] == "routine") & (requests["first_offered_datetime"] != "")]
    limited_english = ~routine["primary_language"].isin(["english", "unknown"])
    assert routine.loc[limited_english, "wait_business_days"].mean() > 1.15 * (
        routine.loc[~limited_english, "wait_business_days"].mean()
    )


def test_waits_improve_in_the_second_half_of_the_window(requests):
    routine = requests[(requests["urgency"] == "routine") & (requests["service_line"] == "non_psychiatry")]
    first_half = routine[routine["request_datetime"] < "2024-07"]["wait_business_days"].mean()
    last_quarter = routine[routine["request_datetime"] >= "2024-10"]["wait_business_days"].mean()
    assert last_quarter < 0.92 * first_half


def test_most_long_waits_say_why_and_unfinished_requests_say_how_they_closed(requests):
    offered = requests[requests["first_offered_datetime"] != ""]
    routine = offered[offered["urgency"] == "routine"]
    standard = np.where(routine["service_line"] == "psychiatry", 15, 10)
    outside = routine[routine["wait_business_days"] > standard]
    assert (outside["delay_reason"] != "").mean() > 0.6
    never_offered = requests[(requests["first_offered_datetime"] == "") & (requests["closure_reason"] != "")]
    assert 0.03 < len(never_offered) / len(requests) < 0.08
    assert (requests.loc[requests["first_rendered_date"] != "", "closure_reason"] == "").all()


def test_no_shows_are_higher_for_psychiatry_and_in_person(county):
    _, _, tables = county
    appointments = tables["appointments"]
    no_show = appointments["status"] == "no_show"
    assert 0.09 <= no_show.mean() <= 0.16
    by_line = no_show.groupby(appointments["service_line"]).mean()
    assert by_line["psychiatry"] > by_line["non_psychiatry"]
    by_mode = no_show.groupby(appointments["delivery_mode"]).mean()
    assert by_mode["in_person"] > by_mode["video"]


def test_every_kept_appointment_has_its_service(county):
    _, _, tables = county
    kept = tables["appointments"].query("status == 'kept'")[["client_key", "date", "program"]]
    services = tables["services"][["client_key", "date", "program"]]
    matched = kept.merge(services.drop_duplicates(), on=["client_key", "date", "program"], how="left", indicator=True)
    assert (matched["_merge"] == "both").all()


def test_stays_end_after_they_start_and_some_are_readmissions_within_30_days(county):
    _, _, tables = county
    stays = tables["hospitalizations"]
    closed = stays[stays["discharge_date"] != ""]
    assert (closed["discharge_date"] >= closed["admit_date"]).all()
    length = _days(closed["discharge_date"]) - _days(closed["admit_date"])
    assert length.astype(int).min() >= 3
    assert length.astype(int).max() <= 14
    ordered = stays.sort_values(["client_key", "admit_date"])
    next_admit = ordered.groupby("client_key")["admit_date"].shift(-1)
    followed = ordered[(ordered["discharge_date"] != "") & next_admit.notna()]
    gap = _days(next_admit[followed.index]) - _days(followed["discharge_date"])
    assert (gap.astype(int) >= 1).all()
    assert (gap.astype(int) <= 30).sum() > 0


def test_follow_up_after_discharge_includes_visits_that_must_not_count(county):
    _, _, tables = county
    stays = tables["hospitalizations"]
    discharges = stays[stays["discharge_date"] != ""][["stay_id", "client_key", "discharge_date"]]
    visits = discharges.merge(tables["services"], on="client_key")
    visits["days_after"] = (_days(visits["date"]) - _days(visits["discharge_date"])).astype(int)
    mental_health = visits[visits["mental_health_provider"] == "true"]
    on_discharge_day = set(mental_health.loc[mental_health["days_after"] == 0, "stay_id"])
    within_7 = set(mental_health.loc[mental_health["days_after"].between(1, 7), "stay_id"])
    within_30 = set(mental_health.loc[mental_health["days_after"].between(1, 30), "stay_id"])
    assert on_discharge_day - within_30, "some discharges have only a discharge-day visit"
    assert len(within_7) / len(discharges) == pytest.approx(0.37, abs=0.12)
    assert len(within_30) / len(discharges) == pytest.approx(0.57, abs=0.12)
    assert (tables["services"]["mental_health_provider"] == "false").any()


def test_eligibles_are_about_twenty_times_the_clients_and_under_serve_some_groups(county):
    _, _, tables = county
    eligibles = tables["eligibles"].assign(eligibles=lambda frame: frame["eligibles"].astype(int))
    assert (eligibles["eligibles"] > 0).all()
    assert not eligibles.duplicated(["month", "age_group", "gender", "race_ethnicity", "primary_language"]).any()
    monthly = eligibles.groupby("month")["eligibles"].sum()
    assert list(monthly.index) == [f"2024-{month:02d}" for month in range(1, 13)]
    assert monthly.mean() == pytest.approx(1500 / 0.045, rel=0.05)
    clients = tables["clients"]
    rolled_up = np.where(clients["hispanic_latino"] == "true", "latino_hispanic", clients["race"])
    served = pd.Series(rolled_up).value_counts()
    penetration = served / (eligibles.groupby("race_ethnicity")["eligibles"].sum() / len(monthly))
    assert max(penetration["latino_hispanic"], penetration["asian_pacific_islander"]) < min(
        penetration["white"], penetration["african_american"]
    )


def test_the_default_window_ends_with_last_month():
    assert county_default_start(24, today=date(2026, 3, 15)) == date(2024, 3, 1)
    assert county_default_start(3, today=date(2026, 1, 31)) == date(2025, 10, 1)


def test_make_demo_data_writes_the_files_into_out(tmp_path, capsys):
    call_command("make_demo_data", clients=300, months=3, seed=5, start="2025-01", out=str(tmp_path))
    assert {path.name for path in tmp_path.iterdir()} == ALL_FILES
    printed = capsys.readouterr().out
    assert re.search(r"clients\.csv: 300 rows", printed)
    requests = _read(tmp_path, "requests")
    assert f"requests.csv: {len(requests):,} rows" in printed
    assert requests["request_datetime"].min() >= "2025-01-01"
    assert requests["request_datetime"].max() < "2025-04-01"


def test_make_demo_data_can_write_only_some_files(tmp_path):
    call_command("make_demo_data", clients=50, months=2, start="2025-01", out=str(tmp_path), only="clients,requests")
    assert {path.name for path in tmp_path.iterdir()} == {"clients.csv", "requests.csv"}


def test_make_demo_data_refuses_an_unknown_kind(tmp_path):
    with pytest.raises(CommandError, match="Unknown file kinds"):
        call_command("make_demo_data", clients=50, months=2, out=str(tmp_path), only="clients,patients")
