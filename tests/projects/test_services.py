"""The services that write a project: every rule holds whatever page or command calls them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dialogues.models import PdsaCycle, PdsaDecision
from measures.models import ChartNote, Measure
from projects.models import (
    ChangeIdeaCycle,
    Driver,
    LocalDataPoint,
    ProjectKind,
    ProjectMeasure,
    ProjectMember,
    ProjectStage,
    TeamRole,
)
from projects.services import cycles, drivers, family, projects, spread


def test_starting_a_cells_project_makes_its_member_the_lead(cell, cell_member):
    project = projects.project_create(
        by=cell_member,
        lead=cell_member,
        kind=ProjectKind.CELL_WORK,
        cell=cell,
        title="Repeat calls",
        starts_on=date(2026, 9, 1),
    )
    assert project.created_by == cell_member
    assert ProjectMember.objects.get(project=project).role == TeamRole.LEAD
    assert project.history.first().history_change_reason == "Project started"


def test_a_project_refuses_missing_links_and_an_aim_before_its_start(qi_staff, initiative):
    with pytest.raises(ValidationError) as error:
        projects.project_create(by=qi_staff, kind=ProjectKind.CELL_WORK, title="X", starts_on=date(2026, 9, 1))
    assert "cell" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        projects.project_create(by=qi_staff, kind=ProjectKind.COUNCIL_INITIATIVE, title="X", starts_on=date(2026, 9, 1))
    assert "initiative" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        projects.project_create(
            by=qi_staff, kind=ProjectKind.PIP_CLINICAL, title="X", starts_on=date(2026, 9, 1), aim_by=date(2026, 1, 1)
        )
    assert "aim_by" in error.value.message_dict


def test_closing_a_project_records_the_day_and_reopening_clears_it(project, qi_staff):
    closed = projects.project_update(project=project, by=qi_staff, stage=ProjectStage.CLOSED)
    assert closed.closed_on is not None
    reopened = projects.project_update(project=project, by=qi_staff, stage=ProjectStage.SUSTAINING)
    assert reopened.closed_on is None


def test_the_last_lead_stays_on_the_team(project, person):
    lead = projects.project_member_add(project=project, user=person("lee"), role=TeamRole.LEAD)
    with pytest.raises(ValidationError):
        projects.project_member_remove(member=lead)
    projects.project_member_add(project=project, user=person("lou"), role=TeamRole.LEAD)
    projects.project_member_remove(member=lead)
    assert not ProjectMember.objects.filter(pk=lead.pk).exists()


def test_adding_a_person_twice_changes_their_role(project, team_member):
    projects.project_member_add(project=project, user=team_member, role=TeamRole.LEAD)
    assert ProjectMember.objects.get(project=project, user=team_member).role == TeamRole.LEAD


def test_drivers_have_two_levels_only(project):
    primary = drivers.driver_add(project=project, text="Remember")
    secondary = drivers.driver_add(project=project, text="Reminders", parent=primary)
    with pytest.raises(ValidationError) as error:
        drivers.driver_add(project=project, text="Too deep", parent=secondary)
    assert "parent" in error.value.message_dict
    other = drivers.driver_add(project=project, text="Reschedule")
    with pytest.raises(ValidationError):
        drivers.driver_update(driver=primary, text="Remember", parent=other)  # it has a secondary driver


def test_a_driver_moves_and_is_renamed(project):
    first = drivers.driver_add(project=project, text="Remember")
    second = drivers.driver_add(project=project, text="Reschedule")
    assert (first.position, second.position) == (1, 2)
    moved = drivers.driver_update(driver=second, text="Reschedule easily", parent=first)
    assert (moved.parent, moved.text) == (first, "Reschedule easily")
    back = drivers.driver_update(driver=moved, text="Reschedule easily", parent=None)
    assert back.is_primary


def test_a_driver_of_another_project_is_no_parent(project, make_project):
    elsewhere = drivers.driver_add(project=make_project(title="Other"), text="Elsewhere")
    with pytest.raises(ValidationError):
        drivers.driver_add(project=project, text="Here", parent=elsewhere)


def test_a_change_idea_moves_within_its_project_only(project, make_project):
    first = drivers.driver_add(project=project, text="Remember")
    second = drivers.driver_add(project=project, text="Reschedule")
    idea = drivers.change_idea_add(driver=first, text="Text reminder")
    assert drivers.change_idea_update(idea=idea, text="SMS reminder", driver=second).driver == second
    elsewhere = drivers.driver_add(project=make_project(title="Other"), text="Elsewhere")
    with pytest.raises(ValidationError):
        drivers.change_idea_update(idea=idea, text="SMS reminder", driver=elsewhere)


def _plan(**fields):
    return {"title": "Text two days before", "plan_prediction": "More kept", "starts_on": date(2026, 9, 7), **fields}


def test_a_pips_cycle_has_no_cell_and_is_linked_to_its_idea(project, qi_staff):
    idea = drivers.change_idea_add(driver=drivers.driver_add(project=project, text="Remember"), text="Text")
    cycle = cycles.cycle_start(idea=idea, by=qi_staff, **_plan())
    assert cycle.cell is None
    assert ChangeIdeaCycle.objects.get(cycle=cycle).change_idea == idea
    assert cycle.get_absolute_url() == f"/projects/{project.public_id}/cycles/{cycle.pk}/"


def test_a_cells_project_gives_its_cycles_the_cell(make_project, cell, qi_staff):
    project = make_project(kind=ProjectKind.CELL_WORK, cell=cell)
    idea = drivers.change_idea_add(driver=drivers.driver_add(project=project, text="Know"), text="Letter")
    assert cycles.cycle_start(idea=idea, by=qi_staff, **_plan()).cell == cell


def test_a_cycle_on_a_family_measure_is_noted_on_its_chart(project, qi_staff):
    measure = Measure.objects.first()
    family.family_add_registry_measure(project=project, measure=measure, role="process")
    idea = drivers.change_idea_add(driver=drivers.driver_add(project=project, text="Remember"), text="Text")
    cycle = cycles.cycle_start(idea=idea, by=qi_staff, **_plan(measure=measure))
    note = ChartNote.objects.get(pk=cycle.chart_note_id)
    assert note.text == f"PDSA: Text two days before ({project.title})"
    other = Measure.objects.exclude(pk=measure.pk).first()
    with pytest.raises(ValidationError):
        cycles.cycle_start(idea=idea, by=qi_staff, **_plan(measure=other))


def test_deciding_needs_study_notes_and_a_driver_with_cycles_stays(project, qi_staff):
    driver = drivers.driver_add(project=project, text="Remember")
    idea = drivers.change_idea_add(driver=driver, text="Text")
    cycle = cycles.cycle_start(idea=idea, by=qi_staff, **_plan())
    with pytest.raises(ValidationError):
        cycles.cycle_update(cycle=cycle, by=qi_staff, act_decision=PdsaDecision.ADOPT)
    cycles.cycle_update(cycle=cycle, by=qi_staff, study_notes="Kept rose", act_decision=PdsaDecision.ADOPT)
    assert PdsaCycle.objects.get(pk=cycle.pk).act_decision == PdsaDecision.ADOPT
    with pytest.raises(ValidationError):
        drivers.driver_delete(driver=driver)
    with pytest.raises(ValidationError):
        drivers.change_idea_delete(idea=idea)


def test_deleting_a_driver_takes_its_secondary_drivers_and_ideas(project):
    primary = drivers.driver_add(project=project, text="Remember")
    drivers.change_idea_add(driver=drivers.driver_add(project=project, text="Reminders", parent=primary), text="Text")
    drivers.driver_delete(driver=primary)
    assert not Driver.objects.filter(project=project).exists()


def _local(project, **fields):
    base = {"name": "Kept", "definition": "Desk count", "kind": "proportion", "denominator_label": "booked"}
    return family.local_measure_create(
        project=project, role="outcome", direction="increase", period="week", **(base | fields)
    )


def test_a_local_measure_joins_the_family(project):
    measure = _local(project)
    assert ProjectMeasure.objects.get(local_measure=measure).role == "outcome"


def test_a_proportion_says_what_its_denominator_counts_and_names_are_unique(project):
    with pytest.raises(ValidationError) as error:
        _local(project, denominator_label="")
    assert "denominator_label" in error.value.message_dict
    _local(project)
    with pytest.raises(ValidationError) as error:
        _local(project)
    assert "name" in error.value.message_dict


def test_a_count_keeps_no_denominator_label(project):
    assert _local(project, kind="count", name="Calls").denominator_label == ""


def test_a_measure_with_data_keeps_its_kind_and_stays_in_the_family(project):
    measure = _local(project)
    LocalDataPoint.objects.create(measure=measure, period_start=date(2026, 9, 7), numerator=3, denominator=4)
    with pytest.raises(ValidationError):
        family.local_measure_update(measure=measure, kind="count")
    with pytest.raises(ValidationError):
        family.family_remove(entry=measure.family_entry)
    assert (
        family.local_measure_update(measure=measure, name="Kept visits", role="process").family_entry.role == "process"
    )


def test_a_local_measure_without_data_leaves_the_family_entirely(project):
    measure = _local(project)
    family.family_remove(entry=measure.family_entry)
    assert not project.local_measures.exists()


def test_a_registry_measure_joins_once(project):
    measure = Measure.objects.first()
    family.family_add_registry_measure(project=project, measure=measure, role="outcome")
    with pytest.raises(ValidationError):
        family.family_add_registry_measure(project=project, measure=measure, role="process")


def test_a_place_is_on_the_spread_list_once(project):
    site = spread.spread_site_save(project=project, place="South clinic", status="planned")
    with pytest.raises(ValidationError):
        spread.spread_site_save(project=project, place="South clinic", status="done")
    assert spread.spread_site_save(project=project, site=site, place="South clinic", status="done").status == "done"
