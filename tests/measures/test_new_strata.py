"""The groupings the state asks for: threshold language yes/no and region on every client-based measure,
no-shows by gender and limited English, hospital follow-up and readmission by limited English.

A small county written by hand gives each figure a count worked out here; a synthetic county shows
the groupings reach the public pages through the disclosure control.
"""

from datetime import date

import pandas as pd
import pytest
from django.urls import reverse

from measures.compute.populations import population_results_recompute
from measures.compute.publication import release_protect_rows
from measures.compute.services import measures_recompute
from measures.compute.strata import threshold_group_of, threshold_language_groups, threshold_languages
from measures.disclosure.audit import release_audit
from measures.disclosure.release import UNRECORDED, release_build
from measures.models import (
    Code,
    CodeList,
    ComputationStatus,
    Measure,
    MeasureResult,
    PopulationResult,
    PopulationStatus,
    UploadStatus,
)
from measures.suppression import GroupCounts, suppress_groups

from .importing import csv_bytes, incoming, run_import

pytestmark = pytest.mark.django_db

MARCH = date(2025, 3, 1)

# Five adults. Spanish and Vietnamese are threshold languages in the default code lists, Korean is not;
# the fourth client's language is unknown and the file gives no region for them.
CLIENTS = (
    "client_key,birth_year,gender,hispanic_latino,race,primary_language,region",
    [
        "C1,1980,female,true,white,spanish,north",
        "C2,1975,male,false,white,english,south",
        "C3,1985,female,false,asian_pacific_islander,korean,north",
        "C4,1990,male,false,african_american,unknown,",
        "C5,1970,female,false,asian_pacific_islander,vietnamese,east",
    ],
)
REQUESTS = (
    "request_id,client_key,request_datetime,urgency,prior_auth_required,service_line,"
    "first_offered_datetime,first_rendered_date,program,closure_reason,delay_reason",
    [
        "R1,C1,2025-03-03 10:00,routine,false,non_psychiatry,2025-03-05 09:00,,adult_north,,",
        "R2,C2,2025-03-04 10:00,routine,false,non_psychiatry,2025-03-06 09:00,,adult_south,,",
        "R3,C3,2025-03-05 10:00,routine,false,non_psychiatry,,,adult_north,,",
        "R4,C4,2025-03-06 10:00,routine,false,non_psychiatry,2025-03-07 09:00,,adult_south,,",
        "R5,C5,2025-03-07 10:00,routine,false,non_psychiatry,2025-03-10 09:00,,adult_south,,",
        # Later data, so that every March discharge has had its 30 days.
        "R6,C2,2025-05-01 10:00,routine,false,non_psychiatry,2025-05-02 09:00,,adult_south,,",
    ],
)
# Psychiatry: C1 kept one and missed one, C2 missed one, C3 and C5 kept one, C4 missed one and kept one.
APPOINTMENTS = (
    "appointment_id,client_key,date,service_line,status,program,delivery_mode",
    [
        "A1,C1,2025-03-10,psychiatry,kept,adult_north,in_person",
        "A2,C1,2025-03-17,psychiatry,no_show,adult_north,in_person",
        "A3,C2,2025-03-11,psychiatry,no_show,adult_south,video",
        "A4,C3,2025-03-12,psychiatry,kept,adult_north,in_person",
        "A5,C4,2025-03-13,psychiatry,no_show,adult_south,phone",
        "A6,C4,2025-03-20,psychiatry,kept,adult_south,phone",
        "A7,C5,2025-03-14,psychiatry,kept,adult_south,in_person",
    ],
)
# Five March discharges: C1 seen 2 days after, C2 14 days after, C3 never (and readmitted 16 days after
# the first), C4 2 days after.
HOSPITALIZATIONS = (
    "stay_id,client_key,admit_date,discharge_date,facility_type",
    [
        "H1,C1,2025-03-01,2025-03-03,acute_psychiatric_hospital",
        "H2,C3,2025-03-02,2025-03-04,acute_psychiatric_hospital",
        "H3,C3,2025-03-20,2025-03-22,acute_psychiatric_hospital",
        "H4,C2,2025-03-03,2025-03-06,acute_psychiatric_hospital",
        "H5,C4,2025-03-04,2025-03-07,acute_psychiatric_hospital",
    ],
)
SERVICES = (
    "service_id,client_key,date,mental_health_provider,modality,program,approved_amount",
    [
        "S1,C1,2025-03-05,true,assessment,adult_north,100",
        "S2,C2,2025-03-20,true,assessment,adult_south,200",
        "S3,C3,2025-03-10,false,case_management,adult_north,50",
        "S4,C4,2025-03-09,true,assessment,adult_south,80",
        "S5,C5,2025-03-15,true,assessment,adult_south,120",
    ],
)
ELIGIBLES = (
    "month,age_group,gender,race_ethnicity,primary_language,eligibles",
    [
        "2025-03,21_64,female,latino_hispanic,spanish,100",
        "2025-03,21_64,female,asian_pacific_islander,vietnamese,50",
        "2025-03,21_64,male,white,english,300",
        "2025-03,21_64,female,asian_pacific_islander,korean,20",
        "2025-03,21_64,male,african_american,unknown,30",
    ],
)


@pytest.fixture
def county():
    files = {
        "clients": CLIENTS,
        "requests": REQUESTS,
        "appointments": APPOINTMENTS,
        "hospitalizations": HOSPITALIZATIONS,
        "services": SERVICES,
        "eligibles": ELIGIBLES,
    }
    upload = run_import(*(incoming(f"{kind}.csv", csv_bytes(*rows), kind) for kind, rows in files.items()))
    assert upload.status == UploadStatus.LOADED
    computation = measures_recompute(trigger="manual")
    assert computation.status == ComputationStatus.SUCCEEDED, computation.message
    return computation


def march(code: str, stratum: str) -> dict[str, tuple[float, float]]:
    """The measure's March groups of ``stratum``: group -> (numerator, denominator), hidden or not."""
    rows = MeasureResult.objects.filter(
        measure__code=code, period_type="month", period_start=MARCH, stratum=stratum
    ).values_list("group", "numerator", "denominator")
    return {group: (numerator, denominator) for group, numerator, denominator in rows}


def march_total(code: str) -> tuple[float, float]:
    return march(code, "all")[""]


# --- The threshold-language rule --------------------------------------------------------------------------


def test_threshold_language_is_yes_for_the_marked_languages_no_for_the_others_and_missing_when_unknown():
    languages = pd.Series(["spanish", "english", "korean", "other", "unknown", "vietnamese"])

    groups = threshold_language_groups(languages, frozenset({"spanish", "vietnamese"}))

    assert groups.tolist()[:4] == ["yes", "no", "no", "no"]
    assert pd.isna(groups[4]), "an unknown language is not recorded, never 'no'"
    assert groups[5] == "yes"


def test_the_threshold_languages_are_those_the_language_code_list_marks_and_never_english():
    assert threshold_languages() == set(
        Code.objects.filter(code_list=CodeList.LANGUAGE, is_threshold=True).values_list("code", flat=True)
    )
    Code.objects.filter(code_list=CodeList.LANGUAGE, code__in=["korean", "english"]).update(is_threshold=True)

    assert "korean" in threshold_languages()
    assert "english" not in threshold_languages()


# --- Each new grouping on a small county ------------------------------------------------------------------


def test_no_shows_are_broken_down_by_gender_limited_english_threshold_language_and_region(county):
    code = "no-show-psychiatry"

    assert march_total(code) == (3, 7)
    assert march(code, "gender") == {"female": (1, 4), "male": (2, 3)}
    assert march(code, "limited_english") == {"yes": (1, 4), "no": (2, 3)}
    # C4 (language unknown) and C4 (no region) are in no group: the groups add up to less than the total.
    assert march(code, "threshold_language") == {"yes": (1, 3), "no": (1, 2)}
    assert march(code, "region") == {"north": (1, 3), "south": (1, 1), "east": (0, 1)}


def test_follow_up_and_readmission_are_broken_down_by_limited_english(county):
    # Limited English: C1 and C3 (twice); speaks English well: C2 and C4 (unknown language counts as not limited).
    assert march("follow-up-7-days", "limited_english") == {"yes": (1, 3), "no": (1, 2)}
    assert march("follow-up-30-days", "limited_english") == {"yes": (1, 3), "no": (2, 2)}
    assert march("readmission-30-days", "limited_english") == {"yes": (1, 3), "no": (0, 2)}
    assert march("follow-up-7-days", "threshold_language") == {"yes": (1, 1), "no": (0, 3)}
    assert march("follow-up-7-days", "region") == {"north": (1, 3), "south": (0, 1)}


def test_requests_are_broken_down_by_threshold_language_and_region(county):
    assert march("requests-offered", "threshold_language") == {"yes": (2, 2), "no": (1, 2)}
    assert march("requests-offered", "region") == {"north": (1, 2), "south": (1, 1), "east": (1, 1)}


def test_penetration_is_over_the_eligibles_of_each_threshold_language_group(county):
    rows = MeasureResult.objects.filter(
        measure__code="penetration-rate", period_type="month", period_start=MARCH, stratum="threshold_language"
    )
    by_group = {row.group: row for row in rows}

    # Clients served: C1 and C5 (yes), C2 and C3 (no); eligibles: Spanish and Vietnamese, English and Korean.
    assert (by_group["yes"].details["clients"], by_group["yes"].denominator) == (2, 150)
    assert (by_group["no"].details["clients"], by_group["no"].denominator) == (2, 320)
    assert by_group["yes"].value == pytest.approx(100 * 2 / 150)


def test_penetration_skips_the_groupings_the_eligibles_lack_while_dollars_per_client_has_them(county):
    Measure.objects.filter(code="penetration-rate").update(
        strata=["race_ethnicity", "threshold_language", "limited_english", "region"]
    )
    measures_recompute(trigger="manual")

    penetration = set(MeasureResult.objects.filter(measure__code="penetration-rate").values_list("stratum", flat=True))
    assert penetration == {"all", "race_ethnicity", "threshold_language"}
    dollars = MeasureResult.objects.filter(
        measure__code="approved-dollars-per-client", period_type="month", period_start=MARCH, stratum="region"
    )
    # North: C1 100 and C3 50; south: C2 200; east: C5 120; C4 has no region.
    assert {row.group: (row.numerator, row.denominator) for row in dollars} == {
        "north": (150, 2),
        "south": (200, 1),
        "east": (120, 1),
    }


# --- Disclosure: the yes/no groups are sums of the languages ----------------------------------------------

TIMELY = "routine-non-psychiatry-offered-10-days"
QUARTER = date(2025, 1, 1)
# (met, judged) per language; Spanish and the unknown language are small.
LANGUAGES = {"english": (30, 50), "spanish": (4, 8), "vietnamese": (12, 24), "korean": (11, 22), "unknown": (4, 7)}


def timeliness_release() -> list[tuple[str, str, dict]]:
    """One quarter of a timeliness measure by language and by threshold language, each table suppressed
    on its own as the recompute does."""
    group_of = threshold_nesting()["threshold_language"]
    by_threshold: dict[str, list[int]] = {}
    for language, (x, n) in LANGUAGES.items():
        group = group_of(language)
        if group is not None:
            met, judged = by_threshold.get(group, (0, 0))
            by_threshold[group] = [met + x, judged + n]
    total = [sum(x for x, _n in LANGUAGES.values()), sum(n for _x, n in LANGUAGES.values())]
    tables = {
        "all": {"": total},
        "language": {language: list(counts) for language, counts in LANGUAGES.items()},
        "threshold_language": by_threshold,
    }
    rows = []
    for stratum, groups in tables.items():
        decision = suppress_groups(
            [GroupCounts(group or "all", x, n) for group, (x, n) in groups.items()],
            proportion=True,
            total_shown=stratum != "all",
        )
        for group, (x, n) in groups.items():
            reason = decision.hidden.get(group or "all", "")
            row = {
                "period_type": "quarter",
                "period_start": QUARTER,
                "stratum": stratum,
                "group": group,
                "numerator": float(x),
                "denominator": float(n),
                "details": {},
                "suppressed": bool(reason),
                "reason": str(reason),
            }
            rows.append(("", TIMELY, row))
    return rows


def threshold_nesting():
    return {"threshold_language": threshold_group_of(frozenset({"spanish", "vietnamese"}))}


def shown(rows, stratum: str, group: str) -> dict | None:
    """The row of ``group`` if the public sees it."""
    found = next(r for _p, _c, r in rows if r["stratum"] == stratum and r["group"] == group)
    return None if found["suppressed"] else found


def test_a_language_hidden_in_its_table_comes_back_as_yes_minus_the_other_threshold_languages():
    rows = timeliness_release()
    spanish = next(r for _p, _c, r in rows if r["group"] == "spanish")
    yes, vietnamese = shown(rows, "threshold_language", "yes"), shown(rows, "language", "vietnamese")
    assert spanish["suppressed"]
    assert yes is not None
    assert vietnamese is not None
    assert yes["denominator"] - vietnamese["denominator"] == spanish["denominator"], "the intruder's subtraction"

    report = release_audit(release_build(rows, nestings=threshold_nesting()))

    narrowed = [form for form in report.failures if form.value == spanish["denominator"]]
    assert narrowed
    assert narrowed[0].lower == narrowed[0].upper == spanish["denominator"]


def test_protecting_the_release_hides_enough_that_no_language_comes_back():
    rows = timeliness_release()

    audit = release_protect_rows(rows, nestings=threshold_nesting())

    assert audit["passed"] is True
    assert not (shown(rows, "threshold_language", "yes") and shown(rows, "language", "vietnamese"))
    assert release_audit(release_build(rows, nestings=threshold_nesting())).passed


def test_the_unknown_language_is_the_hidden_not_recorded_part_of_the_threshold_groups():
    release = release_build(timeliness_release(), nestings=threshold_nesting())

    # One hidden part for the met requests and one for the judged ones: the unknown language's.
    unrecorded = [cell for cell in release.cells if cell.key[4:] == ("threshold_language", UNRECORDED)]
    assert unrecorded
    assert all(cell.hidden for cell in unrecorded)
    assert sorted(release.values[cell.quantities["n"]] for cell in unrecorded) == sorted(LANGUAGES["unknown"])


def test_a_release_with_the_yes_no_groups_but_not_their_languages_rule_is_refused():
    with pytest.raises(ValueError, match="threshold_language"):
        release_build(timeliness_release())


# --- A synthetic county, through the disclosure control to the pages --------------------------------------


@pytest.fixture
def published(tmp_path):
    from measures.imports.services import import_files
    from measures.synthetic import KINDS, county_write

    county_write(out_dir=tmp_path, clients=300, months=3, seed=5, start=date(2025, 1, 1))
    import_files(paths=[(kind, tmp_path / f"{kind}.csv") for kind in KINDS])
    computation = measures_recompute(trigger="manual")
    assert computation.status == ComputationStatus.SUCCEEDED, computation.message
    computation = population_results_recompute(computation=computation)
    assert computation.population_status == PopulationStatus.SUCCEEDED, computation.population_message
    return computation


def test_the_new_groupings_pass_the_disclosure_audit_and_compare_with_their_reference(published):
    assert published.disclosure_audit["passed"] is True
    assert published.population_disclosure_audit["passed"] is True
    regions = set(Code.objects.filter(code_list=CodeList.REGION).values_list("code", flat=True))
    assert set(MeasureResult.objects.filter(stratum="region").values_list("group", flat=True)) == regions
    assert set(MeasureResult.objects.filter(stratum="threshold_language").values_list("group", flat=True)) == {
        "yes",
        "no",
    }
    for stratum in ("threshold_language", "region"):
        assert PopulationResult.objects.filter(stratum=stratum).exists(), stratum
    # "No" (English or a non-threshold language) is the reference wherever the public may see it.
    references = MeasureResult.objects.filter(stratum="threshold_language", details__has_key="reference_rule")
    assert references.exists()
    for row in references:
        no_hidden = MeasureResult.objects.filter(
            measure=row.measure,
            period_type=row.period_type,
            period_start=row.period_start,
            stratum="threshold_language",
            group="no",
            suppressed=True,
        ).exists()
        assert row.group == "no" or no_hidden, (row.measure.code, row.period_start)


def region_labels() -> list[str]:
    """The regions of the small county, labelled and ordered as the code list has them."""
    codes = Code.objects.filter(code_list=CodeList.REGION, code__in=["north", "south", "east"])
    return [code.label for code in codes.order_by("order")]


def test_the_equity_page_offers_the_new_groupings_with_their_labels(client, county):
    page = client.get(reverse("measures:equity_dashboard")).content.decode()

    assert '<option value="threshold_language">Speaks a threshold language</option>' in page
    assert '<option value="region">Region</option>' in page
    by_region = client.get(reverse("measures:equity_dashboard"), {"stratum": "region", "period": "month"})
    assert [label for _code, label in by_region.context["groups"]] == region_labels()
    by_threshold = client.get(reverse("measures:equity_dashboard"), {"stratum": "threshold_language"})
    assert [label for _code, label in by_threshold.context["groups"]] == [
        "A threshold language other than English",
        "English or a non-threshold language",
    ]


def test_the_measure_page_names_the_new_groupings_and_their_groups(client, county):
    page = client.get(reverse("measures:measure_detail", args=["no-show-psychiatry"])).content.decode()

    for name in ("Gender", "Speaks a threshold language", "Limited English proficiency", "Region"):
        assert name in page
    for label in ["A threshold language other than English", "English or a non-threshold language", *region_labels()]:
        assert label in page
