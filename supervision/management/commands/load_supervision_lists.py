from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from supervision import services


class Command(BaseCommand):
    help = (
        "Load the shipped supervision topics and scope-of-role duties "
        "(fixtures/supervision/supervision-lists.json). Adds what is missing; never changes "
        "an entry an admin may have edited."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="a lists file (default: the shipped one)")

    def handle(self, *args, path=None, **options):
        try:
            data = services.parse_lists(Path(path) if path else services.LISTS_FILE)
        except services.ListsError as exc:
            raise CommandError(str(exc)) from None
        added = services.load_lists(data)
        self.stdout.write(f"Supervision lists: {added} entries added.")
