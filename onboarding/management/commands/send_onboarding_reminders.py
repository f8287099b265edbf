from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from onboarding.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email each assignee their onboarding tasks due soon or overdue. Safe to run often: "
        "a task is reminded at most once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="",
            help="the site's address, e.g. https://peerwork.example.org, for links in the emails",
        )

    def handle(self, *args, base_url="", **options):
        base_url = base_url.strip().rstrip("/")
        if base_url:
            try:
                URLValidator(schemes=["http", "https"])(base_url)
            except ValidationError:
                raise CommandError(
                    f"--base-url must be a web address such as https://peerwork.example.org, "
                    f"not {base_url!r}."
                ) from None
        emails, tasks = send_reminders(base_url=base_url)
        self.stdout.write(f"Sent {emails} reminder email(s) covering {tasks} task(s).")
