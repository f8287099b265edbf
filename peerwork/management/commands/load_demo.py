from django.core.management.base import BaseCommand, CommandError

from peerwork import demo


class Command(BaseCommand):
    help = "Create the synthetic demo agency (idempotent) and print its logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff",
            type=int,
            default=None,
            help="Grow the agency to this many staff (for example 2000 for benchmarks).",
        )

    def handle(self, *args, staff=None, **options):
        if staff is not None and not 1 <= staff <= 50_000:
            raise CommandError("--staff must be between 1 and 50000.")
        agency = demo.build_demo_agency(staff_count=staff)
        for extend in demo.extensions:
            extend(agency)
        self.stdout.write(self.style.SUCCESS(f"Demo agency ready: {agency.name}"))
        self.stdout.write(f"{agency.staff.count()} staff in {agency.programs.count()} programs.")
        self.stdout.write(
            f"Demo logins (synthetic people; password for all: {demo.DEMO_PASSWORD}):"
        )
        for username, _password, description in demo.demo_logins():
            self.stdout.write(f"  {username:<8} {description}")
