"""The database keeps a project, its measures and its data points consistent, whatever writes to it."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from dialogues.models import PdsaCycle
from projects.models import (
    Driver,
    LocalDataPoint,
    LocalMeasure,
    ProjectKind,
    ProjectMeasure,
    ProjectStage,
)


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_a_cells_work_needs_its_cell(make_project, cell):
    _refused(lambda: make_project(kind=ProjectKind.CELL_WORK))
    assert make_project(kind=ProjectKind.CELL_WORK, cell=cell).cell == cell


def test_a_council_initiatives_project_needs_the_initiative(make_project, initiative):
    _refused(lambda: make_project(kind=ProjectKind.COUNCIL_INITIATIVE))
    assert make_project(kind=ProjectKind.COUNCIL_INITIATIVE, initiative=initiative).initiative == initiative


def test_a_pip_needs_neither_a_cell_nor_an_initiative(make_project):
    assert make_project(kind=ProjectKind.PIP_NON_CLINICAL).pk


def test_closed_goes_with_a_closing_date_after_the_start(make_project):
    _refused(lambda: make_project(stage=ProjectStage.CLOSED))
    _refused(lambda: make_project(stage=ProjectStage.TESTING, closed_on=date(2026, 5, 1)))
    _refused(lambda: make_project(stage=ProjectStage.CLOSED, starts_on=date(2026, 5, 1), closed_on=date(2026, 4, 1)))
    assert make_project(stage=ProjectStage.CLOSED, starts_on=date(2026, 1, 1), closed_on=date(2026, 4, 1)).pk


def test_a_project_has_a_title(make_project):
    _refused(lambda: make_project(title=""))


def test_aim_statement_is_set_only_with_its_four_parts(project, make_project):
    assert project.aim_is_set
    assert project.missing_aim_parts() == []
    bare = make_project(aim_what="Kept appointments")
    assert not bare.aim_is_set
    assert bare.missing_aim_parts() == ["for whom", "how much", "by when"]


def test_a_driver_is_not_its_own_parent(project):
    driver = Driver.objects.create(project=project, text="Reminders")
    driver.parent_id = driver.pk
    _refused(driver.save)


def _local(project, **fields):
    fields = {"name": "Kept first appointments", "definition": "Counted by the front desk", **fields}
    fields.setdefault("kind", "proportion")
    return LocalMeasure.objects.create(project=project, direction="increase", period="week", **fields)


def test_a_data_point_keeps_its_numerator_within_a_positive_denominator(project):
    measure = _local(project)
    _refused(
        lambda: LocalDataPoint.objects.create(
            measure=measure, period_start=date(2026, 9, 7), numerator=5, denominator=4
        )
    )
    _refused(
        lambda: LocalDataPoint.objects.create(
            measure=measure, period_start=date(2026, 9, 7), numerator=0, denominator=0
        )
    )
    point = LocalDataPoint.objects.create(measure=measure, period_start=date(2026, 9, 7), numerator=4, denominator=4)
    assert point.value == 100


def test_one_data_point_per_period(project):
    measure = _local(project)
    LocalDataPoint.objects.create(measure=measure, period_start=date(2026, 9, 7), numerator=3, denominator=4)
    _refused(
        lambda: LocalDataPoint.objects.create(
            measure=measure, period_start=date(2026, 9, 7), numerator=2, denominator=4
        )
    )


def test_a_count_has_no_denominator(project):
    measure = _local(project, kind="count", name="Repeat calls")
    assert LocalDataPoint.objects.create(measure=measure, period_start=date(2026, 9, 7), numerator=12).value == 12


def test_a_family_member_is_a_registry_measure_or_a_local_one_never_both_nor_neither(project):
    from measures.models import Measure

    registry = Measure.objects.first()
    local = _local(project)
    _refused(lambda: ProjectMeasure.objects.create(project=project, role="outcome"))
    _refused(
        lambda: ProjectMeasure.objects.create(project=project, role="outcome", measure=registry, local_measure=local)
    )
    assert ProjectMeasure.objects.create(project=project, role="outcome", local_measure=local).name == local.name
    ProjectMeasure.objects.create(project=project, role="process", measure=registry)
    _refused(lambda: ProjectMeasure.objects.create(project=project, role="balancing", measure=registry))


def test_a_pdsa_cycle_may_have_no_cell(db):
    cycle = PdsaCycle.objects.create(title="Reminder text", plan_prediction="More kept", starts_on=date(2026, 9, 1))
    assert cycle.cell is None
    assert cycle.get_absolute_url() == ""


def test_drivers_and_change_ideas_are_named_in_the_readers_language_in_choice_lists(project):
    from django.utils.translation import override

    from projects.models import ChangeIdea, Driver

    driver = Driver.objects.create(project=project, text="Reminders", text_es="Recordatorios")
    idea = ChangeIdea.objects.create(driver=driver, text="Text the day before", text_es="Mensaje el día anterior")
    with override("es"):
        assert (str(driver), str(idea)) == ("Recordatorios", "Mensaje el día anterior")
    with override("en"):
        assert (str(driver), str(idea)) == ("Reminders", "Text the day before")


def test_an_administrator_opens_a_local_measure_with_its_data_points_in_the_admin(client_for, administrator, project):
    from projects.models import LocalDataPoint

    measure = LocalMeasure.objects.create(
        project=project, name="Repeat calls", kind="count", direction="decrease", period="week"
    )
    LocalDataPoint.objects.create(measure=measure, period_start=date(2026, 9, 7), numerator=3)
    response = client_for(administrator).get(f"/admin/projects/localmeasure/{measure.pk}/change/")
    assert response.status_code == 200
    assert "Repeat calls" in response.content.decode()
