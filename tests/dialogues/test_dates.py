"""Dates on the partnership's pages: a cell's meetings and the problem board name the month, in the
page's language (qic/formats)."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from dialogues.models import Meeting, Problem, ProblemTier
from dialogues.services.problems import problem_raise

FIVE_PM = datetime(2026, 11, 6, 17, 0)


@pytest.mark.django_db
def test_a_cells_meetings_and_the_problem_board_write_dates_by_language(client_for, qi_staff, cell):
    starts = timezone.make_aware(FIVE_PM)
    Meeting.objects.create(cell=cell, starts_at=starts, place="Room 2")
    problem_raise(
        problem=Problem(
            title="Intake line goes unanswered after 4 pm",
            owner=qi_staff,
            tier=ProblemTier.TEAM,
            due_on=timezone.localdate() + timedelta(days=9),
        ),
        by=qi_staff,
    )
    due = timezone.localdate() + timedelta(days=9)
    client = client_for(qi_staff)
    english_cell = client.get(cell.get_absolute_url()).content.decode()
    english_board = client.get(reverse("dialogues:problem_board")).content.decode()
    assert "6 Nov 2026, 5:00 p.m." in english_cell
    assert "11/06/2026" not in english_cell
    with translation.override("en"):
        assert formats.date_format(due) in english_board

    client.cookies["django_language"] = "es"
    spanish_cell = client.get(cell.get_absolute_url()).content.decode()
    spanish_board = client.get(reverse("dialogues:problem_board")).content.decode()
    assert "6 nov 2026, 5:00 p.m." in spanish_cell
    with translation.override("es"):
        assert formats.date_format(due) in spanish_board
        assert formats.date_format(due) == formats.date_format(due).lower()
