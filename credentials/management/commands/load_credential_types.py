from django.core.management.base import BaseCommand, CommandError

from credentials import fixtures_io


class Command(BaseCommand):
    help = "Load the shipped credential rules (fixtures/credentials/). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Other fixture files (default: shipped).")

    def handle(self, *args, paths=(), **options):
        try:
            results = fixtures_io.load_all(list(paths) or None)
        except fixtures_io.FixtureError as exc:
            raise CommandError(str(exc)) from None
        created = sum(r[0] for r in results)
        updated = sum(r[1] for r in results)
        unchanged = sum(r[2] for r in results)
        self.stdout.write(
            f"Credential types: {created} created, {updated} updated, {unchanged} unchanged."
        )
