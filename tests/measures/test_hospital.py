"""Follow-up after psychiatric hospitalization and readmission, counted by episode discharge.

Each example is small enough to work out by hand; the working is in the docstring.
"""

from datetime import date

import pandas as pd
import pytest

from measures.compute.hospital import discharge_outcomes
from measures.compute.populations import population_results_compute
from measures.compute.services import measures_recompute
from measures.models import ComputationStatus, Measure, MeasureResult

from .importing import csv_bytes, incoming, run_import

ACUTE, PHF, CRISIS = "acute_psychiatric_hospital", "psychiatric_health_facility", "crisis_residential"
AS_OF = date(2025, 8, 31)
ADULT = 40


def stays_frame(rows: list[tuple]) -> pd.DataFrame:
    """(stay, client, admitted, discharged, facility[, age on the discharge date]) rows; adults by default."""
    rows = [row if len(row) == 6 else (*row, ADULT) for row in rows]
    columns = ["stay_id", "client_id", "admit_date", "discharge_date", "facility_type", "age_at_discharge"]
    return pd.DataFrame(rows, columns=columns)


def visits_frame(rows: list[tuple]) -> pd.DataFrame:
    """(client, day[, by a mental health provider]) rows."""
    rows = [row if len(row) == 3 else (*row, True) for row in rows]
    return pd.DataFrame(rows, columns=["client_id", "date", "mental_health_provider"]).astype(
        {"mental_health_provider": bool}
    )


def outcomes(stays: list[tuple], visits: list[tuple], *, as_of: date = AS_OF) -> pd.DataFrame:
    return discharge_outcomes(stays_frame(stays), visits_frame(visits), as_of=as_of).set_index("stay_id")


def counted(column: pd.Series) -> tuple[int, int]:
    """(numerator, denominator) as the recompute counts them: judged rows, and those that are 1."""
    judged = column.dropna()
    return int((judged == 1).sum()), len(judged)


def test_follow_up_counts_days_1_to_7_and_1_to_30_never_the_discharge_day():
    result = outcomes(
        [
            ("same-day-only", 1, "2025-03-01", "2025-03-05", ACUTE),
            ("day-7", 2, "2025-03-01", "2025-03-05", ACUTE),
            ("day-8", 3, "2025-03-01", "2025-03-05", PHF),
            ("non-mh-only", 4, "2025-03-01", "2025-03-05", ACUTE),
            ("too-recent", 5, "2025-04-20", "2025-04-25", ACUTE),
        ],
        [(1, "2025-03-05"), (2, "2025-03-12"), (3, "2025-03-13"), (4, "2025-03-06", False), (5, "2025-04-26")],
        as_of=date(2025, 4, 30),
    )

    assert result["follow_up_7"].tolist()[:4] == [False, True, False, False]
    assert result["follow_up_30"].tolist()[:4] == [False, True, True, False]
    assert pd.isna(result.loc["too-recent", "follow_up_7"]), "its 7 days have not passed by 30 April"


def test_a_transfer_joins_two_stays_into_one_discharge_in_the_denominator_and_the_numerator():
    """Client 1: acute 1–10 January, then a psychiatric health facility from 11 January (the next day:
    a transfer) to 20 January; a visit on 15 January, while in the second stay, and none after.
    Client 2: acute 1–10 January, then acute again the same day, 10–12 January; a visit on 14 January.

    Stay by stay (as before) there were 4 discharges, 2 followed within 7 days (client 1's first stay
    by the visit on the 15th, 5 days after its discharge; client 2's second stay, 2 days). By episode
    there are 2 discharges, on 20 and 12 January: client 1's has no visit after the 20th (0), client 2's
    has one 2 days after (1). Follow-up within 7 days: 1 of 2. The clock starts at the last discharge.
    """
    result = outcomes(
        [
            ("first-1", 1, "2025-01-01", "2025-01-10", ACUTE),
            ("transfer-1", 1, "2025-01-11", "2025-01-20", PHF),
            ("first-2", 2, "2025-01-01", "2025-01-10", ACUTE),
            ("transfer-2", 2, "2025-01-10", "2025-01-12", ACUTE),
        ],
        [(1, "2025-01-15"), (2, "2025-01-14")],
    )

    assert list(result.index) == ["transfer-1", "transfer-2"], "a transferred-from stay is not a discharge"
    assert result["admit_date"].tolist() == ["2025-01-01", "2025-01-01"], "the episode starts at the first admission"
    assert result["episode_stays"].tolist() == [2, 2]
    assert result["follow_up_7"].to_dict() == {"transfer-1": False, "transfer-2": True}
    assert counted(result["follow_up_7"]) == (1, 2)


def test_a_readmission_is_counted_once_per_episode_and_never_from_inside_one():
    """Client 1: acute 1–5 February, transferred the next day to 6–10 February, admitted again on
    1 March (to 5 March).

    Stay by stay (as before): the 5 February discharge was "readmitted" (1 March, 24 days later), the
    10 February one too (19 days), the 5 March one not: 2 of 3. By episode: the 1–10 February episode
    is readmitted 19 days after its discharge, the March one is not: 1 of 2.
    """
    result = outcomes(
        [
            ("first", 1, "2025-02-01", "2025-02-05", ACUTE),
            ("transfer", 1, "2025-02-06", "2025-02-10", ACUTE),
            ("readmission", 1, "2025-03-01", "2025-03-05", ACUTE),
        ],
        [],
    )

    assert result["readmitted_30"].to_dict() == {"transfer": True, "readmission": False}
    assert counted(result["readmitted_30"]) == (1, 2)


def test_crisis_residential_is_neither_a_discharge_nor_a_readmission_nor_a_link():
    """Client 1: acute 1–5 March, crisis residential 6–12 March, acute again 13–25 March.
    Client 2: acute 1–5 April, crisis residential 10–15 April, nothing after.

    The crisis residential stays are not discharges (2 of the 5 stays drop out). They do not join
    client 1's hospital stays into one episode, so the 5 March discharge is readmitted (13 March, 8 days
    later) and the 25 March one is not. Client 2's only admission after 5 April is crisis residential:
    not a readmission. Readmission: 1 of 3 (as before it was 3 of 5, the crisis stays counted both ways).
    """
    result = outcomes(
        [
            ("hospital-1", 1, "2025-03-01", "2025-03-05", ACUTE),
            ("crisis-1", 1, "2025-03-06", "2025-03-12", CRISIS),
            ("hospital-again-1", 1, "2025-03-13", "2025-03-25", ACUTE),
            ("hospital-2", 2, "2025-04-01", "2025-04-05", ACUTE),
            ("crisis-2", 2, "2025-04-10", "2025-04-15", CRISIS),
        ],
        [],
    )

    assert set(result.index) == {"hospital-1", "hospital-again-1", "hospital-2"}
    assert result["readmitted_30"].to_dict() == {"hospital-1": True, "hospital-again-1": False, "hospital-2": False}
    assert counted(result["readmitted_30"]) == (1, 3)


def test_an_open_stay_is_not_a_discharge_but_its_admission_is_a_readmission():
    result = outcomes(
        [("discharged", 1, "2025-07-01", "2025-07-10", ACUTE), ("still-in", 1, "2025-07-20", None, ACUTE)], []
    )

    assert result["readmitted_30"].to_dict() == {"discharged": True}


def test_hedis_fuh_counts_members_6_and_over_and_only_the_last_of_discharges_readmitted_within_30_days():
    """as of 31 August.

    - Client 1, aged 5 on the discharge date (5 May), a visit on 8 May: the county counts it (followed
      within 7 days); HEDIS FUH, 6 and over, does not.
    - Client 2, exactly 6: discharged 5 May, a visit on 8 May: counted by both, followed.
    - Client 3: discharged 5 June, visit 8 June; readmitted 20 June (15 days), discharged 25 June,
      visit 15 July (20 days). The county counts both discharges (7 days: 1 of 2). HEDIS FUH leaves the
      first out and counts the readmission's: 0 of 1 within 7 days, 1 of 1 within 30.
    - Client 4: discharged 1 July, crisis residential the same day (nonacute: HEDIS FUH leaves the
      discharge out), a visit on 3 July. The county counts it, followed.
    - Client 5: discharged 20 August, a visit on 22 August: 11 days ago, judged within 7 days by the
      county, not yet by HEDIS FUH (which waits the 30 days that show it is a last discharge).

    County 7-day: clients 1, 2, 3 (first), 4, 5 followed; 3 (second) not: 5 of 6.
    HEDIS FUH 7-day: client 2 (followed), client 3's second discharge (not): 1 of 2; 30-day: 2 of 2.
    """
    result = outcomes(
        [
            ("aged-5", 1, "2025-05-01", "2025-05-05", ACUTE, 5),
            ("aged-6", 2, "2025-05-01", "2025-05-05", ACUTE, 6),
            ("readmitted", 3, "2025-06-01", "2025-06-05", ACUTE),
            ("last", 3, "2025-06-20", "2025-06-25", PHF),
            ("to-crisis", 4, "2025-06-25", "2025-07-01", ACUTE),
            ("crisis", 4, "2025-07-01", "2025-07-10", CRISIS),
            ("recent", 5, "2025-08-15", "2025-08-20", ACUTE),
        ],
        [(1, "2025-05-08"), (2, "2025-05-08"), (3, "2025-06-08"), (3, "2025-07-15"), (4, "2025-07-03"),
         (5, "2025-08-22")],
    )  # fmt: skip

    assert counted(result["follow_up_7"]) == (5, 6)
    assert result["fuh_follow_up_7"].dropna().to_dict() == {"aged-6": True, "last": False}
    assert result["fuh_follow_up_30"].dropna().to_dict() == {"aged-6": True, "last": True}
    assert result.loc["recent", "follow_up_7"] == 1
    assert pd.isna(result.loc["recent", "fuh_follow_up_7"]), "its 30 days have not passed"


def test_hedis_fuh_leaves_out_a_discharge_whose_age_is_unknown():
    result = outcomes([("unknown-age", 1, "2025-05-01", "2025-05-05", ACUTE, float("nan"))], [(1, "2025-05-08")])

    assert result.loc["unknown-age", "follow_up_7"] == 1
    assert pd.isna(result.loc["unknown-age", "fuh_follow_up_7"])


CLIENTS = [
    "K,2019,,female,false,white,english,north",  # 5 at the admission (2024), 6 at the discharge (2025)
    "L,2020,,male,false,white,english,north",  # 5 in 2025
    "M,1980,,female,true,white,spanish,south",
    "N,,6_17,male,false,white,english,south",  # birth year unknown, reported 6 to 17
]
STAYS = [
    "K1,K,2024-12-20,2025-01-05,acute_psychiatric_hospital",
    "L1,L,2025-02-01,2025-02-10,acute_psychiatric_hospital",
    "M1,M,2025-03-01,2025-03-10,acute_psychiatric_hospital",
    "M2,M,2025-03-11,2025-03-20,psychiatric_health_facility",
    "M3,M,2025-03-21,2025-03-28,crisis_residential",
    "M4,M,2025-04-05,2025-04-15,acute_psychiatric_hospital",
    "N1,N,2025-05-01,2025-05-06,acute_psychiatric_hospital",
]
VISITS = [
    "S1,K,2025-01-08,true,assessment,children_youth,100",
    "S2,L,2025-02-12,true,assessment,children_youth,100",
    "S3,M,2025-03-15,true,assessment,adult_north,100",
    "S4,M,2025-04-25,true,assessment,adult_north,100",
    "S5,N,2025-05-09,true,assessment,children_youth,100",
]


@pytest.fixture
def county_of_five_discharges(db):
    """Four clients, seven stays, five episode discharges, the data ending on 31 August 2025 (a request)."""
    upload = run_import(
        incoming(
            "clients.csv",
            csv_bytes("client_key,birth_year,age_group,gender,hispanic_latino,race,primary_language,region", CLIENTS),
        ),
        incoming(
            "requests.csv",
            csv_bytes(
                "request_id,client_key,request_datetime,urgency,prior_auth_required,service_line,"
                "first_offered_datetime,first_rendered_date,program,closure_reason",
                ["R1,M,2025-08-31 10:00,routine,false,non_psychiatry,,,adult_north,"],
            ),
        ),
        incoming(
            "hospitalizations.csv", csv_bytes("stay_id,client_key,admit_date,discharge_date,facility_type", STAYS)
        ),
        incoming(
            "services.csv",
            csv_bytes("service_id,client_key,date,mental_health_provider,modality,program,approved_amount", VISITS),
        ),
    )
    assert upload.status == "loaded", upload.message


def stored(code: str, stratum: str = "all", group: str = "") -> tuple[int, int]:
    result = MeasureResult.objects.get(
        measure__code=code, period_type="fiscal_year", period_start=date(2024, 7, 1), stratum=stratum, group=group
    )
    return result.numerator, result.denominator


@pytest.mark.django_db
def test_the_recompute_counts_episodes_ages_on_the_discharge_date_and_the_hedis_variant(county_of_five_discharges):
    """Fiscal year 2024-25, every discharge judged by 31 August.

    Episodes: K1 (discharged 5 Jan, aged 6 that year), L1 (10 Feb, aged 5), M1+M2 (a transfer,
    discharged 20 March, readmitted with M4 on 5 April: 16 days; M3 is crisis residential), M4
    (15 April), N1 (6 May, birth year unknown, reported 6–17). First visit after each discharge:
    K1 3 days, L1 2, M1+M2 36 (the visit on 15 March is inside the episode), M4 10, N1 3.

    - Follow-up 7 days: K1, L1, N1 → 3 of 5 (stay by stay it was 4 of 6: M1 "followed" on 15 March).
    - Follow-up 30 days: K1, L1, M4, N1 → 4 of 5.
    - Readmission: M1+M2 → 1 of 5 (stay by stay 3 of 7: M1, M2 and the crisis stay M3).
    - HEDIS FUH: L1 is under 6, M1+M2 is followed by a readmission (and a crisis stay) → K1, M4, N1;
      7 days: K1, N1 → 2 of 3; 30 days: 3 of 3.
    - Age group on the discharge date: K1 is 6–17 (it was 0–5 on the admission date), with N1: 2 of 2
      followed within 7 days; L1 0–5: 1 of 1.
    """
    computation = measures_recompute(trigger="manual")

    assert computation.status == ComputationStatus.SUCCEEDED, computation.message
    assert stored("follow-up-7-days") == (3, 5)
    assert stored("follow-up-30-days") == (4, 5)
    assert stored("readmission-30-days") == (1, 5)
    assert stored("hedis-fuh-7-days") == (2, 3)
    assert stored("hedis-fuh-30-days") == (3, 3)
    assert stored("follow-up-7-days", "age_group", "6_17") == (2, 2)
    assert stored("follow-up-7-days", "age_group", "0_5") == (1, 1)
    assert stored("hedis-fuh-7-days", "age_group", "6_17") == (2, 2)
    assert not MeasureResult.objects.filter(measure__code="hedis-fuh-7-days", group="0_5").exists()

    results, _disparities, _audit = population_results_compute(computation=computation)
    children = [
        row
        for row in results
        if (row["population_stratum"], row["population_group"], row["stratum"]) == ("age_group", "6_17", "all")
        and row["period_type"] == "fiscal_year"
    ]
    by_measure = {row["measure_id"]: (row["numerator"], row["denominator"]) for row in children}
    assert by_measure[Measure.objects.get(code="hedis-fuh-30-days").pk] == (2, 2), "the breakdown has it too"
