"""Two identical applications sent at the same moment make one row: the database decides, not a look-up.

Needs a database two connections really share at once (PostgreSQL); SQLite serialises writers.
"""

import threading

import pytest
from django.db import connection, connections

from conftest import missing_service
from dialogues.models import ApplicantRole, ApplicationStatus, CellStatus, CompensationKind, CqiCell, JoinApplication
from dialogues.services.joining import DuplicateApplication, application_approve, application_submit

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 2


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        missing_service("two submissions at the same moment need PostgreSQL (set DATABASE_URL)")


def run_together(work):
    """Run ``work()`` in THREADS threads released at the same moment; returns what each returned or raised."""
    barrier = threading.Barrier(THREADS, timeout=30)
    outcomes = []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait()
            result = work()
        except Exception as error:  # the test inspects what each thread met
            result = error
        finally:
            connections.close_all()  # each thread had its own connection
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def open_cell(postgresql):
    return CqiCell.objects.create(
        name="Getting a first appointment",
        slug="first-appointment",
        focus="Shorter waits",
        status=CellStatus.ACTIVE,
        compensation_kind=CompensationKind.PER_MEETING,
        stipend_per_meeting="25.00",
    )


@pytest.mark.parametrize("for_any_cell", [False, True], ids=["same cell", "any cell"])
def test_two_identical_applications_at_the_same_moment_make_exactly_one(open_cell, for_any_cell):
    cell = None if for_any_cell else open_cell

    def submit():
        return application_submit(
            name="Rosa Díaz",
            email="rosa@example.org",
            role=ApplicantRole.CONSUMER,
            cell=cell,
            consent_to_contact=True,
            consent_to_privacy_notice=True,
        )

    outcomes = run_together(submit)

    assert len(outcomes) == THREADS
    assert sum(isinstance(outcome, JoinApplication) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, DuplicateApplication) for outcome in outcomes) == 1
    assert JoinApplication.objects.count() == 1


def test_two_staff_approving_at_the_same_moment_make_one_membership(open_cell, django_user_model):
    from dialogues.models import Membership

    staff = django_user_model.objects.create_user(username="quinn_qi")
    application = application_submit(
        name="Rosa Díaz",
        email="rosa@example.org",
        role=ApplicantRole.CONSUMER,
        cell=open_cell,
        consent_to_contact=True,
        consent_to_privacy_notice=True,
    )

    outcomes = run_together(lambda: application_approve(application=application, decided_by=staff))

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert sorted(outcome.already_decided for outcome in outcomes) == [False, True]
    assert Membership.objects.count() == 1
    assert django_user_model.objects.filter(email="rosa@example.org").count() == 1
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
