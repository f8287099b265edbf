import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction

from onboarding import services
from onboarding.models import ReminderSent, TaskStatus
from onboarding.reminders import send_reminders
from tests.onboarding.factories import make_plan, make_template

pytestmark = pytest.mark.django_db


def _plan_starting(world, start):
    return make_plan(
        make_template(),
        agency=world.agency,
        program=world.program,
        started_by=world.hr,
        hire=world.peer_a_staff,
        supervisor=world.sup_a2_staff,
        target_start_date=start,
    )


def test_running_twice_in_a_day_sends_each_reminder_once(world):
    today = datetime.date(2026, 3, 2)
    plan = _plan_starting(world, today)
    # Day one (0), and overdue pre-/post-selection (-21, -7) are due; week one (+5) is not yet.
    call_command("send_onboarding_reminders", stdout=open("/dev/null", "w"))  # real today
    mail.outbox.clear()
    ReminderSent.objects.all().delete()

    emails, tasks = send_reminders(today)
    assert emails == len(mail.outbox) == 2  # HR and the supervisor
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    hr_body = by_recipient[world.hr_staff.email or world.hr.email]
    assert "Review core competencies" in hr_body and "(overdue)" in hr_body
    assert "DAY ONE: Complete necessary paperwork" in hr_body
    sup_body = by_recipient[world.sup_a2.email]
    assert "DAY ONE: Conduct orientation" in sup_body
    assert "WEEK ONE" not in hr_body + sup_body
    assert tasks == ReminderSent.objects.filter(date=today).count() == 4

    assert send_reminders(today) == (0, 0)
    assert len(mail.outbox) == 2

    # Closed tasks are never reminded; the next day the open ones are reminded again.
    services.close_tasks(
        [plan.tasks.get(text="Review core competencies")], actor=world.hr, status=TaskStatus.DONE
    )
    mail.outbox.clear()
    emails, tasks = send_reminders(today + datetime.timedelta(days=1))
    assert tasks == 3
    assert all("Review core competencies" not in m.body for m in mail.outbox)


def test_the_command_runs_twice_and_sends_once(world):
    from django.utils import timezone

    _plan_starting(world, timezone.localdate())
    call_command("send_onboarding_reminders", stdout=open("/dev/null", "w"))
    first = len(mail.outbox)
    assert first == 2
    call_command("send_onboarding_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == first


def test_the_table_refuses_a_second_reminder_for_the_same_task_and_day(world):
    plan = _plan_starting(world, datetime.date(2026, 3, 2))
    task = plan.tasks.first()
    ReminderSent.objects.create(task=task, date=datetime.date(2026, 3, 2), recipient="a@b.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(task=task, date=datetime.date(2026, 3, 2), recipient="a@b.org")


def test_base_url_makes_links_absolute_and_a_bad_one_is_refused(world):
    from django.core.management import CommandError
    from django.utils import timezone

    plan = _plan_starting(world, timezone.localdate())
    with pytest.raises(CommandError, match="--base-url must be a web address"):
        call_command("send_onboarding_reminders", "--base-url", "peerwork dot org")
    assert not mail.outbox and not ReminderSent.objects.exists()
    call_command(
        "send_onboarding_reminders",
        "--base-url",
        "https://peerwork.example.org/",
        stdout=open("/dev/null", "w"),
    )
    task = plan.tasks.get(text="DAY ONE: Conduct orientation")
    body = next(m.body for m in mail.outbox if m.to == [world.sup_a2.email])
    assert f"https://peerwork.example.org{task.get_absolute_url()}" in body
