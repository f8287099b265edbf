"""Reading credential rules from `fixtures/credentials/*.json` (format in fixtures/README.md).

Idempotent: a type version already loaded with the same content is left alone; a version no
credential uses is brought in line with the file; a version a credential uses is never changed
(the file must give it a new version number). The course-to-category mapping is created where
missing and never overwrites an agency's edit.
"""

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from credentials.models import (
    CECategory,
    CERequirement,
    CourseCECategory,
    CredentialType,
)
from peerwork.versioning import VersionStatus

FORMAT = "peerwork.credentials/1"
FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "credentials"

TEXT_FIELDS = [
    "name",
    "issuer",
    "state",
    "renewal_period_source",
    "total_ce_hours_source",
    "renewal_window_source",
    "ce_retention_source",
    "specializations_source",
    "categories_source",
    "initial_source",
    "supervision_source",
    "verify_note",
]
INT_FIELDS = ["renewal_period_months", "renewal_window_days"]
OPTIONAL_INT_FIELDS = [
    "ce_retention_months",
    "initial_period_months",
    "initial_supervised_hours",
    "initial_supervision_cadence_days",
    "supervision_cadence_days",
]
LIST_FIELDS = ["specializations", "categories"]


class FixtureError(Exception):
    pass


def _require(condition, message):
    if not condition:
        raise FixtureError(message)


def _decimal(value, where):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise FixtureError(f"{where}: {value!r} is not a number of hours") from None
    _require(number >= 0, f"{where}: hours cannot be negative")
    return number


def parse(path):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FixtureError(f"{path}: cannot read JSON ({exc})") from None
    _require(isinstance(data, dict), f"{path}: expected a JSON object")
    _require(data.get("format") == FORMAT, f"{path}: format must be {FORMAT!r}")
    codes = set()
    for category in data.get("ce_categories") or []:
        _require(
            isinstance(category.get("code"), str) and category.get("name"),
            f"{path}: every CE category needs a code and a name",
        )
        codes.add(category["code"])
    mapping = data.get("course_categories") or {"courses": []}
    for entry in mapping.get("courses", []):
        _require(
            entry.get("category") in codes,
            f"{path}: course {entry.get('course')!r}: unknown category {entry.get('category')!r}",
        )
    types = data.get("types")
    _require(isinstance(types, list) and types, f"{path}: 'types' must be a non-empty list")
    for item in types:
        where = f"{path}: type {item.get('slug')!r}"
        _require(isinstance(item.get("slug"), str) and item["slug"], f"{path}: a type has no slug")
        _require(isinstance(item.get("version"), int), f"{where}: version must be a whole number")
        for name in ("name", "issuer", "verify_note", "renewal_period_source"):
            _require(isinstance(item.get(name), str) and item[name], f"{where}: {name} is missing")
        for name in INT_FIELDS:
            _require(isinstance(item.get(name), int) and item[name] > 0, f"{where}: {name}")
        for name in OPTIONAL_INT_FIELDS:
            _require(item.get(name) is None or isinstance(item[name], int), f"{where}: {name}")
        for name in LIST_FIELDS:
            _require(isinstance(item.get(name, []), list), f"{where}: {name} must be a list")
        item["total_ce_hours"] = _decimal(item.get("total_ce_hours", 0), where)
        for requirement in item.get("requirements", []):
            _require(
                requirement.get("category") is None or requirement["category"] in codes,
                f"{where}: unknown CE category {requirement.get('category')!r}",
            )
            _require(requirement.get("label") and requirement.get("source"), f"{where}: label")
            requirement["min_hours"] = _decimal(requirement.get("min_hours"), where)
    return data


def _type_values(item):
    values = {name: item.get(name) or "" for name in TEXT_FIELDS}
    values.update({name: item[name] for name in INT_FIELDS})
    values.update({name: item.get(name) for name in OPTIONAL_INT_FIELDS})
    values.update({name: list(item.get(name) or []) for name in LIST_FIELDS})
    values["total_ce_hours"] = item["total_ce_hours"]
    return values


def _requirement_rows(credential_type):
    return [
        (r.category.code if r.category else None, r.label, r.min_hours, r.source)
        for r in credential_type.requirements.select_related("category").order_by("order")
    ]


@transaction.atomic
def load(data):
    """Returns (created, updated, unchanged) counts of type versions."""
    categories = {}
    for order, item in enumerate(data.get("ce_categories") or []):
        category, _ = CECategory.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"], "order": order}
        )
        categories[category.code] = category
    mapping = data.get("course_categories") or {}
    for entry in mapping.get("courses", []):
        CourseCECategory.objects.get_or_create(
            course_code=entry["course"],
            defaults={
                "category": categories[entry["category"]],
                "product_default": bool(mapping.get("product_default")),
            },
        )
    created = updated = unchanged = 0
    for item in data["types"]:
        values = _type_values(item)
        wanted = [
            (r["category"], r["label"], r["min_hours"], r["source"])
            for r in item.get("requirements", [])
        ]
        existing = CredentialType.objects.filter(slug=item["slug"], version=item["version"]).first()
        if existing is not None:
            same = all(getattr(existing, k) == v for k, v in values.items())
            if same and _requirement_rows(existing) == wanted:
                unchanged += 1
                continue
            if existing.is_locked():
                raise FixtureError(
                    f"{item['slug']} version {item['version']} is used by credentials and cannot "
                    "change: give the changed rules a new version number."
                )
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            existing.requirements.all().delete()
            credential_type = existing
            updated += 1
        else:
            credential_type = CredentialType.objects.create(
                slug=item["slug"], version=item["version"], **values
            )
            created += 1
        CERequirement.objects.bulk_create(
            CERequirement(
                credential_type=credential_type,
                category=categories.get(code) if code else None,
                label=label,
                min_hours=min_hours,
                source=source,
                order=order,
            )
            for order, (code, label, min_hours, source) in enumerate(wanted)
        )
        if credential_type.status == VersionStatus.DRAFT:
            newer = CredentialType.objects.filter(
                slug=credential_type.slug, version__gt=credential_type.version
            ).exists()
            if not newer:
                credential_type.publish()
    return created, updated, unchanged


def load_all(paths=None):
    paths = paths or sorted(FIXTURE_DIR.glob("*.json"))
    parsed = [parse(path) for path in paths]
    return [load(data) for data in parsed]
