from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from training import fixtures_io


class Command(BaseCommand):
    help = (
        "Load the shipped training catalog (fixtures/training/*.json). Safe to run again: "
        "versions with sessions are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="catalog files to load (default: every shipped one)"
        )

    def handle(self, *args, paths, **options):
        files = [Path(p) for p in paths] or sorted(fixtures_io.FIXTURE_DIR.glob("*.json"))
        if not files:
            raise CommandError(f"No training catalog found in {fixtures_io.FIXTURE_DIR}.")
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
            try:
                data = fixtures_io.parse(path)
                outcome = fixtures_io.load(data)
            except fixtures_io.FixtureError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"Training catalog {data['slug']} version {data['version']}: {outcome}."
            )
