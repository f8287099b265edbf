import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.utils import timezone

from peerwork.reminders import send_digests


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--date must be a date written YYYY-MM-DD, such as 2026-03-02, not {value!r}."
        ) from None


class Command(BaseCommand):
    help = (
        "Email each person one digest of what needs them (due soon or overdue), as they chose: "
        "daily, weekly on Mondays, or only overdue. Safe to run often: each person gets at most "
        "one digest a day and each item is reminded at most once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="act as if today were this date (YYYY-MM-DD), for testing or a missed day",
        )

    def handle(self, *args, date=None, **options):
        today = _date(date) if date is not None else timezone.localdate()
        try:
            URLValidator(schemes=["http", "https"])(settings.SITE_URL)
        except ValidationError:
            raise CommandError(
                "Set SITE_URL to the site's address, such as https://peerwork.example.org, "
                f"so the links in the emails work (it is {settings.SITE_URL!r})."
            ) from None
        emails, items = send_digests(today)
        self.stdout.write(f"{today}: sent {emails} reminder email(s) covering {items} item(s).")
