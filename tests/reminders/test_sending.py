"""Reminders and weekly digests by e-mail (issue 16): in each person's language, of the kinds they chose, and
never twice: a second run the same day sends nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from reminders.models import MailKind, ReminderSent, Weekday
from reminders.services.sending import daily_reminders_send, week_key, weekly_digests_send
from reminders.services.settings import reminder_settings_save
from reminders.tasks import send_daily_reminders, send_weekly_digests

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_each_person_gets_one_daily_e_mail_with_their_own_work(work, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_reminders_send() == 3  # Rosa, Frank and QI staff

    (rosa,) = sent_to("rosa@example.org")
    for text in (
        work["step"].description,
        work["item"].description,
        work["cycle"].title,
        "Getting a first appointment",
        "Consejo de Mejoramiento de la Calidad",  # the council meeting's title, in Rosa's language
    ):
        assert text in rosa.body
    assert work["problem"].title not in rosa.body
    (staff,) = sent_to("quinn_qi@example.org")
    assert work["problem"].title in staff.body
    assert f"http://localhost:8000{work['problem'].get_absolute_url()}" in staff.body
    assert "http://localhost:8000/me/reminders/" in staff.body
    assert staff.alternatives[0][1] == "text/html"
    (frank,) = sent_to("frank@example.org")
    assert work["step"].description not in frank.body
    assert "Meeting of Getting a first appointment" in frank.body


def test_a_spanish_speaker_gets_her_reminder_in_spanish(work, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        daily_reminders_send()

    (rosa,) = sent_to("rosa@example.org")
    assert "Hola, Rosa:" in rosa.body
    assert "Consejo de Mejoramiento de la Calidad" in rosa.body
    (frank,) = sent_to("frank@example.org")
    assert "Hello Frank," in frank.body


def test_running_the_daily_job_twice_the_same_day_sends_nothing_more(work, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_reminders.delay()
    first = len(mail.outbox)
    rows = ReminderSent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_reminders.delay().get() == 0

    assert len(mail.outbox) == first
    assert ReminderSent.objects.count() == rows


def test_a_new_item_the_same_day_is_sent_alone(work, django_capture_on_commit_callbacks, qi_staff):
    with django_capture_on_commit_callbacks(execute=True):
        daily_reminders_send()
    mail.outbox.clear()
    work["problem"].pk = None
    work["problem"].title = "A second problem due tomorrow"
    work["problem"].save()

    with django_capture_on_commit_callbacks(execute=True):
        assert daily_reminders_send() == 1

    (message,) = mail.outbox
    assert "A second problem due tomorrow" in message.body
    assert "Intake line unanswered" not in message.body


def test_the_next_day_the_overdue_work_is_reminded_again(work, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        daily_reminders_send()
        daily_reminders_send(today=today() + timedelta(days=1))

    assert len(sent_to("rosa@example.org")) == 2


def test_the_database_refuses_recording_an_item_twice_the_same_day(frank):
    ReminderSent.objects.create(user=frank, kind=MailKind.DAILY, item_key="problem:1", sent_on=today())

    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(user=frank, kind=MailKind.DAILY, item_key="problem:1", sent_on=today())


def test_people_get_only_the_kinds_they_chose(work, rosa, django_capture_on_commit_callbacks):
    reminder_settings_save(user=rosa, actions=False, pdsa=False)

    with django_capture_on_commit_callbacks(execute=True):
        daily_reminders_send()

    (message,) = sent_to("rosa@example.org")
    assert work["step"].description not in message.body
    assert work["cycle"].title not in message.body
    assert "Getting a first appointment" in message.body


def test_no_daily_e_mail_for_those_who_turned_it_off_or_have_nothing(
    work, rosa, frank, django_capture_on_commit_callbacks
):
    reminder_settings_save(user=rosa, daily=False)
    reminder_settings_save(user=frank, meetings=False, pdsa=False)

    with django_capture_on_commit_callbacks(execute=True):
        daily_reminders_send()

    assert sent_to("rosa@example.org") == []
    assert sent_to("frank@example.org") == []


def test_done_work_and_people_who_left_are_not_reminded(work, rosa, django_capture_on_commit_callbacks):
    work["step"].status = "done"
    work["step"].save()
    rosa.is_active = False
    rosa.save()

    with django_capture_on_commit_callbacks(execute=True):
        daily_reminders_send()

    assert sent_to("rosa@example.org") == []


def test_the_weekly_digest_goes_on_the_chosen_day_once_a_week(work, rosa, django_capture_on_commit_callbacks):
    day = today()
    reminder_settings_save(user=rosa, digest_weekday=day.weekday())

    with django_capture_on_commit_callbacks(execute=True):
        weekly_digests_send(today=day)
        weekly_digests_send(today=day)

    (digest,) = sent_to("rosa@example.org")
    assert work["step"].description in digest.body
    assert ReminderSent.objects.get(user=rosa, kind=MailKind.DIGEST).item_key == week_key(day)
    # Changing the day within the week sends no second digest.
    tomorrow = day + timedelta(days=1)
    if week_key(tomorrow) == week_key(day):
        reminder_settings_save(user=rosa, digest_weekday=tomorrow.weekday())
        with django_capture_on_commit_callbacks(execute=True):
            weekly_digests_send(today=tomorrow)
        assert len(sent_to("rosa@example.org")) == 1


def test_no_digest_on_other_days_or_when_turned_off(work, rosa, frank, django_capture_on_commit_callbacks):
    day = today()
    reminder_settings_save(user=rosa, digest_weekday=(day.weekday() + 1) % 7)
    reminder_settings_save(user=frank, digest_weekday=day.weekday(), weekly_digest=False)

    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_digests.delay()

    assert sent_to("rosa@example.org") == []
    assert sent_to("frank@example.org") == []


def test_the_digest_is_in_spanish_for_a_spanish_speaker(work, rosa, django_capture_on_commit_callbacks):
    reminder_settings_save(user=rosa, digest_weekday=today().weekday())

    with django_capture_on_commit_callbacks(execute=True):
        weekly_digests_send()

    (digest,) = sent_to("rosa@example.org")
    assert "Hola, Rosa:" in digest.body
    html = digest.alternatives[0][0]
    assert '<html lang="es">' in html
    assert "Consejo de Mejoramiento de la Calidad" in html
    with override("es"):  # dates in Spanish too
        assert date_format(work["item"].due_on, "DATE_FORMAT") in html


def test_people_without_settings_get_the_defaults(frank):
    from reminders.services.settings import reminder_settings_for

    defaults = reminder_settings_for(user=frank)
    assert defaults.pk is None
    assert (defaults.daily, defaults.weekly_digest, defaults.digest_weekday) == (True, True, Weekday.MONDAY)


def test_the_beat_schedule_runs_both_jobs(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"reminders.daily_send", "reminders.digests_send"} <= tasks


def test_the_beat_entries_run_as_beat_calls_them_send_the_digest_through_the_outbox(
    settings, work, rosa, django_capture_on_commit_callbacks
):
    """Each reminders entry of the schedule, its task looked up by name and applied with the entry's arguments."""
    from qic.celery import app

    reminder_settings_save(user=rosa, digest_weekday=today().weekday(), daily=False)
    entries = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"].startswith("reminders.")]

    with django_capture_on_commit_callbacks(execute=True):
        for entry in entries:
            app.tasks[entry["task"]].apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {})).get()

    subjects = [message.subject for message in sent_to("rosa@example.org")]
    assert len(subjects) == 1
    assert subjects[0].startswith("QIC:")


def _draft_for(owner, *, days_ago: int):
    from datetime import date as day

    from dialogues.models import Problem, ProblemStatus
    from measures.alerts import SignalKind
    from measures.models import Measure

    draft = Problem.objects.create(
        title=f"Target missed, {days_ago} days ago",
        owner=owner,
        due_on=today() + timedelta(days=30),
        status=ProblemStatus.DRAFT,
        measure=Measure.objects.get(code="routine-non-psychiatry-offered-10-days"),
        signal_kind=SignalKind.TARGET_MISSED,
        signal_month=day(2026, 1 + days_ago, 1),
    )
    Problem.objects.filter(pk=draft.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return draft


def test_a_new_draft_from_the_charts_is_mentioned_once_in_the_daily_and_every_waiting_one_in_the_digest(
    qi_staff, django_capture_on_commit_callbacks
):
    new, old = _draft_for(qi_staff, days_ago=0), _draft_for(qi_staff, days_ago=3)
    reminder_settings_save(user=qi_staff, digest_weekday=today().weekday())

    with django_capture_on_commit_callbacks(execute=True):
        daily_reminders_send()
        weekly_digests_send()

    daily, digest = sent_to("quinn_qi@example.org")
    assert new.title in daily.body
    assert "take it up or dismiss it" in daily.body
    assert old.title not in daily.body
    assert new.title in digest.body
    assert old.title in digest.body


def test_the_team_of_a_project_is_reminded_of_its_cycle_to_study(frank, django_capture_on_commit_callbacks):
    """A project's PDSA cycle has no cell: its team, not a cell's members, hears that it is time to study it."""
    from dialogues.models import PdsaCycle
    from projects.models import ChangeIdea, ChangeIdeaCycle, Driver, ImprovementProject, ProjectMember, TeamRole

    project = ImprovementProject.objects.create(
        kind="pip_clinical", title="Fewer missed first appointments", starts_on=today() - timedelta(days=90)
    )
    ProjectMember.objects.create(project=project, user=frank, role=TeamRole.MEMBER)
    idea = ChangeIdea.objects.create(driver=Driver.objects.create(project=project, text="Reminders"), text="Texts")
    cycle = PdsaCycle.objects.create(
        title="Texts two days ahead",
        plan_prediction="Fewer no-shows",
        starts_on=today() - timedelta(days=30),
        ends_on=today() - timedelta(days=1),
    )
    ChangeIdeaCycle.objects.create(change_idea=idea, cycle=cycle)

    with django_capture_on_commit_callbacks(execute=True):
        daily_reminders_send()

    (message,) = sent_to("frank@example.org")
    assert "PDSA cycle to study (Fewer missed first appointments): Texts two days ahead" in message.body


def test_what_people_typed_reaches_a_spanish_speaker_in_spanish_and_an_english_speaker_in_english(
    work, rosa, django_capture_on_commit_callbacks
):
    work["step"].description_es = "Redactar el guion de las llamadas"
    work["step"].save()
    work["cycle"].title_es = "Llamar dos días antes"
    work["cycle"].save()
    work["item"].description_es = "Pedir a las clínicas sus cifras de inasistencia"
    work["item"].save()
    reminder_settings_save(user=rosa, digest_weekday=today().weekday())

    with django_capture_on_commit_callbacks(execute=True):
        daily_reminders_send()
        weekly_digests_send()

    for message in sent_to("rosa@example.org"):
        for spanish, english in (
            ("Redactar el guion de las llamadas", work["step"].description),
            ("Llamar dos días antes", work["cycle"].title),
            ("Pedir a las clínicas sus cifras de inasistencia", work["item"].description),
        ):
            assert spanish in message.body
            assert spanish in message.alternatives[0][0]
            assert english not in message.body
    for message in sent_to("frank@example.org"):
        assert "Llamar dos días antes" not in message.body
