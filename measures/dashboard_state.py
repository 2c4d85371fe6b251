"""Which results the dashboards show, and the version of their settings: one small cache entry.

Every dashboard request reads this first (one cache read, no query); every cached figure, body and
page is keyed by it. It is forgotten, once the change has committed, whenever the latest computation
changes (a recompute succeeds, its breakdown by population changes status) or a setting that shapes
the charts changes (``dashboards_invalidate``); a short expiry is the safety net for a change made
some other way (a computation deleted in the admin).
"""

from dataclasses import dataclass

from django.core.cache import cache

from measures.models import ComputationStatus, MeasureComputation, PopulationStatus

VERSION_KEY = "qic:dashboard-version"
STATE_KEY = "qic:dashboard-state"
# A safety net only: every change of the latest computation forgets the state once it commits.
STATE_SECONDS = 60


@dataclass(frozen=True)
class DashboardState:
    """What a dashboard request reads first, in one cache read: which results are the latest, and the
    settings version. Every cached figure, body and page is keyed by it."""

    computation_id: int | None
    population_status: str
    version: int

    def key_part(self) -> str:
        return f"{self.computation_id}:{self.population_status}:{self.version}"


def dashboard_state() -> DashboardState:
    """The latest succeeded computation and the settings version, from the cache or (once) the database."""
    cached = cache.get(STATE_KEY)
    if cached is not None:
        return DashboardState(*cached)
    latest = (
        MeasureComputation.objects.filter(status=ComputationStatus.SUCCEEDED)
        .order_by("-finished_at", "-id")
        .values_list("pk", "population_status")
        .first()
    )
    computation_id, population_status = latest or (None, "")
    state = DashboardState(computation_id, population_status, cache.get(VERSION_KEY, 0))
    # A plain tuple, so that an entry written by an older release still reads.
    cache.set(STATE_KEY, (state.computation_id, state.population_status, state.version), STATE_SECONDS)
    return state


def dashboard_state_forget() -> None:
    """Called once a change to the latest computation (a new one, its breakdown's status) has committed."""
    cache.delete(STATE_KEY)


def state_computation(state: DashboardState) -> MeasureComputation | None:
    """The computation ``state`` names (None if nothing is computed, or it was deleted meanwhile)."""
    if state.computation_id is None:
        return None
    return MeasureComputation.objects.filter(pk=state.computation_id).first()


def population_results_shown(computation: MeasureComputation) -> MeasureComputation | None:
    """The computation whose breakdown by age group and program the population views show beside
    ``computation`` (the latest): its own once stored; while its own is waiting, running, or was
    interrupted or failed, the one stored before it, which the pages mark as earlier; None when no
    breakdown is stored.

    A breakdown replaces every stored one, and only that of the latest computation is stored, so the
    latest breakdown that succeeded is the one whose rows are there. Its figures were published, and
    protected, with its own computation's; showing them longer publishes nothing new.
    """
    if computation.population_status == PopulationStatus.SUCCEEDED:
        return computation
    return (
        MeasureComputation.objects.filter(population_status=PopulationStatus.SUCCEEDED)
        .order_by("-population_finished_at", "-id")
        .first()
    )


def dashboards_invalidate() -> None:
    """Forget the cached figures: a target, a chart rule or a note changed (a recompute changes the key)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    dashboard_state_forget()
