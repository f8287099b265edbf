"""Reading checklist templates from `fixtures/onboarding/*.json` (format in fixtures/README.md).

Loading is idempotent: a version already in the database with the same content is left alone;
a version no plan uses yet is brought in line with the file; a version a plan uses is never
changed (the file must get a new version number instead). The template, its items, their
details and the check-in questions may carry ``"translations"`` (peerwork/translations.py;
a detail or a question is then an object with its "text"): those are not content, and are
written whatever the version's status.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from onboarding.models import (
    Audience,
    CheckinQuestion,
    ChecklistItem,
    ChecklistItemDetail,
    ChecklistTemplate,
    Phase,
    ResponsibleRole,
)
from peerwork.translations import apply_translations, check_translations
from peerwork.versioning import VersionStatus

FORMAT = "peerwork.onboarding/1"
FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "onboarding"


class FixtureError(Exception):
    pass


def _require(condition, message):
    if not condition:
        raise FixtureError(message)


def parse(path):
    """The file's content, checked; FixtureError with a clear message if anything is off."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FixtureError(f"{path}: cannot read JSON ({exc})") from None
    _require(isinstance(data, dict), f"{path}: expected a JSON object")
    _require(data.get("format") == FORMAT, f"{path}: format must be {FORMAT!r}")
    for key in ("slug", "name", "version"):
        _require(isinstance(data.get(key), str) and data[key], f"{path}: {key!r} is missing")
    _require(data["version"].isdigit(), f"{path}: version must be a whole number")
    _translations(data, ChecklistTemplate, path)
    items = data.get("items")
    _require(isinstance(items, list) and items, f"{path}: 'items' must be a non-empty list")
    for number, item in enumerate(items, start=1):
        where = f"{path}: item {number}"
        _require(isinstance(item, dict), f"{where}: expected an object")
        _require(item.get("phase") in Phase.values, f"{where}: unknown phase {item.get('phase')!r}")
        _require(
            item.get("responsible_role") in ResponsibleRole.values,
            f"{where}: unknown responsible_role {item.get('responsible_role')!r}",
        )
        _require(isinstance(item.get("text"), str) and item["text"], f"{where}: text missing")
        _require(isinstance(item.get("due_offset_days"), int), f"{where}: due_offset_days")
        _require(isinstance(item.get("applies_to_volunteers"), bool), f"{where}: volunteers")
        _require(
            _is_links(item.get("links", [])), f"{where}: links must be a list of web addresses"
        )
        details = item.get("details", [])
        _require(
            isinstance(details, list) and all(_is_detail(d) for d in details),
            f"{where}: details must be a list of text or of {{text, links}} objects",
        )
        _translations(item, ChecklistItem, where)
        for number, detail in enumerate(details, start=1):
            if isinstance(detail, dict):
                _translations(detail, ChecklistItemDetail, f"{where}, detail {number}")
    questions = data.get("checkin_questions", {})
    _require(isinstance(questions, dict), f"{path}: checkin_questions must be an object")
    for audience, texts in questions.items():
        _require(audience in Audience.values, f"{path}: unknown audience {audience!r}")
        _require(
            isinstance(texts, list) and all(_is_question(t) for t in texts),
            f"{path}: checkin_questions.{audience} must be a list of text or of {{text}} objects",
        )
        for number, question in enumerate(texts, start=1):
            if isinstance(question, dict):
                _translations(question, CheckinQuestion, f"{path}: {audience} question {number}")
    return data


def _translations(obj, model, where):
    problems = check_translations(obj.get("translations"), model, where)
    _require(not problems, "; ".join(problems))


def _is_question(question):
    if isinstance(question, str):
        return bool(question)
    return (
        isinstance(question, dict)
        and set(question) <= {"text", "translations"}
        and isinstance(question.get("text"), str)
        and bool(question["text"])
    )


def _text(entry):
    """A detail's or a question's text, whichever way the file writes it."""
    return entry if isinstance(entry, str) else entry["text"]


def _entry_translations(entry):
    return {} if isinstance(entry, str) else entry.get("translations", {})


def _is_links(links):
    return isinstance(links, list) and all(
        isinstance(url, str) and url.startswith(("https://", "http://")) for url in links
    )


def _is_detail(detail):
    if isinstance(detail, str):
        return bool(detail)
    return (
        isinstance(detail, dict)
        and set(detail) <= {"text", "links", "translations"}
        and isinstance(detail.get("text"), str)
        and bool(detail["text"])
        and _is_links(detail.get("links", []))
    )


def _detail(detail):
    """A detail line as (text, links), whichever way the file writes it."""
    if isinstance(detail, str):
        return detail, ()
    return detail["text"], tuple(detail.get("links", []))


def _content(data):
    """A comparable form of a template's items and questions."""
    items = [
        (
            item["phase"],
            item["text"],
            tuple(item.get("links", [])),
            tuple(_detail(d) for d in item.get("details", [])),
            item["due_offset_days"],
            item["responsible_role"],
            item["applies_to_volunteers"],
        )
        for item in data["items"]
    ]
    questions = {a: tuple(map(_text, t)) for a, t in data.get("checkin_questions", {}).items() if t}
    meta = (data["name"], data.get("source", ""), data.get("introduction", ""))
    return meta, items, questions


def template_content(template):
    items = [
        (
            item.phase,
            item.text,
            tuple(item.links),
            tuple((d.text, tuple(d.links)) for d in item.details.all()),
            item.due_offset_days,
            item.responsible_role,
            item.applies_to_volunteers,
        )
        for item in template.items.prefetch_related("details").order_by("order", "pk")
    ]
    questions = {}
    for question in template.checkin_questions.order_by("audience", "order", "pk"):
        questions.setdefault(question.audience, []).append(question.text)
    meta = (template.name, template.source, template.introduction)
    return meta, items, {a: tuple(t) for a, t in questions.items()}


def _write_content(template, data):
    template.items.all().delete()
    template.checkin_questions.all().delete()
    for order, item in enumerate(data["items"], start=1):
        row = ChecklistItem.objects.create(
            template=template,
            phase=item["phase"],
            order=order,
            text=item["text"],
            links=item.get("links", []),
            due_offset_days=item["due_offset_days"],
            responsible_role=item["responsible_role"],
            applies_to_volunteers=item["applies_to_volunteers"],
        )
        ChecklistItemDetail.objects.bulk_create(
            ChecklistItemDetail(item=row, order=n, text=text, links=list(links))
            for n, (text, links) in enumerate(map(_detail, item.get("details", [])), start=1)
        )
    CheckinQuestion.objects.bulk_create(
        CheckinQuestion(template=template, audience=audience, order=n, text=_text(question))
        for audience, texts in data.get("checkin_questions", {}).items()
        for n, question in enumerate(texts, start=1)
    )


def _translate(template, data):
    """Write the file's translations onto the template's rows (matched in the file's order)."""
    items = list(template.items.prefetch_related("details").order_by("order", "pk"))
    pairs = [(template, data.get("translations", {}))]
    for item, raw in zip(items, data["items"], strict=True):
        pairs.append((item, raw.get("translations", {})))
        details = sorted(item.details.all(), key=lambda d: (d.order, d.pk))
        pairs.extend(
            (detail, _entry_translations(raw_detail))
            for detail, raw_detail in zip(details, raw.get("details", []), strict=True)
        )
    questions = {}
    for question in template.checkin_questions.order_by("audience", "order", "pk"):
        questions.setdefault(question.audience, []).append(question)
    for audience, raw_questions in data.get("checkin_questions", {}).items():
        pairs.extend(
            (question, _entry_translations(raw))
            for question, raw in zip(questions.get(audience, []), raw_questions, strict=True)
        )
    return apply_translations(pairs)


@transaction.atomic
def load(data):
    """Load one parsed file. Returns 'created', 'updated' or 'unchanged'."""
    version = int(data["version"])
    template = ChecklistTemplate.objects.filter(slug=data["slug"], version=version).first()
    if template is not None and template_content(template) == _content(data):
        if template.repairs != data.get("repairs", []):
            template.repairs = data.get("repairs", [])
            template.save(update_fields=["repairs"])
        return "updated" if _translate(template, data) else "unchanged"
    if template is not None and template.is_locked():
        raise FixtureError(
            f"{data['slug']} version {version} is used by onboarding plans and differs from "
            "the file: give the file a new version number instead of changing this one."
        )
    outcome = "updated" if template else "created"
    if template is None:
        template = ChecklistTemplate(slug=data["slug"], version=version)
    template.name = data["name"]
    template.source = data.get("source", "")
    template.introduction = data.get("introduction", "")
    template.repairs = data.get("repairs", [])
    template.save()
    _write_content(template, data)
    newer_published = ChecklistTemplate.objects.filter(
        slug=template.slug, version__gt=version, status=VersionStatus.PUBLISHED
    ).exists()
    if not newer_published:
        template.publish()
    _translate(template, data)
    return outcome
