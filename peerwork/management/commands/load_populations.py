import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from peerwork.models import Population

FORMAT = "peerwork.populations/1"
DEFAULT_PATH = (
    Path(settings.BASE_DIR) / "fixtures" / "workforce" / "lived-experience-requirements.json"
)
FIELDS = ("code", "name", "lived_experience_required")


def _problems(data):
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [f'the file is not a "{FORMAT}" document']
    rows = data.get("populations")
    if not isinstance(rows, list) or not rows:
        return ['"populations" must be a non-empty list']
    problems = []
    codes = set()
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problems.append(f"population {number}: must be an object")
            continue
        for field in FIELDS:
            value = row.get(field)
            if not isinstance(value, str) or not value.strip():
                problems.append(f'population {number}: "{field}" must be non-empty text')
        if row.get("code") in codes:
            problems.append(f"population {number}: code {row.get('code')!r} appears twice")
        codes.add(row.get("code"))
    return problems


class Command(BaseCommand):
    help = (
        "Load the populations served and their lived experience requirements "
        "(fixtures/workforce/lived-experience-requirements.json). Idempotent: rows are "
        "matched by code and updated in place; nothing is deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))

    def handle(self, *args, path, **options):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from None
        problems = _problems(data)
        if problems:
            raise CommandError(f"{path}: " + "; ".join(problems))
        changed = 0
        with transaction.atomic():
            for position, row in enumerate(data["populations"]):
                values = {field: row[field] for field in FIELDS[1:]} | {"position": position}
                population, created = Population.objects.get_or_create(
                    code=row["code"], defaults=values
                )
                if created:
                    changed += 1
                elif any(getattr(population, key) != value for key, value in values.items()):
                    for key, value in values.items():
                        setattr(population, key, value)
                    population.save(update_fields=list(values))
                    changed += 1
        self.stdout.write(f"Populations served: {changed} of {len(data['populations'])} changed.")
