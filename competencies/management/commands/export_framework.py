from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from competencies import documents, services
from competencies.models import FrameworkVersion


class Command(BaseCommand):
    help = (
        "Write one framework version as a peerwork.framework/1 file that "
        "`load_frameworks` loads back to an identical version."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The framework's short name, e.g. wpf-core-competencies")
        parser.add_argument("version", help="The version label, e.g. 2015")
        parser.add_argument(
            "-o", "--output", help="File to write (default: standard output)", default=None
        )

    def handle(self, *args, slug, version, output=None, **options):
        found = services.versions_with_items(
            FrameworkVersion.objects.filter(framework__slug=slug, label=version)
        ).first()
        if found is None:
            labels = list(
                FrameworkVersion.objects.filter(framework__slug=slug).values_list(
                    "label", flat=True
                )
            )
            hint = (
                f" Versions of {slug}: {', '.join(labels)}."
                if labels
                else (f" There is no framework “{slug}”.")
            )
            raise CommandError(f"No version “{version}” of “{slug}”.{hint}")
        text = documents.dumps(documents.export_version(found))
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Could not write {output}: {exc.strerror}") from None
            self.stderr.write(f"Wrote {found} to {output}.")
        else:
            self.stdout.write(text, ending="")
