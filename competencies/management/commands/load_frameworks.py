from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from competencies import documents, services
from competencies.models import RatingScale

SHIPPED_DIRS = ("fixtures/frameworks", "fixtures/reference")


def shipped_files():
    """Every shipped framework and reference file, in a stable order."""
    return [
        path
        for folder in SHIPPED_DIRS
        for path in sorted((Path(settings.BASE_DIR) / folder).glob("*.json"))
    ]


def _files(paths):
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.glob("*.json")))
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder.")
    return files


class Command(BaseCommand):
    help = (
        "Load the shipped competency frameworks and reference lists (fixtures/frameworks, "
        "fixtures/reference), or the given files. Idempotent. Every file is validated before "
        "anything is written; if any file is invalid or would change a published version in "
        "use, nothing is written and every problem is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Files or folders (default: shipped data).")

    def handle(self, *args, paths=(), **options):
        files = _files(paths) if paths else shipped_files()
        problems = []
        loaded = []
        for path in files:
            try:
                loaded.append((path, documents.parse_json(path.read_bytes())))
            except documents.DocumentError as exc:
                problems.extend(f"{path.name}: {p}" for p in exc.problems)
        # A file may rate on a scale that another file of this run ships.
        known = set(RatingScale.objects.values_list("code", flat=True)) | {
            scale.get("code")
            for _path, data in loaded
            if isinstance(data, dict) and isinstance(data.get("rating_scales"), list)
            for scale in data["rating_scales"]
            if isinstance(scale, dict)
        }
        parsed = []
        for path, data in loaded:
            normalized, file_problems = documents.validate_document(data, known)
            problems.extend(f"{path.name}: {p}" for p in file_problems)
            parsed.append((path, data, normalized))
        # Files that ship scales go first, so the others find them in the database.
        parsed.sort(key=lambda item: not (item[2] or {}).get("rating_scales"))
        problems.extend(self._scale_conflicts(parsed))
        if problems:
            raise CommandError(
                "Nothing was loaded. Problems:\n" + "\n".join(f"  - {p}" for p in problems)
            )

        results = []
        refusals = []
        with transaction.atomic():
            for path, data, _normalized in parsed:
                try:
                    results.append(services.load_document(data))
                except (services.LoadRefused, documents.DocumentError) as exc:
                    refusals.append(f"{path.name}: {exc}")
            if refusals:
                transaction.set_rollback(True)
        if refusals:
            raise CommandError(
                "Nothing was loaded. Refused:\n" + "\n".join(f"  - {r}" for r in refusals)
            )
        for result in results:
            self.stdout.write(f"{result.kind} {result}")
        changed = sum(r.action != "unchanged" for r in results)
        self.stdout.write(
            self.style.SUCCESS(
                f"Frameworks and reference lists: {changed} of {len(results)} "
                "files created or updated."
            )
        )

    @staticmethod
    def _scale_conflicts(parsed):
        """A scale shipped in several files must be the same in each."""
        seen = {}
        problems = []
        for path, _data, normalized in parsed:
            if not normalized or normalized["format"] != documents.FRAMEWORK_FORMAT:
                continue
            for scale in normalized["rating_scales"]:
                first = seen.setdefault(scale["code"], (path, scale))
                if first[1] != scale:
                    problems.append(
                        f"{path.name}: the rating scale “{scale['code']}” differs from the one "
                        f"in {first[0].name}; a scale shipped in several files must be "
                        "identical in each."
                    )
        return problems
