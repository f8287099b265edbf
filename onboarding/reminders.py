"""Reminder emails: each assignee gets one email listing their tasks due soon or overdue.

A task is reminded at most once per day however often this runs (safe for cron): the
`ReminderSent` row (unique per task and day) is written in the same transaction as the send,
so a second run skips it and a failed send leaves nothing recorded.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.models import PlanStatus, ReminderSent, Task, TaskStatus

DUE_SOON_DAYS = 3


def _recipient(staff):
    return staff.email or (staff.user.email if staff.user_id else "")


def due_tasks(today):
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return (
        Task.objects.filter(
            status=TaskStatus.OPEN,
            plan__status=PlanStatus.ACTIVE,
            due_date__lte=soon,
            assignee__isnull=False,
        )
        .exclude(reminders__date=today)
        .select_related("assignee", "assignee__user", "plan", "plan__hire")
        .order_by("assignee_id", "due_date", "order", "pk")
    )


def send_reminders(today=None, base_url=""):
    """Send today's reminders; returns (emails sent, tasks reminded).

    `base_url` (e.g. https://peerwork.example.org) makes the links in the email absolute.
    """
    today = today or timezone.localdate()
    by_recipient = defaultdict(list)
    for task in due_tasks(today):
        address = _recipient(task.assignee)
        if address:
            by_recipient[(address, task.assignee.display_name)].append(task)
    emails = tasks_sent = 0
    for (address, name), tasks in by_recipient.items():
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    ReminderSent(task=task, date=today, recipient=address) for task in tasks
                )
                for task in tasks:
                    task.overdue = task.due_date < today
                body = render_to_string(
                    "onboarding/email/reminder.txt",
                    {"name": name, "tasks": tasks, "today": today, "base_url": base_url},
                )
                send_mail(
                    _("Onboarding tasks due soon or overdue"),
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    [address],
                )
        except IntegrityError:
            # Another run recorded these first: it sends them.
            continue
        emails += 1
        tasks_sent += len(tasks)
    return emails, tasks_sent
