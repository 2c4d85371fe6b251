"""A seeded synthetic county: the seven import files, realistic enough to find disparities in.

The demo, the dashboards and the import benchmark need service data that no county may share. This
module invents it: clients with the race, language and age mix of California Medi-Cal, access
requests whose waits are counted in business days against the state's timeliness standards (and are
longer, on purpose, for limited-English speakers and some racial groups), ongoing appointments,
psychiatric stays with readmission chains, services including post-discharge follow-up, monthly
eligibles and the county holiday calendar.

Everything is vectorised with numpy so that a million requests take seconds, and everything is
drawn from ``numpy.random.default_rng`` streams keyed by the seed and the kind of data, so the same
arguments always give byte-identical files, and writing only some of the files gives the same
bytes for those files as writing all of them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import numpy as np

KINDS: tuple[str, ...] = (
    "holidays",
    "eligibles",
    "clients",
    "requests",
    "appointments",
    "hospitalizations",
    "services",
)

HEADERS: dict[str, tuple[str, ...]] = {
    "holidays": ("date", "description"),
    "eligibles": ("month", "age_group", "gender", "race_ethnicity", "primary_language", "eligibles"),
    "clients": ("client_key", "birth_year", "gender", "hispanic_latino", "race", "primary_language", "region"),
    "requests": (
        "request_id",
        "client_key",
        "request_datetime",
        "urgency",
        "prior_auth_required",
        "service_line",
        "first_offered_datetime",
        "first_rendered_date",
        "program",
        "closure_reason",
        "delay_reason",
    ),
    "appointments": ("appointment_id", "client_key", "date", "service_line", "status", "program", "delivery_mode"),
    "hospitalizations": ("stay_id", "client_key", "admit_date", "discharge_date", "facility_type"),
    "services": (
        "service_id",
        "client_key",
        "date",
        "mental_health_provider",
        "modality",
        "program",
        "approved_amount",
    ),
}
COUNTY_OFFICES_OPEN = frozenset({"Susan B. Anthony Day"})

GENDERS = ("female", "male", "transgender_nonbinary", "unknown")
RACES = (
    "white",
    "latino_hispanic",
    "african_american",
    "asian_pacific_islander",
    "native_american",
    "other_unknown",
)
LANGUAGES = (
    "english",
    "spanish",
    "vietnamese",
    "chinese",
    "tagalog",
    "korean",
    "farsi",
    "arabic",
    "russian",
    "armenian",
    "other",
    "unknown",
)
REGIONS = ("north", "south", "east", "west")
AGE_GROUPS = ("0_5", "6_17", "18_20", "21_64", "65_plus")
AGE_GROUP_RANGES = ((0, 5), (6, 17), (18, 20), (21, 64), (65, 89))
URGENCIES = ("routine", "urgent")
SERVICE_LINES = ("non_psychiatry", "psychiatry")
PROGRAMS = (
    "adult_north",
    "adult_south",
    "children_youth",
    "transition_age_youth",
    "older_adults",
    "full_service_partnership",
    "crisis_services",
)
CLOSURE_REASONS = ("client_declined", "no_contact", "referred_out_of_network", "not_eligible", "client_moved", "other")
DELAY_REASONS = ("client_requested_specific_provider", "client_requested_later_date", "provider_availability", "other")
APPOINTMENT_STATUSES = ("kept", "no_show", "client_cancel", "provider_cancel")
DELIVERY_MODES = ("in_person", "video", "phone")
FACILITY_TYPES = ("acute_psychiatric_hospital", "psychiatric_health_facility", "crisis_residential")
MODALITIES = (
    "assessment",
    "individual_therapy",
    "group_therapy",
    "family_therapy",
    "medication_support",
    "case_management",
    "crisis_intervention",
    "peer_support",
    "intensive_care_coordination",
)

NO_CODE = -1
"""Code for a blank cell; label arrays carry a trailing "" so that index -1 writes nothing."""

COUNTY_TIME_ZONE = "America/Los_Angeles"
OFFICE_OPENS = 8 * 60
OFFICE_CLOSES = 17 * 60
LAST_APPOINTMENT_SLOT = 16 * 60 + 30
MINUTES_PER_DAY = 24 * 60
SAME_DAY_OFFER_LEAD_MINUTES = 15
SLOT_MINUTES = 15
READMISSION_WINDOW_DAYS = 30
WRITE_CHUNK_ROWS = 50_000

# Independent random streams: one per kind of data, so that writing a subset of the files draws
# exactly the same numbers for those files as writing all of them.
STREAMS = {
    "clients": 1,
    "request_timing": 2,
    "requests": 3,
    "hospitalizations": 4,
    "appointments": 5,
    "follow_ups": 6,
    "services": 7,
    "eligibles": 8,
}


_MODALITY_WEIGHTS_BY_PROGRAM = {
    #                            assess individ group  family medic  case   crisis peer   ICC
    "adult_north":              (0.03,  0.42,  0.15,  0.03,  0,     0.22,  0.02,  0.13,  0),
    "adult_south":              (0.03,  0.42,  0.15,  0.03,  0,     0.22,  0.02,  0.13,  0),
    "children_youth":           (0.03,  0.35,  0.08,  0.25,  0,     0.12,  0.02,  0,     0.15),
    "transition_age_youth":     (0.03,  0.40,  0.12,  0.08,  0,     0.20,  0.02,  0.15,  0),
    "older_adults":             (0.03,  0.45,  0.12,  0.05,  0,     0.25,  0.02,  0.08,  0),
    "full_service_partnership": (0.02,  0.25,  0.05,  0.03,  0,     0.30,  0.05,  0.15,  0.15),
    "crisis_services":          (0.05,  0.15,  0,     0.05,  0,     0.25,  0.40,  0.10,  0),
}  # fmt: skip


def _evening_hours() -> dict[int, float]:
    """Voicemail and web-form requests on a working day: mostly early evening, a few overnight."""
    return {
        **{17: 0.3, 18: 0.2, 19: 0.14, 20: 0.1, 21: 0.07, 22: 0.04, 23: 0.02},
        **dict.fromkeys(range(6), 0.01),
        **{6: 0.02, 7: 0.05},
    }


def _weekend_hours() -> dict[int, float]:
    """Requests on a weekend or holiday: spread over the waking day, a few at night."""
    weights = dict.fromkeys(range(24), 0.01)
    weights.update(dict.fromkeys(range(9, 21), 0.07))
    return weights


@dataclass(frozen=True)
class CountyParameters:
    """The rates the synthetic county is drawn from, named so a reader can check them against sources.

    Population shares follow California Medi-Cal's specialty mental health beneficiaries; waits and
    standards follow DHCS network adequacy (10 business days routine, 15 for psychiatry, 48/96 hours
    urgent); follow-up after hospitalisation follows NCQA's Medicaid means (FUH 7-day and 30-day).
    """

    race_ethnicity_shares: Mapping[str, float] = field(
        default_factory=lambda: {
            "latino_hispanic": 0.50,
            "white": 0.19,
            "other_unknown": 0.126,
            "asian_pacific_islander": 0.10,
            "african_american": 0.08,
            "native_american": 0.004,
        }
    )
    # The race a Hispanic client reports; the importer applies "Hispanic takes precedence".
    hispanic_reported_race_shares: Mapping[str, float] = field(
        default_factory=lambda: {
            "white": 0.40,
            "other_unknown": 0.46,
            "latino_hispanic": 0.09,
            "african_american": 0.02,
            "native_american": 0.02,
            "asian_pacific_islander": 0.01,
        }
    )
    language_shares_by_race_ethnicity: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: {
            "latino_hispanic": {"spanish": 0.45, "english": 0.535, "other": 0.005, "unknown": 0.01},
            "white": {
                "english": 0.945,
                "russian": 0.01,
                "armenian": 0.012,
                "farsi": 0.01,
                "arabic": 0.006,
                "other": 0.009,
                "unknown": 0.008,
            },
            "african_american": {"english": 0.97, "other": 0.015, "unknown": 0.015},
            "asian_pacific_islander": {
                "english": 0.58,
                "vietnamese": 0.13,
                "chinese": 0.11,
                "tagalog": 0.09,
                "korean": 0.05,
                "other": 0.025,
                "unknown": 0.015,
            },
            "native_american": {"english": 0.97, "unknown": 0.03},
            "other_unknown": {
                "english": 0.87,
                "arabic": 0.015,
                "farsi": 0.012,
                "armenian": 0.005,
                "russian": 0.005,
                "other": 0.03,
                "unknown": 0.063,
            },
        }
    )
    age_group_shares: Mapping[str, float] = field(
        default_factory=lambda: {"0_5": 0.04, "6_17": 0.30, "18_20": 0.07, "21_64": 0.54, "65_plus": 0.05}
    )
    gender_shares: Mapping[str, float] = field(
        default_factory=lambda: {"female": 0.52, "male": 0.45, "transgender_nonbinary": 0.015, "unknown": 0.015}
    )
    region_shares_by_race_ethnicity: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: {
            "latino_hispanic": {"north": 0.20, "south": 0.35, "east": 0.30, "west": 0.15},
            "white": {"north": 0.35, "south": 0.20, "east": 0.15, "west": 0.30},
            "african_american": {"north": 0.25, "south": 0.40, "east": 0.20, "west": 0.15},
            "asian_pacific_islander": {"north": 0.30, "south": 0.20, "east": 0.15, "west": 0.35},
            "native_american": {"north": 0.40, "south": 0.20, "east": 0.30, "west": 0.10},
            "other_unknown": {"north": 0.28, "south": 0.27, "east": 0.22, "west": 0.23},
        }
    )
    # Most clients ask once in the window; some come back for a new episode of care.
    requests_per_client_shares: Mapping[int, float] = field(default_factory=lambda: {1: 0.83, 2: 0.135, 3: 0.035})
    min_days_between_episodes: int = 45

    after_hours_request_share: float = 0.06
    after_hours_hour_weights_business_day: Mapping[int, float] = field(default_factory=_evening_hours)
    after_hours_hour_weights_closed_day: Mapping[int, float] = field(default_factory=_weekend_hours)

    urgent_share: float = 0.10
    prior_auth_share_of_urgent: float = 0.30
    psychiatry_share: float = 0.25
    transition_age_youth_share: float = 0.45
    older_adults_program_share: float = 0.65
    full_service_partnership_share_of_adult_routine: float = 0.05
    crisis_services_share_of_urgent: float = 0.35

    # Waits: gamma-distributed, scaled by the multipliers below.
    routine_wait_business_days_mean: float = 6.8
    psychiatry_wait_business_days_mean: float = 10.8
    routine_wait_gamma_shape: float = 2.0
    urgent_wait_hours_mean: float = 13.5
    urgent_prior_auth_wait_hours_mean: float = 39.0
    urgent_wait_gamma_shape: float = 2.0
    # An urgent offer that would fall outside office hours takes one of the first slots next morning.
    urgent_first_slots_after_opening: int = 6
    limited_english_wait_multiplier: float = 1.35
    race_ethnicity_wait_multipliers: Mapping[str, float] = field(
        default_factory=lambda: {"african_american": 1.15, "native_american": 1.25}
    )
    # A quality-improvement project takes hold in the second half of the window.
    improvement_starts_at_fraction: float = 0.5
    improvement_ramp_fraction: float = 0.125
    improvement_wait_reduction: float = 0.18

    routine_standard_business_days: int = 10
    psychiatry_standard_business_days: int = 15
    urgent_standard_hours: int = 48
    urgent_prior_auth_standard_hours: int = 96
    delay_reason_share_outside_standard: float = 0.8
    delay_reason_shares: Mapping[str, float] = field(
        default_factory=lambda: {
            "provider_availability": 0.45,
            "client_requested_later_date": 0.25,
            "client_requested_specific_provider": 0.15,
            "other": 0.15,
        }
    )

    never_offered_share: float = 0.05
    never_offered_closure_shares: Mapping[str, float] = field(
        default_factory=lambda: {
            "not_eligible": 0.25,
            "referred_out_of_network": 0.25,
            "no_contact": 0.25,
            "client_declined": 0.10,
            "client_moved": 0.07,
            "other": 0.08,
        }
    )
    never_rendered_share_of_offered: float = 0.12
    never_rendered_closure_shares: Mapping[str, float] = field(
        default_factory=lambda: {"no_contact": 0.45, "client_declined": 0.35, "client_moved": 0.08, "other": 0.12}
    )
    rendered_on_offer_date_share: float = 0.6
    rendered_later_geometric_p: float = 0.4
    missed_first_offer_share_when_rendered_later: float = 0.5
    # Some who decline do so by cancelling the first appointment they had booked.
    declined_after_booking_share: float = 0.5
    missed_first_offer_status_shares: Mapping[str, float] = field(
        default_factory=lambda: {"no_show": 0.6, "client_cancel": 0.25, "provider_cancel": 0.15}
    )

    # Ongoing care after the first rendered service: a few visits a month for a few months.
    episode_months_geometric_p: float = 0.33
    episode_months_max: int = 9
    visits_per_month: float = 2.5
    business_days_per_month: int = 21
    no_show_base_rate: float = 0.115
    no_show_multiplier_psychiatry: float = 1.3
    no_show_multiplier_by_mode: Mapping[str, float] = field(
        default_factory=lambda: {"in_person": 1.15, "video": 0.75, "phone": 0.9}
    )
    client_cancel_rate: float = 0.06
    provider_cancel_rate: float = 0.04
    delivery_mode_shares: Mapping[str, float] = field(
        default_factory=lambda: {"in_person": 0.55, "video": 0.30, "phone": 0.15}
    )
    psychiatry_delivery_mode_shares: Mapping[str, float] = field(
        default_factory=lambda: {"in_person": 0.45, "video": 0.40, "phone": 0.15}
    )
    first_visit_delivery_mode_shares: Mapping[str, float] = field(
        default_factory=lambda: {"in_person": 0.75, "video": 0.2, "phone": 0.05}
    )
    # Psychiatry is always medication support and a first visit always an assessment; these are the rest.
    modality_weights_by_program: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: {
            program: dict(zip(MODALITIES, weights, strict=True))
            for program, weights in _MODALITY_WEIGHTS_BY_PROGRAM.items()
        }
    )
    # Mean approved amount and its spread (log scale) per modality; clipped to the plan's rate range.
    amount_mean_by_modality: Mapping[str, float] = field(
        default_factory=lambda: {
            "assessment": 340.0,
            "individual_therapy": 175.0,
            "group_therapy": 95.0,
            "family_therapy": 205.0,
            "medication_support": 240.0,
            "case_management": 115.0,
            "crisis_intervention": 430.0,
            "peer_support": 88.0,
            "intensive_care_coordination": 165.0,
        }
    )
    amount_log_spread: float = 0.2
    amount_minimum: float = 80.0
    amount_maximum: float = 600.0

    # Psychiatric stays.
    stay_client_share: float = 0.045
    stay_length_min_days: int = 3
    stay_length_max_days: int = 14
    stay_length_binomial_p: float = 0.35
    facility_type_shares: Mapping[str, float] = field(
        default_factory=lambda: {
            "acute_psychiatric_hospital": 0.6,
            "psychiatric_health_facility": 0.25,
            "crisis_residential": 0.15,
        }
    )
    readmission_within_30_days_share: float = 0.14
    later_stay_share: float = 0.07
    later_stay_max_days: int = 240
    max_stays_per_chain: int = 8

    # Follow-up after discharge (NCQA FUH Medicaid means: about 37% within 7 days, 57% within 30).
    follow_up_within_7_days_share: float = 0.37
    follow_up_8_to_30_days_share: float = 0.20
    follow_up_non_mental_health_only_share: float = 0.10
    follow_up_after_30_days_share: float = 0.08
    # A visit on the discharge day itself doesn't count; it is most tempting to count where nothing else does.
    discharge_day_visit_share_with_7_day_follow_up: float = 0.08
    discharge_day_visit_share_without: float = 0.2
    follow_up_modality_shares: Mapping[str, float] = field(
        default_factory=lambda: {
            "case_management": 0.35,
            "individual_therapy": 0.25,
            "medication_support": 0.25,
            "peer_support": 0.10,
            "intensive_care_coordination": 0.05,
        }
    )
    non_mental_health_follow_up_modality_shares: Mapping[str, float] = field(
        default_factory=lambda: {"medication_support": 0.6, "case_management": 0.4}
    )

    # Eligibles: clients served are about 4.5% of Medi-Cal eligibles, less for some groups.
    penetration_rate: float = 0.045
    penetration_multiplier_by_race_ethnicity: Mapping[str, float] = field(
        default_factory=lambda: {
            "white": 1.35,
            "african_american": 1.45,
            "latino_hispanic": 0.75,
            "asian_pacific_islander": 0.55,
            "native_american": 1.1,
            "other_unknown": 1.0,
        }
    )
    penetration_multiplier_by_age_group: Mapping[str, float] = field(
        default_factory=lambda: {"0_5": 0.35, "6_17": 1.0, "18_20": 1.1, "21_64": 1.1, "65_plus": 0.45}
    )
    penetration_multiplier_limited_english: float = 0.8
    enrolment_monthly_drift: float = -0.004


# --- Helpers ---------------------------------------------------------------------------------------


def _stream(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(STREAMS[name],)))


def _shares(mapping: Mapping, labels: tuple) -> np.ndarray:
    """Probabilities in the order of ``labels``; keys missing from the mapping get zero."""
    unknown = set(mapping) - set(labels)
    if unknown:
        raise ValueError(f"Unknown categories {sorted(unknown)}; expected some of {labels}")
    weights = np.array([float(mapping.get(label, 0.0)) for label in labels])
    return weights / weights.sum()


def _share_table(mapping: Mapping[str, Mapping], rows: tuple, columns: tuple) -> np.ndarray:
    return np.vstack([_shares(mapping[row], columns) for row in rows])


def _choose(rng: np.random.Generator, probabilities: np.ndarray, size: int) -> np.ndarray:
    return rng.choice(len(probabilities), size=size, p=probabilities).astype(np.int8)


def _choose_within(rng: np.random.Generator, groups: np.ndarray, table: np.ndarray) -> np.ndarray:
    """One category per row from the table row of that row's group (inverse CDF, one uniform per row)."""
    uniforms = rng.random(len(groups))
    cumulative = np.cumsum(table, axis=1)
    cumulative[:, -1] = 1.0
    chosen = np.empty(len(groups), dtype=np.int8)
    for group in range(table.shape[0]):
        members = groups == group
        chosen[members] = np.searchsorted(cumulative[group], uniforms[members], side="right")
    return chosen


def _year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[Y]").astype(np.int64) + 1970


def _month_add(month_start: date, months: int) -> date:
    years, month_index = divmod(month_start.month - 1 + months, 12)
    return date(month_start.year + years, month_index + 1, 1)


def county_default_start(months: int, today: date | None = None) -> date:
    """The first day of the month ``months`` before this one, so the window ends with last month."""
    this_month = (today or date.today()).replace(day=1)
    return _month_add(this_month, -months)


def _spring_forward_days(years: range) -> np.ndarray:
    """The days on which the county's clocks jump from 02:00 to 03:00, from the time-zone database."""
    zone = ZoneInfo(COUNTY_TIME_ZONE)
    days = np.arange(np.datetime64(f"{years.start}-01-01"), np.datetime64(f"{years.stop}-01-01")).tolist()
    offsets = [datetime.combine(day, time(12), tzinfo=zone).utcoffset() for day in days]
    return np.array(
        [day for day, before, after in zip(days[1:], offsets, offsets[1:], strict=False) if after > before],
        dtype="datetime64[D]",
    )


@dataclass(frozen=True)
class CountyCalendar:
    """The window (first day, and the first day after it) and the county's business days.

    Waits are counted in business days: weekends and the county's holidays don't count, and the day
    of the request is day 0, which is exactly numpy's ``busday_count``/``busday_offset`` arithmetic.
    """

    start: np.datetime64
    end: np.datetime64
    months: int
    holiday_rows: tuple[tuple[str, str], ...]
    business_days: np.busdaycalendar
    spring_forward_days: np.ndarray

    @classmethod
    def for_window(cls, start: date, months: int) -> CountyCalendar:
        start = start.replace(day=1)
        end = _month_add(start, months)
        last_day = date.fromordinal(end.toordinal() - 1)
        window_years = range(start.year, last_day.year + 1)
        # Offsets past the window are computed (then dropped), so the calendar reaches a year further.
        calendar_years = range(start.year, last_day.year + 3)
        # Observances on which county offices stay open are not business-day holidays.
        california = {
            day: name
            for day, name in holidays.country_holidays("US", subdiv="CA", years=list(calendar_years)).items()
            if name not in COUNTY_OFFICES_OPEN
        }
        holiday_rows = tuple(
            (day.isoformat(), name) for day, name in sorted(california.items()) if day.year in window_years
        )
        holiday_days = np.array(sorted(california), dtype="datetime64[D]")
        return cls(
            start=np.datetime64(start, "D"),
            end=np.datetime64(end, "D"),
            months=months,
            holiday_rows=holiday_rows,
            business_days=np.busdaycalendar(weekmask="1111100", holidays=holiday_days),
            spring_forward_days=_spring_forward_days(calendar_years),
        )

    @property
    def days(self) -> int:
        return int((self.end - self.start).astype(np.int64))

    def offset(self, days: np.ndarray, business_days: np.ndarray | int, roll: str = "forward") -> np.ndarray:
        return np.busday_offset(days, business_days, roll=roll, busdaycal=self.business_days)

    def is_business_day(self, days: np.ndarray) -> np.ndarray:
        return np.is_busday(days, busdaycal=self.business_days)

    def count(self, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        return np.busday_count(first, last, busdaycal=self.business_days)

    def business_days_in_window(self) -> np.ndarray:
        every_day = np.arange(self.start, self.end, dtype="datetime64[D]")
        return every_day[self.is_business_day(every_day)]

    def skip_spring_forward_gap(self, days: np.ndarray, minutes: np.ndarray) -> np.ndarray:
        """Move a wall-clock time that never happened (02:00–02:59 when clocks jump) an hour on."""
        in_gap = np.isin(days, self.spring_forward_days) & (minutes >= 120) & (minutes < 180)
        return np.where(in_gap, minutes + 60, minutes)


# --- Clients and requests -------------------------------------------------------------------------


@dataclass
class Clients:
    """One entry per client (index i is client key C…i+1), categories as codes into the label tuples."""

    gender: np.ndarray
    hispanic: np.ndarray
    race: np.ndarray
    race_ethnicity: np.ndarray
    language: np.ndarray
    region: np.ndarray
    birth_year: np.ndarray

    def __len__(self) -> int:
        return len(self.gender)


@dataclass
class Requests:
    """One row per access request, in order of request time (which is also request_id order)."""

    client: np.ndarray
    day: np.ndarray
    minute: np.ndarray
    urgency: np.ndarray
    prior_auth: np.ndarray
    service_line: np.ndarray
    program: np.ndarray
    offer_day: np.ndarray
    offer_minute: np.ndarray
    rendered_day: np.ndarray
    closure: np.ndarray
    delay: np.ndarray

    def __len__(self) -> int:
        return len(self.client)


def _clients_draw(count: int, parameters: CountyParameters, rng: np.random.Generator) -> tuple[Clients, np.ndarray]:
    """Clients without their birth year, and their age at first request (fixed once requests are timed)."""
    race_ethnicity = _choose(rng, _shares(parameters.race_ethnicity_shares, RACES), count)
    hispanic = race_ethnicity == RACES.index("latino_hispanic")
    reported = _choose(rng, _shares(parameters.hispanic_reported_race_shares, RACES), count)
    race = np.where(hispanic, reported, race_ethnicity).astype(np.int8)
    language_table = _share_table(parameters.language_shares_by_race_ethnicity, RACES, LANGUAGES)
    language = _choose_within(rng, race_ethnicity, language_table)
    region_table = _share_table(parameters.region_shares_by_race_ethnicity, RACES, REGIONS)
    region = _choose_within(rng, race_ethnicity, region_table)
    gender = _choose(rng, _shares(parameters.gender_shares, GENDERS), count)
    age_group = _choose(rng, _shares(parameters.age_group_shares, AGE_GROUPS), count)
    lowest = np.array([low for low, _ in AGE_GROUP_RANGES])[age_group]
    highest = np.array([high for _, high in AGE_GROUP_RANGES])[age_group]
    age_at_first_request = rng.integers(lowest, highest + 1)
    clients = Clients(
        gender=gender,
        hispanic=hispanic,
        race=race,
        race_ethnicity=race_ethnicity,
        language=language,
        region=region,
        birth_year=np.zeros(count, dtype=np.int64),
    )
    return clients, age_at_first_request


def _requests_timed(
    client_count: int, calendar: CountyCalendar, parameters: CountyParameters, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(client, day, minute, episode) per request, grouped by client and in time order within a client.

    Episodes of one client are at least ``min_days_between_episodes`` apart: positions are drawn
    uniformly in a shortened window and then spread by the gap, which keeps them uniform.
    """
    sizes = np.array(sorted(parameters.requests_per_client_shares))
    per_client = sizes[_choose(rng, _shares(parameters.requests_per_client_shares, tuple(sizes)), client_count)]
    client = np.repeat(np.arange(client_count, dtype=np.int64), per_client)
    first_row = np.cumsum(per_client) - per_client
    episode = np.arange(len(client)) - first_row[client]
    episodes = per_client[client]
    gap = np.minimum(parameters.min_days_between_episodes / calendar.days, 0.5 / episodes)
    position = rng.random(len(client)) * (1.0 - (episodes - 1) * gap)
    position = position[np.lexsort((position, client))] + episode * gap

    office_days = calendar.business_days_in_window()
    day = office_days[np.minimum((position * len(office_days)).astype(np.int64), len(office_days) - 1)]
    minute = rng.integers(OFFICE_OPENS, OFFICE_CLOSES, size=len(client))

    after_hours = rng.random(len(client)) < parameters.after_hours_request_share
    calendar_day = calendar.start + np.minimum((position * calendar.days).astype(np.int64), calendar.days - 1)
    day = np.where(after_hours, calendar_day, day)
    open_day = calendar.is_business_day(day)
    for weights, rows in (
        (parameters.after_hours_hour_weights_business_day, after_hours & open_day),
        (parameters.after_hours_hour_weights_closed_day, after_hours & ~open_day),
    ):
        hours = np.array(sorted(weights))
        drawn = hours[_choose(rng, _shares(weights, tuple(hours)), int(rows.sum()))]
        minute[rows] = drawn * 60 + rng.integers(0, 60, size=len(drawn))
    minute = calendar.skip_spring_forward_gap(day, minute)
    return client, day, minute, episode


def _program_choose(
    rng: np.random.Generator,
    age: np.ndarray,
    region: np.ndarray,
    urgent: np.ndarray,
    parameters: CountyParameters,
) -> np.ndarray:
    """The program that takes the request: by age first, then the specialised programs."""
    north_or_west = np.isin(region, [REGIONS.index("north"), REGIONS.index("west")])
    program = np.where(north_or_west, PROGRAMS.index("adult_north"), PROGRAMS.index("adult_south")).astype(np.int8)
    program[age < 18] = PROGRAMS.index("children_youth")
    by_age = rng.random(len(age))
    program[(age >= 16) & (age <= 25) & (by_age < parameters.transition_age_youth_share)] = PROGRAMS.index(
        "transition_age_youth"
    )
    program[(age >= 60) & (by_age < parameters.older_adults_program_share)] = PROGRAMS.index("older_adults")
    partnership = (
        (age >= 18) & ~urgent & (rng.random(len(age)) < parameters.full_service_partnership_share_of_adult_routine)
    )
    program[partnership] = PROGRAMS.index("full_service_partnership")
    crisis = urgent & (rng.random(len(age)) < parameters.crisis_services_share_of_urgent)
    program[crisis] = PROGRAMS.index("crisis_services")
    return program


def _wait_multiplier(
    clients: Clients, client: np.ndarray, day: np.ndarray, calendar: CountyCalendar, parameters: CountyParameters
) -> np.ndarray:
    """How much longer (or, after the improvement, shorter) this client's wait is than the base."""
    limited_english = ~np.isin(clients.language[client], [LANGUAGES.index("english"), LANGUAGES.index("unknown")])
    multiplier = np.where(limited_english, parameters.limited_english_wait_multiplier, 1.0)
    by_race = np.ones(len(RACES))
    for race, factor in parameters.race_ethnicity_wait_multipliers.items():
        by_race[RACES.index(race)] = factor
    multiplier *= by_race[clients.race_ethnicity[client]]
    elapsed = (day - calendar.start).astype(np.int64) / calendar.days
    ramp = np.clip(
        (elapsed - parameters.improvement_starts_at_fraction) / parameters.improvement_ramp_fraction, 0.0, 1.0
    )
    return multiplier * (1.0 - parameters.improvement_wait_reduction * ramp)


def _routine_offers(
    rng: np.random.Generator,
    day: np.ndarray,
    minute: np.ndarray,
    mean_business_days: np.ndarray,
    calendar: CountyCalendar,
    parameters: CountyParameters,
) -> tuple[np.ndarray, np.ndarray]:
    """An appointment slot some business days after the request, never before the request itself."""
    shape = parameters.routine_wait_gamma_shape
    wait = np.rint(rng.gamma(shape, mean_business_days / shape)).astype(np.int64)
    offer_day = calendar.offset(day, wait)
    offer_minute = OFFICE_OPENS + 30 * rng.integers(0, (LAST_APPOINTMENT_SLOT - OFFICE_OPENS) // 30 + 1, len(day))
    too_soon = (offer_day == day) & (offer_minute < minute + SAME_DAY_OFFER_LEAD_MINUTES)
    offer_day[too_soon] = calendar.offset(offer_day[too_soon], 1)
    return offer_day, offer_minute


def _urgent_offers(
    rng: np.random.Generator,
    day: np.ndarray,
    minute: np.ndarray,
    mean_hours: np.ndarray,
    calendar: CountyCalendar,
    parameters: CountyParameters,
) -> tuple[np.ndarray, np.ndarray]:
    """A slot some hours after the request, moved to the next quarter hour the clinic is open."""
    shape = parameters.urgent_wait_gamma_shape
    offered_at = (
        (day - calendar.start).astype(np.int64) * MINUTES_PER_DAY
        + minute
        + np.rint(rng.gamma(shape, mean_hours / shape) * 60).astype(np.int64)
    )
    offered_at = -(-offered_at // SLOT_MINUTES) * SLOT_MINUTES
    offer_day = calendar.start + offered_at // MINUTES_PER_DAY
    offer_minute = offered_at % MINUTES_PER_DAY
    open_day = calendar.is_business_day(offer_day)
    before_opening = open_day & (offer_minute < OFFICE_OPENS)
    after_closing = ~open_day | (offer_minute > LAST_APPOINTMENT_SLOT)
    offer_day[after_closing] = calendar.offset(offer_day[after_closing], open_day[after_closing].astype(np.int64))
    moved = before_opening | after_closing
    first_slots = parameters.urgent_first_slots_after_opening
    offer_minute[moved] = OFFICE_OPENS + SLOT_MINUTES * rng.integers(0, first_slots, int(moved.sum()))
    return offer_day, offer_minute


def _standard_exceeded(
    day: np.ndarray,
    minute: np.ndarray,
    offer_day: np.ndarray,
    offer_minute: np.ndarray,
    urgent: np.ndarray,
    prior_auth: np.ndarray,
    psychiatry: np.ndarray,
    calendar: CountyCalendar,
    parameters: CountyParameters,
) -> np.ndarray:
    """Whether the first offer missed the timeliness standard: the offers that need a delay reason."""
    business_days = calendar.count(day, offer_day)
    routine_standard = np.where(
        psychiatry, parameters.psychiatry_standard_business_days, parameters.routine_standard_business_days
    )
    hours = ((offer_day - day).astype(np.int64) * MINUTES_PER_DAY + offer_minute - minute) / 60
    urgent_standard = np.where(
        prior_auth, parameters.urgent_prior_auth_standard_hours, parameters.urgent_standard_hours
    )
    return np.where(urgent, hours > urgent_standard, business_days > routine_standard)


def _population_draw(
    client_count: int, calendar: CountyCalendar, parameters: CountyParameters, seed: int
) -> tuple[Clients, Requests]:
    """Clients and their requests, drawn together because a birth year depends on the first request.

    The result is what the county would know on the first day after the window: offers and first
    services that fall later are blank, and such requests have no closure reason yet.
    """
    clients, age_at_first_request = _clients_draw(client_count, parameters, _stream(seed, "clients"))
    client, day, minute, episode = _requests_timed(client_count, calendar, parameters, _stream(seed, "request_timing"))
    first_request_day = day[episode == 0]
    clients.birth_year = _year_of(first_request_day) - age_at_first_request

    rng = _stream(seed, "requests")
    count = len(client)
    age = _year_of(day) - clients.birth_year[client]
    urgent = rng.random(count) < parameters.urgent_share
    prior_auth = urgent & (rng.random(count) < parameters.prior_auth_share_of_urgent)
    psychiatry = rng.random(count) < parameters.psychiatry_share
    program = _program_choose(rng, age, clients.region[client], urgent, parameters)

    multiplier = _wait_multiplier(clients, client, day, calendar, parameters)
    offer_day = np.empty(count, dtype="datetime64[D]")
    offer_minute = np.empty(count, dtype=np.int64)
    routine_mean = np.where(
        psychiatry, parameters.psychiatry_wait_business_days_mean, parameters.routine_wait_business_days_mean
    )
    offer_day[~urgent], offer_minute[~urgent] = _routine_offers(
        rng, day[~urgent], minute[~urgent], (routine_mean * multiplier)[~urgent], calendar, parameters
    )
    urgent_mean = np.where(prior_auth, parameters.urgent_prior_auth_wait_hours_mean, parameters.urgent_wait_hours_mean)
    offer_day[urgent], offer_minute[urgent] = _urgent_offers(
        rng, day[urgent], minute[urgent], (urgent_mean * multiplier)[urgent], calendar, parameters
    )

    closure = np.full(count, NO_CODE, dtype=np.int8)
    never_offered = rng.random(count) < parameters.never_offered_share
    closure[never_offered] = _choose(
        rng, _shares(parameters.never_offered_closure_shares, CLOSURE_REASONS), int(never_offered.sum())
    )
    never_rendered = ~never_offered & (rng.random(count) < parameters.never_rendered_share_of_offered)
    closure[never_rendered] = _choose(
        rng, _shares(parameters.never_rendered_closure_shares, CLOSURE_REASONS), int(never_rendered.sum())
    )
    later = rng.random(count) >= parameters.rendered_on_offer_date_share
    extra_days = np.where(later, rng.geometric(parameters.rendered_later_geometric_p, count), 0)
    rendered_day = calendar.offset(offer_day, extra_days)

    delay = np.full(count, NO_CODE, dtype=np.int8)
    outside = _standard_exceeded(
        day, minute, offer_day, offer_minute, urgent, prior_auth, psychiatry, calendar, parameters
    )
    explained = ~never_offered & outside & (rng.random(count) < parameters.delay_reason_share_outside_standard)
    delay[explained] = _choose(rng, _shares(parameters.delay_reason_shares, DELAY_REASONS), int(explained.sum()))

    not_yet_offered = ~never_offered & (offer_day >= calendar.end)
    not_yet_rendered = ~never_offered & ~never_rendered & (rendered_day >= calendar.end)
    closure[not_yet_offered] = NO_CODE
    delay[not_yet_offered] = NO_CODE
    offer_day[never_offered | not_yet_offered] = np.datetime64("NaT")
    rendered_day[never_offered | never_rendered | not_yet_offered | not_yet_rendered] = np.datetime64("NaT")

    chronological = np.lexsort((episode, client, minute, day))
    requests = Requests(
        client=client,
        day=day,
        minute=minute,
        urgency=urgent.astype(np.int8),
        prior_auth=prior_auth,
        service_line=psychiatry.astype(np.int8),
        program=program,
        offer_day=offer_day,
        offer_minute=offer_minute,
        rendered_day=rendered_day,
        closure=closure,
        delay=delay,
    )
    for name, values in list(vars(requests).items()):
        setattr(requests, name, values[chronological])
    return clients, requests


# --- Stays, appointments and services ---------------------------------------------------------------


@dataclass
class Stays:
    """Psychiatric stays in admission order; a discharge of NaT means the client is still in."""

    client: np.ndarray
    admit: np.ndarray
    discharge: np.ndarray
    facility: np.ndarray

    def __len__(self) -> int:
        return len(self.client)


@dataclass
class Appointments:
    """Appointments in date order; ``first_visit`` marks the visit that rendered a request's first service."""

    client: np.ndarray
    day: np.ndarray
    service_line: np.ndarray
    status: np.ndarray
    program: np.ndarray
    mode: np.ndarray
    first_visit: np.ndarray

    def __len__(self) -> int:
        return len(self.client)


@dataclass
class Services:
    """Services in date order, amounts in whole cents so they are written exactly."""

    client: np.ndarray
    day: np.ndarray
    mental_health_provider: np.ndarray
    modality: np.ndarray
    program: np.ndarray
    cents: np.ndarray

    def __len__(self) -> int:
        return len(self.client)


def _stays_draw(client_count: int, calendar: CountyCalendar, parameters: CountyParameters, seed: int) -> Stays:
    """Psychiatric stays as chains: after each discharge, a readmission within 30 days, a later stay, or none."""
    rng = _stream(seed, "hospitalizations")
    client = np.flatnonzero(rng.random(client_count) < parameters.stay_client_share)
    admit = calendar.start + rng.integers(0, calendar.days, len(client))
    facility_shares = _shares(parameters.facility_type_shares, FACILITY_TYPES)
    length_span = parameters.stay_length_max_days - parameters.stay_length_min_days
    parts: list[tuple[np.ndarray, ...]] = []
    for _ in range(parameters.max_stays_per_chain):
        length = parameters.stay_length_min_days + rng.binomial(
            length_span, parameters.stay_length_binomial_p, len(client)
        )
        discharge = admit + length
        parts.append((client, admit, discharge, _choose(rng, facility_shares, len(client))))
        outcome = rng.random(len(client))
        readmitted = outcome < parameters.readmission_within_30_days_share
        later = ~readmitted & (outcome < parameters.readmission_within_30_days_share + parameters.later_stay_share)
        next_admit = discharge + np.where(
            readmitted,
            rng.integers(1, READMISSION_WINDOW_DAYS + 1, len(client)),
            rng.integers(READMISSION_WINDOW_DAYS + 1, parameters.later_stay_max_days + 1, len(client)),
        )
        continues = (readmitted | later) & (next_admit < calendar.end)
        client, admit = client[continues], next_admit[continues]
    client, admit, discharge, facility = (np.concatenate(columns) for columns in zip(*parts, strict=True))
    discharge[discharge >= calendar.end] = np.datetime64("NaT")
    order = np.lexsort((client, admit))
    return Stays(client=client[order], admit=admit[order], discharge=discharge[order], facility=facility[order])


def _during_stay_or_after(client: np.ndarray, day: np.ndarray, stays: Stays, calendar: CountyCalendar) -> np.ndarray:
    """True for a visit between a client's admission and 30 days after discharge (or the end, if still in).

    Routine outpatient visits there would blur the follow-up-after-hospitalisation measure, whose
    rate is set deliberately by the follow-up services instead.
    """
    inside = np.zeros(len(client), dtype=bool)
    candidates = np.flatnonzero(np.isin(client, stays.client))
    if len(candidates) == 0:
        return inside
    blocked_until = np.where(np.isnat(stays.discharge), calendar.end, stays.discharge + READMISSION_WINDOW_DAYS)
    by_client = np.argsort(stays.client, kind="stable")
    stay_clients = stays.client[by_client]
    first = np.searchsorted(stay_clients, client[candidates], side="left")
    last = np.searchsorted(stay_clients, client[candidates], side="right")
    for extra in range(int((last - first).max())):
        has = first + extra < last
        stay = by_client[np.minimum(first + extra, len(by_client) - 1)]
        hit = has & (day[candidates] >= stays.admit[stay]) & (day[candidates] <= blocked_until[stay])
        inside[candidates[hit]] = True
    return inside


def _appointments_draw(
    requests: Requests, stays: Stays, calendar: CountyCalendar, parameters: CountyParameters, seed: int
) -> Appointments:
    """The first rendered visit, missed first offers, and a few months of ongoing visits per episode."""
    rng = _stream(seed, "appointments")
    rendered = np.flatnonzero(~np.isnat(requests.rendered_day))
    offered = ~np.isnat(requests.offer_day)

    first_mode = _choose(rng, _shares(parameters.first_visit_delivery_mode_shares, DELIVERY_MODES), len(rendered))
    first = (rendered, requests.rendered_day[rendered], np.zeros(len(rendered), dtype=np.int8), first_mode)

    rendered_later = offered & ~np.isnat(requests.rendered_day) & (requests.rendered_day > requests.offer_day)
    missed_after_later = rendered_later & (
        rng.random(len(requests)) < parameters.missed_first_offer_share_when_rendered_later
    )
    no_contact = offered & (requests.closure == CLOSURE_REASONS.index("no_contact"))
    declined = (
        offered
        & (requests.closure == CLOSURE_REASONS.index("client_declined"))
        & (rng.random(len(requests)) < parameters.declined_after_booking_share)
    )
    missed = np.flatnonzero(missed_after_later | no_contact | declined)
    missed_status = np.where(
        no_contact[missed],
        APPOINTMENT_STATUSES.index("no_show"),
        np.where(
            declined[missed],
            APPOINTMENT_STATUSES.index("client_cancel"),
            _choose(rng, _shares(parameters.missed_first_offer_status_shares, APPOINTMENT_STATUSES), len(missed)),
        ),
    ).astype(np.int8)
    missed_mode = _choose(rng, _shares(parameters.first_visit_delivery_mode_shares, DELIVERY_MODES), len(missed))
    missed_rows = (missed, requests.offer_day[missed], missed_status, missed_mode)

    months = np.minimum(
        rng.geometric(parameters.episode_months_geometric_p, len(rendered)), parameters.episode_months_max
    )
    visits = rng.poisson(months * parameters.visits_per_month)
    ongoing_request = np.repeat(rendered, visits)
    span = np.repeat(months * parameters.business_days_per_month, visits)
    ongoing_day = calendar.offset(requests.rendered_day[ongoing_request], rng.integers(1, span + 1))
    keep = ongoing_day < calendar.end
    keep &= ~_during_stay_or_after(requests.client[ongoing_request], ongoing_day, stays, calendar)
    ongoing_request, ongoing_day = ongoing_request[keep], ongoing_day[keep]
    unique_visit = np.unique(
        np.stack([ongoing_request, ongoing_day.astype(np.int64)], axis=1), axis=0, return_index=True
    )[1]
    unique_visit.sort()
    ongoing_request, ongoing_day = ongoing_request[unique_visit], ongoing_day[unique_visit]

    psychiatry = requests.service_line[ongoing_request] == SERVICE_LINES.index("psychiatry")
    mode = np.where(
        psychiatry,
        _choose(rng, _shares(parameters.psychiatry_delivery_mode_shares, DELIVERY_MODES), len(ongoing_request)),
        _choose(rng, _shares(parameters.delivery_mode_shares, DELIVERY_MODES), len(ongoing_request)),
    ).astype(np.int8)
    no_show_rate = (
        parameters.no_show_base_rate
        * np.where(psychiatry, parameters.no_show_multiplier_psychiatry, 1.0)
        * np.array([parameters.no_show_multiplier_by_mode[m] for m in DELIVERY_MODES])[mode]
    )
    outcome = rng.random(len(ongoing_request))
    status = np.select(
        [
            outcome < no_show_rate,
            outcome < no_show_rate + parameters.client_cancel_rate,
            outcome < no_show_rate + parameters.client_cancel_rate + parameters.provider_cancel_rate,
        ],
        [
            APPOINTMENT_STATUSES.index("no_show"),
            APPOINTMENT_STATUSES.index("client_cancel"),
            APPOINTMENT_STATUSES.index("provider_cancel"),
        ],
        APPOINTMENT_STATUSES.index("kept"),
    ).astype(np.int8)
    ongoing = (ongoing_request, ongoing_day, status, mode)

    request, day, status, mode = (np.concatenate(parts) for parts in zip(first, missed_rows, ongoing, strict=True))
    first_visit = np.concatenate([np.ones(len(rendered), bool), np.zeros(len(missed) + len(ongoing_request), bool)])
    client = requests.client[request]
    order = np.lexsort((np.arange(len(request)), client, day))
    return Appointments(
        client=client[order],
        day=day[order],
        service_line=requests.service_line[request][order],
        status=status[order],
        program=requests.program[request][order],
        mode=mode[order],
        first_visit=first_visit[order],
    )


def _amounts_in_cents(rng: np.random.Generator, modality: np.ndarray, parameters: CountyParameters) -> np.ndarray:
    means = np.array([parameters.amount_mean_by_modality[m] for m in MODALITIES])[modality]
    amounts = means * rng.lognormal(0.0, parameters.amount_log_spread, len(modality))
    amounts = np.clip(amounts, parameters.amount_minimum, parameters.amount_maximum)
    return np.rint(amounts * 100).astype(np.int64)


def _follow_ups_draw(
    stays: Stays, home_program: np.ndarray, calendar: CountyCalendar, parameters: CountyParameters, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(client, day, mental_health_provider, program) of visits after discharges, at the NCQA rates.

    Each discharge falls in one category: a mental health visit within 7 days, one within 8–30
    days, only a visit by another provider, a visit after 30 days, or nothing. Some also get a visit
    on the discharge day itself, which the measure must not count: a dashboard that counts it shows
    a visibly higher rate. Visits move to a business day when one is free inside their window.
    """
    rng = _stream(seed, "follow_ups")
    discharged = np.flatnonzero(~np.isnat(stays.discharge))
    category_shares = np.array(
        [
            parameters.follow_up_within_7_days_share,
            parameters.follow_up_8_to_30_days_share,
            parameters.follow_up_non_mental_health_only_share,
            parameters.follow_up_after_30_days_share,
        ]
    )
    category = _choose(rng, np.append(category_shares, 1.0 - category_shares.sum()), len(discharged))
    # (first, last day after discharge, by a mental health provider) per category; the last has none.
    windows = ((1, 7, True), (8, 30, True), (1, 30, False), (31, 60, True))
    parts = []
    for which, (first_day, last_day, mental_health) in enumerate(windows):
        rows = discharged[category == which]
        base = stays.discharge[rows]
        candidate = base + rng.integers(first_day, last_day + 1, len(rows))
        forward = calendar.offset(candidate, 0, roll="forward")
        backward = calendar.offset(candidate, 0, roll="backward")
        day = np.where(forward <= base + last_day, forward, np.where(backward >= base + first_day, backward, candidate))
        parts.append((stays.client[rows], day, np.full(len(rows), mental_health)))
    within_7_days = category == 0
    discharge_day_visit_share = np.where(
        within_7_days,
        parameters.discharge_day_visit_share_with_7_day_follow_up,
        parameters.discharge_day_visit_share_without,
    )
    on_discharge_day = discharged[rng.random(len(discharged)) < discharge_day_visit_share]
    parts.append(
        (stays.client[on_discharge_day], stays.discharge[on_discharge_day], np.ones(len(on_discharge_day), bool))
    )
    client, day, mental_health = (np.concatenate(columns) for columns in zip(*parts, strict=True))
    within_window = day < calendar.end
    client, day, mental_health = client[within_window], day[within_window], mental_health[within_window]
    return client, day, mental_health, home_program[client]


def _services_draw(
    appointments: Appointments,
    stays: Stays,
    home_program: np.ndarray,
    calendar: CountyCalendar,
    parameters: CountyParameters,
    seed: int,
) -> Services:
    """One service per kept appointment, plus the follow-up visits after discharge."""
    rng = _stream(seed, "services")
    kept = appointments.status == APPOINTMENT_STATUSES.index("kept")
    client = appointments.client[kept]
    program = appointments.program[kept]
    psychiatry = appointments.service_line[kept] == SERVICE_LINES.index("psychiatry")
    modality_table = _share_table(parameters.modality_weights_by_program, PROGRAMS, MODALITIES)
    modality = _choose_within(rng, program, modality_table)
    modality[appointments.first_visit[kept]] = MODALITIES.index("assessment")
    modality[psychiatry] = MODALITIES.index("medication_support")

    follow_client, follow_day, follow_mental_health, follow_program = _follow_ups_draw(
        stays, home_program, calendar, parameters, seed
    )
    follow_modality = np.where(
        follow_mental_health,
        _choose(rng, _shares(parameters.follow_up_modality_shares, MODALITIES), len(follow_client)),
        _choose(rng, _shares(parameters.non_mental_health_follow_up_modality_shares, MODALITIES), len(follow_client)),
    ).astype(np.int8)

    client = np.concatenate([client, follow_client])
    day = np.concatenate([appointments.day[kept], follow_day])
    mental_health = np.concatenate([np.ones(int(kept.sum()), bool), follow_mental_health])
    modality = np.concatenate([modality, follow_modality])
    program = np.concatenate([program, follow_program])
    cents = _amounts_in_cents(rng, modality, parameters)
    order = np.lexsort((np.arange(len(client)), client, day))
    return Services(
        client=client[order],
        day=day[order],
        mental_health_provider=mental_health[order],
        modality=modality[order],
        program=program[order],
        cents=cents[order],
    )


# --- Eligibles ----------------------------------------------------------------------------------------


def _eligibles_draw(
    client_count: int, calendar: CountyCalendar, parameters: CountyParameters, seed: int
) -> tuple[np.ndarray, ...]:
    """(month index, age group, gender, race/ethnicity, language, eligibles) for each non-empty cell.

    Eligibles are the clients' mix divided by each group's penetration, so Latino and Asian/Pacific
    Islander residents are under-served relative to White and African-American ones.
    """
    rng = _stream(seed, "eligibles")
    race_shares = _shares(parameters.race_ethnicity_shares, RACES)
    language_table = _share_table(parameters.language_shares_by_race_ethnicity, RACES, LANGUAGES)
    age_shares = _shares(parameters.age_group_shares, AGE_GROUPS)
    gender_shares = _shares(parameters.gender_shares, GENDERS)
    served = (
        age_shares[:, None, None, None]
        * gender_shares[None, :, None, None]
        * (race_shares[:, None] * language_table)[None, None, :, :]
    )
    limited_english = np.array([language not in ("english", "unknown") for language in LANGUAGES])
    penetration = (
        np.array([parameters.penetration_multiplier_by_age_group[a] for a in AGE_GROUPS])[:, None, None, None]
        * np.array([parameters.penetration_multiplier_by_race_ethnicity[r] for r in RACES])[None, None, :, None]
        * np.where(limited_english, parameters.penetration_multiplier_limited_english, 1.0)[None, None, None, :]
    )
    eligible_shares = (served / penetration).ravel()
    eligible_shares /= eligible_shares.sum()
    total = round(client_count / parameters.penetration_rate)
    baseline = rng.multinomial(total, eligible_shares)
    month = np.arange(calendar.months)
    drift = (1.0 + parameters.enrolment_monthly_drift) ** (month - (calendar.months - 1) / 2)
    counts = rng.poisson(baseline[None, :] * drift[:, None])
    month_index, cell = np.nonzero(counts)
    age_group, gender, race, language = np.unravel_index(cell, served.shape)
    return month_index, age_group, gender, race, language, counts[month_index, cell]


# --- Writing -------------------------------------------------------------------------------------------


def _labels(codes: np.ndarray, labels: tuple[str, ...]) -> np.ndarray:
    return np.array((*labels, ""))[codes]


def _keys(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.strings.add(prefix, np.strings.zfill(numbers.astype(np.str_), width))


def _id_width(count: int, minimum: int) -> int:
    return max(minimum, len(str(count)))


def _booleans(values: np.ndarray) -> np.ndarray:
    return np.where(values, "true", "false")


def _dates(days: np.ndarray) -> np.ndarray:
    text = np.datetime_as_string(days.astype("datetime64[D]"))
    return np.where(np.isnat(days), "", text)


def _datetimes(days: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    moments = days.astype("datetime64[m]") + minutes.astype("timedelta64[m]")
    text = np.strings.replace(np.datetime_as_string(moments, unit="m"), "T", " ")
    return np.where(np.isnat(days), "", text)


def _amounts(cents: np.ndarray) -> np.ndarray:
    return np.strings.add(
        np.strings.add((cents // 100).astype(np.str_), "."), np.strings.zfill((cents % 100).astype(np.str_), 2)
    )


def _csv_quoted(text: np.ndarray) -> np.ndarray:
    """Free text (holiday names) quoted only when it needs it, as the csv module would."""
    quoted = [value if not any(c in value for c in ',"\n') else _quote(value) for value in text.tolist()]
    return np.array(quoted, dtype=np.str_)


def _quote(value: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([value])
    return buffer.getvalue()


def _write_csv(path: Path, kind: str, rows: int, render: Callable[[slice], list[np.ndarray]]) -> int:
    """Write header and rows in chunks, so a million rows never sit in memory as text at once."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(HEADERS[kind]) + "\n")
        for chunk_start in range(0, rows, WRITE_CHUNK_ROWS):
            columns = render(slice(chunk_start, min(chunk_start + WRITE_CHUNK_ROWS, rows)))
            handle.writelines(
                ",".join(row) + "\n" for row in zip(*(column.tolist() for column in columns), strict=True)
            )
    return rows


Render = Callable[[slice], list[np.ndarray]]


class _County:
    """The county's tables, each drawn the first time a file needs it.

    Every table has its own random stream, so drawing only some of them changes none of them.
    """

    def __init__(self, *, clients: int, calendar: CountyCalendar, parameters: CountyParameters, seed: int):
        self.client_count = clients
        self.calendar = calendar
        self.parameters = parameters
        self.seed = seed
        self.client_key_width = _id_width(clients, 7)

    def client_keys(self, indices: np.ndarray) -> np.ndarray:
        return _keys("C", indices + 1, self.client_key_width)

    @cached_property
    def population(self) -> tuple[Clients, Requests]:
        return _population_draw(self.client_count, self.calendar, self.parameters, self.seed)

    @cached_property
    def stays(self) -> Stays:
        return _stays_draw(self.client_count, self.calendar, self.parameters, self.seed)

    @cached_property
    def appointments(self) -> Appointments:
        _, requests = self.population
        return _appointments_draw(requests, self.stays, self.calendar, self.parameters, self.seed)

    @cached_property
    def services(self) -> Services:
        _, requests = self.population
        first_requests = np.unique(requests.client, return_index=True)[1]
        home_program = requests.program[first_requests]
        return _services_draw(self.appointments, self.stays, home_program, self.calendar, self.parameters, self.seed)


def _holidays_table(county: _County) -> tuple[int, Render]:
    days = np.array([day for day, _ in county.calendar.holiday_rows], dtype=np.str_)
    names = _csv_quoted(np.array([name for _, name in county.calendar.holiday_rows], dtype=np.str_))
    return len(days), lambda part: [days[part], names[part]]


def _eligibles_table(county: _County) -> tuple[int, Render]:
    calendar = county.calendar
    month, age_group, gender, race, language, count = _eligibles_draw(
        county.client_count, calendar, county.parameters, county.seed
    )
    month_labels = np.datetime_as_string(calendar.start.astype("datetime64[M]") + np.arange(calendar.months))

    def render(part: slice) -> list[np.ndarray]:
        return [
            month_labels[month[part]],
            _labels(age_group[part], AGE_GROUPS),
            _labels(gender[part], GENDERS),
            _labels(race[part], RACES),
            _labels(language[part], LANGUAGES),
            count[part].astype(np.str_),
        ]

    return len(month), render


def _clients_table(county: _County) -> tuple[int, Render]:
    clients, _ = county.population

    def render(part: slice) -> list[np.ndarray]:
        return [
            county.client_keys(np.arange(part.start, part.stop)),
            clients.birth_year[part].astype(np.str_),
            _labels(clients.gender[part], GENDERS),
            _booleans(clients.hispanic[part]),
            _labels(clients.race[part], RACES),
            _labels(clients.language[part], LANGUAGES),
            _labels(clients.region[part], REGIONS),
        ]

    return len(clients), render


def _requests_table(county: _County) -> tuple[int, Render]:
    _, requests = county.population
    width = _id_width(len(requests), 7)

    def render(part: slice) -> list[np.ndarray]:
        return [
            _keys("R", np.arange(part.start, part.stop) + 1, width),
            county.client_keys(requests.client[part]),
            _datetimes(requests.day[part], requests.minute[part]),
            _labels(requests.urgency[part], URGENCIES),
            _booleans(requests.prior_auth[part]),
            _labels(requests.service_line[part], SERVICE_LINES),
            _datetimes(requests.offer_day[part], requests.offer_minute[part]),
            _dates(requests.rendered_day[part]),
            _labels(requests.program[part], PROGRAMS),
            _labels(requests.closure[part], CLOSURE_REASONS),
            _labels(requests.delay[part], DELAY_REASONS),
        ]

    return len(requests), render


def _appointments_table(county: _County) -> tuple[int, Render]:
    appointments = county.appointments
    width = _id_width(len(appointments), 7)

    def render(part: slice) -> list[np.ndarray]:
        return [
            _keys("A", np.arange(part.start, part.stop) + 1, width),
            county.client_keys(appointments.client[part]),
            _dates(appointments.day[part]),
            _labels(appointments.service_line[part], SERVICE_LINES),
            _labels(appointments.status[part], APPOINTMENT_STATUSES),
            _labels(appointments.program[part], PROGRAMS),
            _labels(appointments.mode[part], DELIVERY_MODES),
        ]

    return len(appointments), render


def _hospitalizations_table(county: _County) -> tuple[int, Render]:
    stays = county.stays
    width = _id_width(len(stays), 6)

    def render(part: slice) -> list[np.ndarray]:
        return [
            _keys("H", np.arange(part.start, part.stop) + 1, width),
            county.client_keys(stays.client[part]),
            _dates(stays.admit[part]),
            _dates(stays.discharge[part]),
            _labels(stays.facility[part], FACILITY_TYPES),
        ]

    return len(stays), render


def _services_table(county: _County) -> tuple[int, Render]:
    services = county.services
    width = _id_width(len(services), 7)

    def render(part: slice) -> list[np.ndarray]:
        return [
            _keys("S", np.arange(part.start, part.stop) + 1, width),
            county.client_keys(services.client[part]),
            _dates(services.day[part]),
            _booleans(services.mental_health_provider[part]),
            _labels(services.modality[part], MODALITIES),
            _labels(services.program[part], PROGRAMS),
            _amounts(services.cents[part]),
        ]

    return len(services), render


TABLES: dict[str, Callable[[_County], tuple[int, Render]]] = {
    "holidays": _holidays_table,
    "eligibles": _eligibles_table,
    "clients": _clients_table,
    "requests": _requests_table,
    "appointments": _appointments_table,
    "hospitalizations": _hospitalizations_table,
    "services": _services_table,
}


# --- Public API ------------------------------------------------------------------------------------------


def county_write(
    *,
    out_dir: Path,
    clients: int,
    months: int,
    seed: int,
    start: date,
    only: Collection[str] | None = None,
    parameters: CountyParameters | None = None,
) -> dict[str, int]:
    """Write ``<kind>.csv`` files for a synthetic county into ``out_dir``; return rows written per kind.

    ``start`` is the first month of the window (its day is ignored); ``only`` limits the files
    written (any of ``KINDS``) without changing their contents.
    """
    if clients < 1 or months < 1:
        raise ValueError("clients and months must be at least 1")
    wanted = set(KINDS if only is None else only)
    unknown = sorted(wanted - set(KINDS))
    if unknown or not wanted:
        raise ValueError(f"Unknown file kinds {unknown}; choose from {', '.join(KINDS)}")
    county = _County(
        clients=clients,
        calendar=CountyCalendar.for_window(start, months),
        parameters=parameters or CountyParameters(),
        seed=seed,
    )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for kind in KINDS:
        if kind in wanted:
            rows, render = TABLES[kind](county)
            written[kind] = _write_csv(out_dir / f"{kind}.csv", kind, rows, render)
    return written
