"""Reading the training catalog from `fixtures/training/*.json` (format in fixtures/README.md).

Loading is idempotent: a version already in the database with the same content is left alone;
a version no session uses yet is brought in line with the file; a version a session uses is
never changed (the file must get a new version number instead). The catalog, its sections and
its courses may carry ``"translations"`` (peerwork/translations.py): those are not content,
and are written whatever the version's status.
"""

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import ProtectedError

from peerwork.translations import apply_translations, check_translations
from peerwork.versioning import VersionStatus
from training.models import (
    SAMHSA_NUMERALS,
    CatalogVersion,
    Course,
    CourseCompetency,
    CourseSection,
)

FORMAT = "peerwork.training/1"
FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "training"
META_KEYS = ("title", "source", "contact", "footnote", "competency_mapping")
COURSE_TEXT_KEYS = (
    "title",
    "instruction_time",
    "target_audience",
    "value",
    "description_heading",
    "description",
)


class FixtureError(Exception):
    pass


def _require(condition, message):
    if not condition:
        raise FixtureError(message)


def _translations(obj, model, where):
    problems = check_translations(obj.get("translations"), model, where)
    _require(not problems, "; ".join(problems))


def _hours(value, where):
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise FixtureError(f'{where}: hours must be a number such as "6.5"') from None
    _require(hours.is_finite() and Decimal("0") < hours <= Decimal("999"), f"{where}: hours")
    return hours.quantize(Decimal("0.01"))


def check(data, path="file"):
    """The document checked and normalized; FixtureError with a clear message otherwise."""
    _require(isinstance(data, dict), f"{path}: expected a JSON object")
    _require(data.get("format") == FORMAT, f"{path}: format must be {FORMAT!r}")
    for key in ("slug", "title", "version"):
        _require(isinstance(data.get(key), str) and data[key], f"{path}: {key!r} is missing")
    _require(re.fullmatch(r"[-a-zA-Z0-9_]+", data["slug"]) is not None, f"{path}: slug")
    _require(data["version"].isdigit(), f"{path}: version must be a whole number")
    for key in META_KEYS:
        _require(isinstance(data.get(key, ""), str), f"{path}: {key!r} must be text")
    for key in ("columns", "repairs"):
        value = data.get(key, [])
        _require(
            isinstance(value, list) and all(isinstance(v, str) for v in value),
            f"{path}: {key!r} must be a list of text",
        )
    _translations(data, CatalogVersion, path)
    sections = data.get("sections")
    _require(isinstance(sections, list) and sections, f"{path}: 'sections' must be a list")
    codes = set()
    for s_number, section in enumerate(sections, start=1):
        where = f"{path}: section {s_number}"
        _require(isinstance(section, dict), f"{where}: expected an object")
        _require(isinstance(section.get("title"), str) and section["title"], f"{where}: title")
        _translations(section, CourseSection, where)
        courses = section.get("courses")
        _require(isinstance(courses, list) and courses, f"{where}: 'courses' must be a list")
        for c_number, course in enumerate(courses, start=1):
            c_where = f"{where}, course {c_number}"
            _require(isinstance(course, dict), f"{c_where}: expected an object")
            code = course.get("code")
            try:
                validate_slug(code)
            except Exception:
                raise FixtureError(f"{c_where}: 'code' must be a slug") from None
            _require(code not in codes, f"{c_where}: the code {code!r} is used twice")
            codes.add(code)
            for key in COURSE_TEXT_KEYS:
                _require(isinstance(course.get(key, ""), str), f"{c_where}: {key!r} must be text")
            _require(course.get("title"), f"{c_where}: title is missing")
            _translations(course, Course, c_where)
            course["hours"] = _hours(course.get("hours"), c_where)
            low, high = course.get("attendance_min"), course.get("attendance_max")
            for value in (low, high):
                _require(
                    value is None or (isinstance(value, int) and value > 0),
                    f"{c_where}: attendance must be a whole number",
                )
            _require(low is None or high is None or low <= high, f"{c_where}: min above max")
            numerals = course.get("product_default_samhsa_categories", [])
            _require(
                isinstance(numerals, list) and all(n in SAMHSA_NUMERALS for n in numerals),
                f"{c_where}: product_default_samhsa_categories must list numerals I to XII",
            )
    return data


def parse(path):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FixtureError(f"{path}: cannot read JSON ({exc})") from None
    return check(data, path)


def _content(data):
    meta = tuple(data.get(key, "") for key in META_KEYS) + (tuple(data.get("columns", [])),)
    sections = tuple(
        (
            section["title"],
            tuple(
                (
                    course["code"],
                    *(course.get(key, "") for key in COURSE_TEXT_KEYS),
                    course["hours"],
                    course.get("attendance_min"),
                    course.get("attendance_max"),
                    tuple(course.get("product_default_samhsa_categories", [])),
                )
                for course in section["courses"]
            ),
        )
        for section in data["sections"]
    )
    return meta, sections


def catalog_content(catalog):
    meta = tuple(getattr(catalog, key) for key in META_KEYS) + (tuple(catalog.columns),)
    sections = tuple(
        (
            section.title,
            tuple(
                (
                    course.code,
                    *(getattr(course, key) for key in COURSE_TEXT_KEYS),
                    course.hours,
                    course.attendance_min,
                    course.attendance_max,
                    tuple(c.numeral for c in course.competencies.all() if c.is_product_default),
                )
                for course in section.courses.all()
            ),
        )
        for section in catalog.sections.prefetch_related("courses__competencies")
    )
    return meta, sections


def _write_content(catalog, data):
    """Bring the catalog's rows in line with the file, keeping each course's row (by code):
    required trainings point at courses."""
    existing = {course.code: course for course in catalog.courses.all()}
    sections = {section.order: section for section in catalog.sections.all()}
    kept_sections = set()
    for s_order, raw_section in enumerate(data["sections"], start=1):
        section = sections.get(s_order) or CourseSection(catalog=catalog, order=s_order)
        section.title = raw_section["title"]
        section.save()
        kept_sections.add(section.pk)
        for c_order, raw in enumerate(raw_section["courses"], start=1):
            course = existing.pop(raw["code"], None) or Course(catalog=catalog, code=raw["code"])
            course.section = section
            course.order = c_order
            course.hours = raw["hours"]
            course.attendance_min = raw.get("attendance_min")
            course.attendance_max = raw.get("attendance_max")
            for key in COURSE_TEXT_KEYS:
                setattr(course, key, raw.get(key, ""))
            course.save()
            course.competencies.filter(is_product_default=True).delete()
            CourseCompetency.objects.bulk_create(
                CourseCompetency(course=course, numeral=numeral, is_product_default=True)
                for numeral in raw.get("product_default_samhsa_categories", [])
                if not course.competencies.filter(numeral=numeral).exists()
            )
    try:
        Course.objects.filter(pk__in=[c.pk for c in existing.values()]).delete()
    except ProtectedError:
        raise FixtureError(
            f"{data['slug']} version {data['version']}: a course the file no longer lists "
            "is a required training; remove the requirement first."
        ) from None
    catalog.sections.exclude(pk__in=kept_sections).delete()


def _translate(catalog, data):
    """Write the file's translations onto the catalog's rows (sections in order, courses by
    code)."""
    sections = list(catalog.sections.order_by("order", "pk"))
    courses = {course.code: course for course in catalog.courses.all()}
    pairs = [(catalog, data.get("translations", {}))]
    for section, raw_section in zip(sections, data["sections"], strict=True):
        pairs.append((section, raw_section.get("translations", {})))
        pairs.extend(
            (courses[raw["code"]], raw.get("translations", {})) for raw in raw_section["courses"]
        )
    return apply_translations(pairs)


@transaction.atomic
def load(data):
    """Load one checked document. Returns 'created', 'updated' or 'unchanged'."""
    version = int(data["version"])
    catalog = CatalogVersion.objects.filter(slug=data["slug"], version=version).first()
    if catalog is not None and catalog_content(catalog) == _content(data):
        if catalog.repairs != data.get("repairs", []):
            catalog.repairs = data.get("repairs", [])
            catalog.save(update_fields=["repairs"])
        return "updated" if _translate(catalog, data) else "unchanged"
    if catalog is not None and catalog.is_locked():
        raise FixtureError(
            f"{data['slug']} version {version} has training sessions and differs from the "
            "file: give the file a new version number instead of changing this one."
        )
    outcome = "updated" if catalog else "created"
    if catalog is None:
        catalog = CatalogVersion(slug=data["slug"], version=version)
    for key in META_KEYS:
        setattr(catalog, key, data.get(key, ""))
    catalog.columns = data.get("columns", [])
    catalog.repairs = data.get("repairs", [])
    catalog.save()
    _write_content(catalog, data)
    newer_published = CatalogVersion.objects.filter(
        slug=catalog.slug, version__gt=version, status=VersionStatus.PUBLISHED
    ).exists()
    if not newer_published:
        catalog.publish()
    _translate(catalog, data)
    return outcome
