"""The project pages: who sees them, who works on them, what they say, and bad input."""

from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from dialogues.models import PdsaCycle, Problem, ProblemStatus, SignalKind
from measures.models import Measure
from projects.models import (
    ChangeIdea,
    ChangeIdeaCycle,
    Driver,
    ImprovementProject,
    LocalMeasure,
    ProjectKind,
    ProjectMeasure,
    ProjectMember,
    SpreadSite,
    TeamRole,
)


def url(name, project, *args):
    return reverse(f"projects:{name}", args=[project.public_id, *args])


@pytest.fixture
def diagram(project):
    primary = Driver.objects.create(project=project, text="People remember the appointment", position=1)
    secondary = Driver.objects.create(project=project, parent=primary, text="Reminders in their language", position=1)
    idea = ChangeIdea.objects.create(driver=secondary, text="A text message two days before")
    return primary, secondary, idea


@pytest.fixture
def cycle(diagram):
    cycle = PdsaCycle.objects.create(title="Text for a week", plan_prediction="More kept", starts_on=date(2026, 9, 7))
    ChangeIdeaCycle.objects.create(change_idea=diagram[2], cycle=cycle)
    return cycle


@pytest.fixture
def lead(person, project):
    user = person("leah")
    ProjectMember.objects.create(project=project, user=user, role=TeamRole.LEAD)
    return user


@pytest.fixture
def local(project):
    measure = LocalMeasure.objects.create(
        project=project, name="Kept", definition="Desk", kind="count", direction="increase", period="week"
    )
    ProjectMeasure.objects.create(project=project, role="outcome", local_measure=measure)
    return measure


@pytest.fixture
def site(project):
    return SpreadSite.objects.create(project=project, place="South clinic")


@pytest.fixture
def every_page(project, diagram, cycle, local, site, team_member):
    """(name, args, what the page needs: see / work / lead) for every page of a project."""
    primary, _secondary, idea = diagram
    member = ProjectMember.objects.get(user=team_member)
    return [
        ("detail", (), "see"),
        ("driver_diagram_svg", (), "see"),
        ("cycle_detail", (cycle.pk,), "see"),
        ("driver_add", (), "work"),
        ("driver_edit", (primary.pk,), "work"),
        ("driver_delete", (primary.pk,), "work"),
        ("idea_add", (primary.pk,), "work"),
        ("idea_edit", (idea.pk,), "work"),
        ("idea_delete", (idea.pk,), "work"),
        ("cycle_start", (idea.pk,), "work"),
        ("cycle_edit", (cycle.pk,), "work"),
        ("registry_measure_add", (), "work"),
        ("local_measure_add", (), "work"),
        ("local_measure_edit", (local.pk,), "work"),
        ("family_remove", (local.family_entry.pk,), "work"),
        ("spread_add", (), "work"),
        ("spread_edit", (site.pk,), "work"),
        ("edit", (), "lead"),
        ("member_add", (), "lead"),
        ("member_remove", (member.pk,), "lead"),
    ]


# --- who may open which page ---------------------------------------------------------------------------------


def test_qi_staff_open_every_page(client, qi_staff, project, every_page):
    client.force_login(qi_staff)
    for name, args, _need in every_page:
        assert client.get(url(name, project, *args)).status_code == 200, name


def test_a_team_member_sees_and_works_but_does_not_lead(client, team_member, project, every_page):
    client.force_login(team_member)
    for name, args, need in every_page:
        expected = 403 if need == "lead" else 200
        assert client.get(url(name, project, *args)).status_code == expected, name


def test_the_lead_opens_every_page(client, lead, project, every_page):
    client.force_login(lead)
    for name, args, _need in every_page:
        assert client.get(url(name, project, *args)).status_code == 200, name


def test_a_director_sees_and_changes_nothing(client, director, project, every_page):
    client.force_login(director)
    for name, args, need in every_page:
        expected = 200 if need == "see" else 403
        assert client.get(url(name, project, *args)).status_code == expected, name


def test_anyone_else_gets_403(client, outsider, project, every_page):
    client.force_login(outsider)
    for name, args, _need in every_page:
        assert client.get(url(name, project, *args)).status_code == 403, name


def test_a_visitor_is_sent_to_sign_in(client, project, every_page):
    for name, args, _need in every_page:
        response = client.get(url(name, project, *args))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/"), name
    for name in ("list", "overview", "create"):
        assert client.get(reverse(f"projects:{name}")).status_code == 302


def test_an_unknown_project_or_object_is_404(client, qi_staff, project, make_project):
    client.force_login(qi_staff)
    assert client.get("/projects/00000000-0000-0000-0000-000000000000/").status_code == 404
    elsewhere = Driver.objects.create(project=make_project(title="Other"), text="Elsewhere")
    assert client.get(url("driver_edit", project, elsewhere.pk)).status_code == 404


# --- the project page ------------------------------------------------------------------------------------------


def test_the_page_shows_the_aim_diagram_score_and_the_missing_consumer_voice(
    client, qi_staff, project, cycle, team_member
):
    client.force_login(qi_staff)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Kept first appointments for Adults referred to the clinic from 6 in 10 kept to 8 in 10 kept by" in html
    assert "Reminders in their language" in html
    assert "<svg" in html
    assert "1 PDSA cycle" in html
    assert "Progress score: 2 of 5" in html
    assert "This team has no consumer or family member" in html


def test_a_consumer_on_the_team_lifts_the_warning(client, qi_staff, project, person):
    from qic.roles import Role

    ProjectMember.objects.create(project=project, user=person("rita", role=Role.CONSUMER))
    client.force_login(qi_staff)
    assert "This team has no consumer or family member" not in client.get(project.get_absolute_url()).content.decode()


def test_a_cells_project_needs_no_consumer_warning(client, qi_staff, make_project, cell):
    project = make_project(kind=ProjectKind.CELL_WORK, cell=cell)
    client.force_login(qi_staff)
    assert "This team has no consumer or family member" not in client.get(project.get_absolute_url()).content.decode()


def test_the_diagram_downloads_as_an_svg_file(client, team_member, project, diagram):
    client.force_login(team_member)
    response = client.get(url("driver_diagram_svg", project))
    assert response["Content-Type"].startswith("image/svg+xml")
    assert (
        response["Content-Disposition"] == 'attachment; filename="driver-diagram-fewer-missed-first-appointments.svg"'
    )
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert 'xmlns="http://www.w3.org/2000/svg"' in body
    assert "A text message two days" in body
    # Well-formed, as an image file must be (our own response: no untrusted XML here).
    svg = ElementTree.fromstring(response.content)  # noqa: S314
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_diagram_escapes_what_the_team_typed(client, team_member, project):
    Driver.objects.create(project=project, text="<script>alert(1)</script> & co")
    client.force_login(team_member)
    body = client.get(url("driver_diagram_svg", project)).content.decode()
    assert "<script>" not in body
    assert "&lt;script&gt;" in body


def test_spanish_readers_get_the_spanish_texts(client, qi_staff, project):
    project.title_es = "Menos primeras citas perdidas"
    project.save()
    Driver.objects.create(project=project, text="Reminders", text_es="Recordatorios")
    client.force_login(qi_staff)
    html = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Menos primeras citas perdidas" in html
    assert "Recordatorios" in html


def test_the_origin_problem_links_both_ways(client, qi_staff, make_project):
    problem = Problem.objects.create(title="Intake line unanswered", owner=qi_staff, due_on=date(2026, 12, 31))
    project = make_project(origin_problem=problem)
    client.force_login(qi_staff)
    assert problem.get_absolute_url() in client.get(project.get_absolute_url()).content.decode()
    assert project.get_absolute_url() in client.get(problem.get_absolute_url()).content.decode()


# --- lists and overview ----------------------------------------------------------------------------------------


def test_the_list_shows_everyone_everything_but_a_member_only_their_projects(
    client, qi_staff, team_member, project, make_project
):
    make_project(title="Someone else's project")
    client.force_login(qi_staff)
    assert "Someone else&#x27;s project" in client.get(reverse("projects:list")).content.decode()
    client.force_login(team_member)
    html = client.get(reverse("projects:list")).content.decode()
    assert project.title in html
    assert "Someone else" not in html


def test_the_list_reads_a_fixed_number_of_queries(client, qi_staff, make_project, django_assert_num_queries):
    for number in range(5):
        make_project(title=f"Project {number}")
    client.force_login(qi_staff)
    client.get(reverse("projects:list"))
    with django_assert_num_queries(5):
        client.get(reverse("projects:list"))


def test_the_overview_warns_when_a_pip_kind_is_missing_this_year(client, director, project):
    client.force_login(director)
    html = client.get(reverse("projects:overview")).content.decode()
    assert "No project of the kind “PIP, non-clinical” is running this year." in html
    assert "No project of the kind “PIP, clinical”" not in html
    assert "progress score 1 of 5" in html


def test_the_overview_is_for_staff_and_directors(client, team_member):
    client.force_login(team_member)
    assert client.get(reverse("projects:overview")).status_code == 403


# --- starting and editing a project ----------------------------------------------------------------------------


def _project_form(**fields):
    return {
        "kind": ProjectKind.PIP_NON_CLINICAL,
        "title": "Calls after 4 pm",
        "stage": "planning",
        "starts_on": "2026-09-01",
        "aim_what": "Calls answered",
        "aim_for_whom": "People calling",
        "goal_text": "9 in 10",
        "aim_by": "2027-03-31",
        **fields,
    }


def test_qi_staff_start_a_pip(client, qi_staff):
    client.force_login(qi_staff)
    response = client.post(reverse("projects:create"), _project_form())
    project = ImprovementProject.objects.get(title="Calls after 4 pm")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.aim_is_set
    assert not project.members.exists()


def test_a_cell_member_starts_their_cells_project_and_leads_it(client, cell_member, cell):
    client.force_login(cell_member)
    assert client.get(reverse("projects:create")).status_code == 200
    response = client.post(reverse("projects:create"), _project_form(kind=ProjectKind.CELL_WORK, cell=cell.pk))
    assert response.status_code == 302
    project = ImprovementProject.objects.get()
    assert project.members.get().user == cell_member


def test_a_cell_members_own_cell_is_chosen_already_and_cannot_be_left_out(client, cell_member, cell):
    client.force_login(cell_member)
    form = client.get(reverse("projects:create")).context["form"]
    assert list(form.fields["cell"].choices) == [(form.fields["cell"].prepare_value(cell), cell.name)]
    response = client.post(reverse("projects:create"), _project_form(kind=ProjectKind.CELL_WORK, cell=""))
    assert response.status_code == 400
    assert "cell" in response.context["form"].errors


def test_a_cell_member_cannot_start_a_pip(client, cell_member, cell):
    client.force_login(cell_member)
    response = client.post(reverse("projects:create"), _project_form(cell=cell.pk))
    assert response.status_code == 400
    assert not ImprovementProject.objects.exists()


def test_someone_without_a_cell_cannot_start_a_project(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("projects:create")).status_code == 403


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": ProjectKind.CELL_WORK}, "cell"),
        ({"kind": ProjectKind.COUNCIL_INITIATIVE}, "initiative"),
        ({"aim_by": "2026-01-01"}, "aim_by"),
        ({"starts_on": "not a date"}, "starts_on"),
    ],
)
def test_bad_input_is_refused_per_field_and_nothing_saved(client, qi_staff, fields, field):
    client.force_login(qi_staff)
    response = client.post(reverse("projects:create"), _project_form(**fields))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ImprovementProject.objects.exists()


def test_a_problem_becomes_a_project(client, qi_staff):
    problem = Problem.objects.create(title="Intake line unanswered", owner=qi_staff, due_on=date(2026, 12, 31))
    client.force_login(qi_staff)
    form = client.get(reverse("projects:create") + f"?problem={problem.pk}").context["form"]
    assert form.initial["origin_problem"] == problem
    client.post(reverse("projects:create"), _project_form(origin_problem=problem.pk))
    assert problem.projects.get().title == "Calls after 4 pm"


def test_the_lead_edits_the_aim(client, lead, project):
    client.force_login(lead)
    response = client.post(url("edit", project), _project_form(kind=project.kind, title="Kept first visits"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Kept first visits"


# --- team, drivers, ideas, cycles, measures and spread on the page ---------------------------------------------


def test_the_lead_adds_and_removes_people(client, lead, project, outsider):
    client.force_login(lead)
    client.post(url("member_add", project), {"user": outsider.pk, "role": TeamRole.MEMBER})
    member = ProjectMember.objects.get(project=project, user=outsider)
    assert client.post(url("member_remove", project, member.pk)).status_code == 302
    assert not ProjectMember.objects.filter(pk=member.pk).exists()


def test_the_last_lead_cannot_be_removed(client, lead, project):
    client.force_login(lead)
    member = ProjectMember.objects.get(user=lead)
    response = client.post(url("member_remove", project, member.pk))
    assert response.status_code == 400
    assert "Name another lead" in response.content.decode()


def test_a_member_builds_the_driver_diagram(client, team_member, project):
    client.force_login(team_member)
    client.post(url("driver_add", project), {"text": "Remember", "text_es": "Recordar"})
    primary = Driver.objects.get(project=project)
    client.post(url("driver_add", project), {"text": "Reminders", "parent": primary.pk})
    secondary = Driver.objects.get(parent=primary)
    client.post(url("idea_add", project, secondary.pk), {"text": "Text two days before", "driver": secondary.pk})
    idea = ChangeIdea.objects.get()
    client.post(url("idea_edit", project, idea.pk), {"text": "Text three days before", "driver": primary.pk})
    idea.refresh_from_db()
    assert (idea.text, idea.driver) == ("Text three days before", primary)
    client.post(url("driver_edit", project, secondary.pk), {"text": "Reminders in Spanish", "parent": ""})
    secondary.refresh_from_db()
    assert secondary.is_primary
    assert client.post(url("idea_delete", project, idea.pk)).status_code == 302
    assert client.post(url("driver_delete", project, secondary.pk)).status_code == 302
    assert list(Driver.objects.filter(project=project)) == [primary]


def test_a_third_level_of_driver_is_refused(client, team_member, project, diagram):
    _primary, secondary, _idea = diagram
    client.force_login(team_member)
    response = client.post(url("driver_add", project), {"text": "Too deep", "parent": secondary.pk})
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors


def test_a_blank_driver_is_refused(client, team_member, project):
    client.force_login(team_member)
    assert client.post(url("driver_add", project), {"text": ""}).status_code == 400
    assert not Driver.objects.exists()


def test_a_driver_with_cycles_is_not_deleted(client, team_member, project, diagram, cycle):
    client.force_login(team_member)
    response = client.post(url("driver_delete", project, diagram[0].pk))
    assert response.status_code == 400
    assert Driver.objects.filter(pk=diagram[0].pk).exists()


def test_a_member_starts_a_cycle_from_an_idea_and_records_it(client, team_member, project, diagram):
    idea = diagram[2]
    client.force_login(team_member)
    response = client.post(
        url("cycle_start", project, idea.pk),
        {"title": "Text for a week", "plan_prediction": "More kept", "starts_on": "2026-09-07"},
    )
    cycle = PdsaCycle.objects.get()
    assert response["Location"] == url("cycle_detail", project, cycle.pk)
    assert cycle.cell is None
    assert cycle.change_idea_link.change_idea == idea
    response = client.post(
        url("cycle_edit", project, cycle.pk),
        {
            "title": "Text for a week",
            "plan_prediction": "More kept",
            "starts_on": "2026-09-07",
            "act_decision": "adopt",
        },
    )
    assert response.status_code == 400
    assert "study_notes" in response.context["form"].errors
    client.post(
        url("cycle_edit", project, cycle.pk),
        {
            "title": "Text for a week",
            "plan_prediction": "More kept",
            "starts_on": "2026-09-07",
            "study_notes": "Kept rose",
            "act_decision": "adopt",
        },
    )
    cycle.refresh_from_db()
    assert cycle.act_decision == "adopt"


def test_a_cycle_of_another_project_is_404(client, qi_staff, project, make_project, cycle):
    client.force_login(qi_staff)
    other = make_project(title="Other")
    assert client.get(url("cycle_detail", other, cycle.pk)).status_code == 404


def test_a_member_defines_a_local_measure_and_adds_a_registry_one(client, team_member, project):
    client.force_login(team_member)
    response = client.post(
        url("local_measure_add", project),
        {
            "role": "outcome",
            "name": "Kept first appointments",
            "definition": "Counted by the front desk",
            "kind": "proportion",
            "numerator_label": "kept",
            "denominator_label": "booked",
            "direction": "increase",
            "period": "week",
        },
    )
    local = project.family.get().local_measure
    assert local.name == "Kept first appointments"
    # Straight to the measure's own page, where its figures are entered.
    assert response["Location"] == url("local_measure", project, local.pk)
    measure = Measure.objects.filter(active=True).first()
    client.post(url("registry_measure_add", project), {"measure": measure.pk, "role": "process"})
    assert project.family.filter(measure=measure, role="process").exists()


def test_a_proportion_without_a_denominator_is_refused(client, team_member, project):
    client.force_login(team_member)
    response = client.post(
        url("local_measure_add", project),
        {
            "role": "outcome",
            "name": "Kept",
            "definition": "Desk",
            "kind": "proportion",
            "direction": "increase",
            "period": "week",
        },
    )
    assert response.status_code == 400
    assert "denominator_label" in response.context["form"].errors
    assert not LocalMeasure.objects.exists()


def test_a_member_records_spread(client, team_member, project):
    client.force_login(team_member)
    client.post(url("spread_add", project), {"place": "South clinic", "status": "planned"})
    site = SpreadSite.objects.get(project=project)
    client.post(url("spread_edit", project, site.pk), {"place": "South clinic", "status": "done", "on": "2026-10-01"})
    site.refresh_from_db()
    assert site.status == "done"
    response = client.post(url("spread_add", project), {"place": "South clinic", "status": "planned"})
    assert response.status_code == 400
    assert "place" in response.context["form"].errors


def test_a_director_cannot_post_changes(client, director, project):
    client.force_login(director)
    assert client.post(url("driver_add", project), {"text": "Remember"}).status_code == 403
    assert not Driver.objects.exists()


def test_an_adapted_cycle_leads_to_the_next_one(client, team_member, project, cycle):
    cycle.study_notes, cycle.act_decision = "Half the texts bounced", "adapt"
    cycle.save()
    client.force_login(team_member)
    page = client.get(url("cycle_detail", project, cycle.pk)).content.decode()
    start = url("cycle_start", project, cycle.change_idea_link.change_idea.pk) + f"?previous={cycle.pk}"
    assert start in page
    client.post(
        start, {"title": "Text with the checked number", "plan_prediction": "More kept", "starts_on": "2026-09-21"}
    )
    following = PdsaCycle.objects.get(previous=cycle)
    assert following.change_idea_link.change_idea == cycle.change_idea_link.change_idea
    response = client.post(start, {"title": "Again", "plan_prediction": "More kept", "starts_on": "2026-09-28"})
    assert response.status_code == 400
    assert "That cycle already has a next cycle." in response.content.decode()


def _grow(project, size):
    for number in range(size):
        primary = Driver.objects.create(project=project, text=f"Primary {number}")
        secondary = Driver.objects.create(project=project, parent=primary, text=f"Secondary {number}")
        for driver in (primary, secondary):
            idea = ChangeIdea.objects.create(driver=driver, text=f"Idea under {driver.text}")
            cycle = PdsaCycle.objects.create(
                title=f"Test {idea.pk}", plan_prediction="More", starts_on=date(2026, 9, 7)
            )
            ChangeIdeaCycle.objects.create(change_idea=idea, cycle=cycle)


def test_the_project_page_reads_as_many_queries_whatever_the_size_of_its_diagram(
    client, qi_staff, project, team_member, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(qi_staff)
    _grow(project, 1)
    client.get(project.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client.get(project.get_absolute_url())
    _grow(project, 6)
    with django_assert_max_num_queries(len(small)):
        client.get(project.get_absolute_url())


def test_a_pip_closed_last_year_does_not_count_for_this_year(client, director, make_project):
    from django.utils import timezone

    year = timezone.localdate().year
    make_project(
        kind=ProjectKind.PIP_NON_CLINICAL,
        stage="closed",
        starts_on=date(year - 1, 1, 5),
        closed_on=date(year - 1, 12, 1),
    )
    client.force_login(director)
    html = client.get(reverse("projects:overview")).content.decode()
    assert "No project of the kind “PIP, non-clinical” is running this year." in html


def test_a_draft_problem_nobody_took_up_is_not_offered_as_a_projects_origin(client, qi_staff):
    draft = Problem.objects.create(
        title="Raised from a chart",
        owner=qi_staff,
        due_on=date(2026, 12, 31),
        status=ProblemStatus.DRAFT,
        measure=Measure.objects.get(code="no-show-psychiatry"),
        signal_kind=SignalKind.SPECIAL_CAUSE,
        signal_month=date(2026, 10, 1),
    )
    client.force_login(qi_staff)

    response = client.post(reverse("projects:create"), _project_form(origin_problem=draft.pk))

    assert response.status_code == 400
    assert "origin_problem" in response.context["form"].errors
    assert not ImprovementProject.objects.exists()
