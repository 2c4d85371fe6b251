"""Follow-up after discharge and readmission, discharge by discharge."""

from datetime import date

import pandas as pd

from measures.compute.hospital import discharge_outcomes


def test_follow_up_counts_days_1_to_7_and_1_to_30_never_the_discharge_day():
    stays = pd.DataFrame(
        [
            ("same-day-only", 1, "2025-03-01", "2025-03-05"),
            ("day-7", 2, "2025-03-01", "2025-03-05"),
            ("day-8", 3, "2025-03-01", "2025-03-05"),
            ("non-mh-only", 4, "2025-03-01", "2025-03-05"),
            ("too-recent", 5, "2025-04-20", "2025-04-25"),
        ],
        columns=["stay_id", "client_id", "admit_date", "discharge_date"],
    )
    services = pd.DataFrame(
        [
            (1, "2025-03-05", True),
            (2, "2025-03-12", True),
            (3, "2025-03-13", True),
            (4, "2025-03-06", False),
            (5, "2025-04-26", True),
        ],
        columns=["client_id", "date", "mental_health_provider"],
    )

    result = discharge_outcomes(stays, services, as_of=date(2025, 4, 30)).set_index("stay_id")

    assert result["follow_up_7"].tolist()[:4] == [False, True, False, False]
    assert result["follow_up_30"].tolist()[:4] == [False, True, True, False]
    assert pd.isna(result.loc["too-recent", "follow_up_7"]), "its 7 days have not passed by 30 April"


def test_readmission_is_2_to_30_days_after_discharge_and_the_next_day_is_a_transfer():
    stays = pd.DataFrame(
        [
            ("first", 1, "2025-01-01", "2025-01-10"),
            ("transfer", 1, "2025-01-11", "2025-01-20"),
            ("readmission", 1, "2025-02-10", "2025-02-15"),
            ("alone", 2, "2025-01-01", "2025-01-05"),
            ("open", 3, "2025-03-01", None),
        ],
        columns=["stay_id", "client_id", "admit_date", "discharge_date"],
    )
    services = pd.DataFrame(columns=["client_id", "date", "mental_health_provider"]).astype(
        {"mental_health_provider": bool}
    )

    result = discharge_outcomes(stays, services, as_of=date(2025, 4, 30)).set_index("stay_id")

    assert result["readmitted_30"].to_dict() == {"first": False, "transfer": True, "readmission": False, "alone": False}
