import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import override_settings

from peerwork.models import ReminderFrequency, ReminderSent
from peerwork.reminders import send_digests
from tests.peerwork.todo_world import START, TUESDAY, add_work

pytestmark = pytest.mark.django_db

SITE = "https://peerwork.example.org"


def _run(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def _mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@override_settings(SITE_URL=SITE)
def test_two_runs_on_the_same_day_send_nothing_the_second_time(world):
    add_work(world)
    assert "sent" in _run("--date", START.isoformat())
    first = len(mail.outbox)
    assert first >= 3  # HR, Aiden (sup_a2), Amani (peer_a) at least
    rows = ReminderSent.objects.count()
    assert "sent 0 reminder email(s)" in _run("--date", START.isoformat())
    assert len(mail.outbox) == first and ReminderSent.objects.count() == rows
    # The old command's name still works for cron lines already written, and also sends once.
    call_command("send_onboarding_reminders", "--date", START.isoformat(), stdout=io.StringIO())
    assert len(mail.outbox) == first
    # the next day brings the next digest
    _run("--date", TUESDAY.isoformat())
    assert len(mail.outbox) > first


@override_settings(SITE_URL=SITE)
def test_a_person_with_items_from_three_apps_gets_one_email_with_absolute_links(world):
    plans, cycle, round_ = add_work(world)
    emails, items = send_digests(START)
    mine = _mail_to(world.sup_a2)
    assert len(mine) == 1
    body = mine[0].body
    assert "Write the evaluation of Amani Achebe" in body  # evaluations
    assert f"Give your view: {round_.title}" in body  # assessments
    assert "Conduct orientation" in body  # onboarding
    links = [line.strip() for line in body.splitlines() if "/" in line and "http" in line]
    assert links and all(link.startswith(SITE + "/") or SITE + "/" in link for link in links)
    task = plans[0].tasks.get(text="DAY ONE: Conduct orientation")
    assert f"{SITE}{task.get_absolute_url()}" in body
    assert f"{SITE}/preferences/" in body
    keys = set(ReminderSent.objects.filter(user=world.sup_a2).values_list("key", flat=True))
    assert ReminderSent.DIGEST_KEY in keys
    assert f"onboarding.task:{task.pk}" in keys
    assert {k.split(".")[0] for k in keys} >= {"onboarding", "evaluations", "assessments"}


@override_settings(SITE_URL=SITE)
def test_weekly_gets_nothing_on_a_tuesday_and_everything_of_the_week_on_monday(world):
    add_work(world)
    world.sup_a2.reminder_frequency = ReminderFrequency.WEEKLY
    world.sup_a2.save(update_fields=["reminder_frequency"])
    send_digests(TUESDAY)
    assert not _mail_to(world.sup_a2)
    assert _mail_to(world.hr)  # daily people still hear on Tuesday
    next_monday = START + datetime.timedelta(days=7)
    send_digests(next_monday)
    mine = _mail_to(world.sup_a2)
    assert len(mine) == 1
    assert "WEEK ONE" not in mine[0].body  # the hire's task, never Aiden's


@override_settings(SITE_URL=SITE)
def test_only_overdue_waits_until_something_is_late(world):
    add_work(world)
    world.sup_a2.reminder_frequency = ReminderFrequency.OVERDUE
    world.sup_a2.save(update_fields=["reminder_frequency"])
    send_digests(START)  # orientation is due today, the evaluation and survey in 2 days
    early = " ".join(m.body for m in _mail_to(world.sup_a2))  # other apps may have late work
    assert "Conduct orientation" not in early and "Write the evaluation" not in early
    mail.outbox.clear()
    send_digests(START + datetime.timedelta(days=1))
    body = _mail_to(world.sup_a2)[0].body
    assert "Overdue since" in body and "Conduct orientation" in body
    assert "Give your view" not in body  # the survey closes tomorrow: not overdue


@override_settings(SITE_URL=SITE)
def test_an_item_is_reminded_once_a_day_even_through_a_nudge(world):
    add_work(world)
    send_digests(START)
    first = len(mail.outbox)
    assert send_digests(START) == (0, 0)
    assert len(mail.outbox) == first


def test_the_table_refuses_a_second_record_of_the_same_item_and_day(world):
    ReminderSent.objects.create(user=world.hr, key="onboarding.task:1", date=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(user=world.hr, key="onboarding.task:1", date=START)


@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "02/03/2026", ""])
def test_a_bad_date_is_a_clear_error(world, value):
    with pytest.raises(CommandError, match="--date must be a date written YYYY-MM-DD"):
        _run("--date", value)
    assert not mail.outbox and not ReminderSent.objects.exists()


@override_settings(SITE_URL="")
def test_without_site_url_the_command_refuses_and_sends_nothing(world):
    add_work(world)
    with pytest.raises(CommandError, match="Set SITE_URL"):
        _run("--date", START.isoformat())
    assert not mail.outbox


@override_settings(SITE_URL=SITE)
def test_people_without_an_address_or_inactive_get_nothing(world):
    add_work(world)
    world.sup_a2.is_active = False
    world.sup_a2.save(update_fields=["is_active"])
    world.hr.email = ""
    world.hr.save(update_fields=["email"])
    world.hr_staff.email = ""
    world.hr_staff.save(update_fields=["email"])
    send_digests(START)
    recipients = {m.to[0] for m in mail.outbox}
    assert world.sup_a2.email not in recipients and "" not in recipients
    assert not ReminderSent.objects.filter(user__in=[world.sup_a2, world.hr]).exists()
