from django.core.management.base import BaseCommand

from onboarding.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email each assignee their onboarding tasks due soon or overdue. Safe to run often: "
        "a task is reminded at most once a day."
    )

    def handle(self, *args, **options):
        emails, tasks = send_reminders()
        self.stdout.write(f"Sent {emails} reminder email(s) covering {tasks} task(s).")
