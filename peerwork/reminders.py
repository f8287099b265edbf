"""The one mail path for reminders: the daily digest and HR's nudges.

`send_digests(today)` (run by `manage.py send_reminders`) mails each person, in their own
language (`peerwork.i18n`), at most one email a day listing what `peerwork.todo.registry` says
is due soon or overdue for them, as they chose (daily, weekly on Mondays, or only overdue).
Each item is reminded at most once a day:
the `ReminderSent` rows (unique per person, item and day) are written in the same transaction
as the send, so a second run skips them, a concurrent run fails on the constraint instead of
sending twice, and a failed send leaves nothing recorded.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from peerwork import i18n, todo
from peerwork.models import ReminderFrequency, ReminderSent, User

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 3  # daily digests: what is due within three days, and everything overdue
WEEKLY_DAYS = 7  # weekly digests (Mondays): what is due this coming week, and overdue
MONDAY = 0


def absolute_url(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def recipient(user):
    """The address reminders go to: the login's email, else the staff record's work email."""
    if user.email:
        return user.email
    staff = getattr(user, "staff_member", None)
    return staff.email if staff is not None else ""


def digest_items(user, today):
    """The items `user` is to be reminded of today, given their choice; [] when none."""
    frequency = user.reminder_frequency
    if frequency == ReminderFrequency.WEEKLY and today.weekday() != MONDAY:
        return []
    if frequency == ReminderFrequency.OVERDUE:
        limit = today - datetime.timedelta(days=1)
    elif frequency == ReminderFrequency.WEEKLY:
        limit = today + datetime.timedelta(days=WEEKLY_DAYS)
    else:
        limit = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return [item for item in todo.registry.items_for(user, today) if item.due and item.due <= limit]


def deliver(user, items, today, *, subject, intro, digest):
    """Mail `items` to `user` in one email, recording each (and, for a digest, the digest
    itself) for `today`. Items already reminded today are left out; returns the number of
    items sent (0: nothing was sent)."""
    address = recipient(user)
    if not address or not items:
        return 0
    keys = [item.key for item in items]
    if digest:
        keys.append(ReminderSent.DIGEST_KEY)
    already = set(
        ReminderSent.objects.filter(user=user, date=today, key__in=keys).values_list(
            "key", flat=True
        )
    )
    if ReminderSent.DIGEST_KEY in already:
        return 0
    items = [item for item in items if item.key not in already]
    if not items:
        return 0
    rows = [ReminderSent(user=user, key=item.key, date=today) for item in items]
    if digest:
        rows.append(ReminderSent(user=user, key=ReminderSent.DIGEST_KEY, date=today))
    body = render_to_string(
        "peerwork/email/digest.txt",
        {
            "name": user.display_name(),
            "intro": intro,
            "items": [
                {
                    "text": item.text,
                    "when": item.due_in_words(today),
                    "url": absolute_url(item.url),
                }
                for item in items
            ],
            "preferences_url": absolute_url(reverse("peerwork:preferences")),
        },
    )
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(rows)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except IntegrityError:
        # Another run recorded these first: that run sends them.
        return 0
    except OSError as exc:  # the mail server refused or is down: nothing is recorded
        logger.error("Reminder to user %s not sent: %s", user.pk, type(exc).__name__)
        return 0
    return len(items)


def send_digests(today):
    """Send today's digests; returns (emails sent, items reminded)."""
    emails = items_sent = 0
    users = User.objects.filter(is_active=True).select_related("staff_member").order_by("pk")
    for user in users.iterator(chunk_size=200):
        with i18n.speaking_to(user):
            items = digest_items(user, today)
            if not items:
                continue
            sent = deliver(
                user,
                items,
                today,
                subject=_("PeerWork: what needs you"),
                intro=_("Here is what is due soon or overdue for you in PeerWork:"),
                digest=True,
            )
        if sent:
            emails += 1
            items_sent += sent
    logger.info("Reminder digests: %s email(s), %s item(s).", emails, items_sent)
    return emails, items_sent
