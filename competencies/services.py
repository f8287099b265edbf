"""Reading and writing frameworks as a whole.

Public API for other apps:

- `versions_with_items(queryset=None)`: a FrameworkVersion queryset that fetches, for any
  number of versions, the framework, the rating scale and its levels, the categories and their
  competencies, all in display order, in 4 queries in total (1 for the versions with framework
  and scale joined, 1 for categories, 1 for competencies, 1 for levels). Iterate
  `version.categories.all()` -> `category.competencies.all()` and
  `version.rating_scale.levels.all()`; never call `.filter()`/`.order_by()` on those, which
  would bypass the prefetch.
- `version_with_items(version)`: the same for one version (a FrameworkVersion or its pk);
  raises FrameworkVersion.DoesNotExist.
- `published_versions(subject=None)`: published versions, newest label first, for choosing the
  version a new evaluation or assessment is made on.

Writes: `load_document` (used by `manage.py load_frameworks` and the admin upload). The
lifecycle (publish, retire, make a new draft) is `peerwork.versioning`'s, on the version.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, ProtectedError
from django.utils.translation import gettext as _

from competencies import documents
from competencies.documents import DocumentError
from competencies.models import (
    Category,
    Competency,
    Framework,
    FrameworkVersion,
    RatingLevel,
    RatingScale,
    ReferenceEntry,
    ReferenceList,
)
from peerwork.translations import apply_translations
from peerwork.versioning import VersionStatus

# --- reading -------------------------------------------------------------------------------


def versions_with_items(queryset=None):
    """See the module docstring: versions with everything needed to show or rate them."""
    queryset = FrameworkVersion.objects.all() if queryset is None else queryset
    return queryset.select_related("framework", "rating_scale").prefetch_related(
        Prefetch(
            "categories",
            queryset=Category.objects.order_by("order", "pk").prefetch_related(
                Prefetch("competencies", queryset=Competency.objects.order_by("order", "pk"))
            ),
        ),
        Prefetch("rating_scale__levels", queryset=RatingLevel.objects.order_by("order", "pk")),
    )


def version_with_items(version):
    """One version with framework, scale levels, categories and competencies prefetched."""
    pk = version.pk if isinstance(version, FrameworkVersion) else version
    return versions_with_items().get(pk=pk)


def published_versions(subject=None):
    queryset = FrameworkVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related(
        "framework", "rating_scale"
    )
    if subject:
        queryset = queryset.filter(framework__subject=subject)
    return queryset.order_by("framework__name", "-label")


def _scale_with_levels(code):
    return (
        RatingScale.objects.prefetch_related(
            Prefetch("levels", queryset=RatingLevel.objects.order_by("order", "pk"))
        )
        .filter(code=code)
        .first()
    )


# --- loading -------------------------------------------------------------------------------


class LoadRefused(Exception):
    """The document is valid but would change something that must not change."""


@dataclass
class LoadResult:
    kind: str  # "framework" or "reference"
    name: str  # "slug VERSION" or "slug"
    action: str  # "created", "updated" or "unchanged"

    def __str__(self):
        return f"{self.name}: {self.action}"


def locked_versions_using_scale(scale):
    return [v for v in scale.versions.select_related("framework") if v.is_locked()]


def _sync_children(existing, wanted, key, make):
    """Update rows in place by `key`, create the missing, delete the rest.

    Keeps primary keys of unchanged rows so nothing pointing at them moves.
    `existing`: list of model rows; `wanted`: list of (key, field dict).
    Returns (unsaved new rows for bulk_create, kept rows keyed by key).
    """
    by_key = {key(row): row for row in existing}
    wanted_keys = {k for k, _fields in wanted}
    stale = [row for k, row in by_key.items() if k not in wanted_keys]
    for row in stale:
        row.delete()
    rows = {}
    to_create = []
    for k, fields in wanted:
        row = by_key.get(k)
        if row is None:
            to_create.append(make(fields))
            continue
        changed = [name for name, value in fields.items() if getattr(row, name) != value]
        if changed:
            for name in changed:
                setattr(row, name, fields[name])
            row.save(update_fields=changed)
        rows[k] = row
    return to_create, rows


def _write_scale(doc_scale):
    scale = _scale_with_levels(doc_scale["code"])
    if (
        scale is not None
        and documents.without_translations(documents.export_scale(scale)) == doc_scale
    ):
        return scale, False
    if scale is None:
        scale = RatingScale.objects.create(
            code=doc_scale["code"], name=doc_scale["name"], description=doc_scale["description"]
        )
        existing = []
    else:
        locked = locked_versions_using_scale(scale)
        if locked:
            raise LoadRefused(
                _(
                    "The rating scale “%(code)s” differs from the one in PeerWork, which "
                    "published versions in use rate on (%(versions)s); a scale in use never "
                    "changes. Ship the changed scale under a new code."
                )
                % {"code": scale.code, "versions": ", ".join(str(v) for v in locked)}
            )
        scale.name, scale.description = doc_scale["name"], doc_scale["description"]
        scale.save(update_fields=["name", "description"])
        existing = list(scale.levels.all())
    wanted = [
        (level["code"], {**level, "order": index})
        for index, level in enumerate(doc_scale["levels"], start=1)
    ]
    # Orders are not unique, so levels can be rewritten in place in any order.
    to_create, _rows = _sync_children(
        existing, wanted, lambda row: row.code, lambda f: RatingLevel(scale=scale, **f)
    )
    RatingLevel.objects.bulk_create(to_create)
    return scale, True


def _write_categories(version, doc_categories):
    existing = list(version.categories.prefetch_related("competencies")) if version.pk else []
    wanted = [
        (
            index,
            {
                "numeral": cat["numeral"],
                "title": cat["title"],
                "description": cat["description"],
                "order": index,
            },
        )
        for index, cat in enumerate(doc_categories, start=1)
    ]
    to_create, kept = _sync_children(
        existing, wanted, lambda row: row.order, lambda f: Category(version=version, **f)
    )
    for category in Category.objects.bulk_create(to_create):
        kept[category.order] = category
    new_competencies = []
    for index, cat in enumerate(doc_categories, start=1):
        category = kept[index]
        wanted_comps = [
            (comp["number"], {**comp, "order": order})
            for order, comp in enumerate(cat["competencies"], start=1)
        ]
        current = [] if category._state.adding else list(category.competencies.all())
        to_create, _rows = _sync_children(
            current,
            wanted_comps,
            lambda row: row.number,
            lambda f, category=category: Competency(category=category, **f),
        )
        new_competencies.extend(to_create)
    Competency.objects.bulk_create(new_competencies)


def _load_framework(doc):
    for doc_scale in doc["rating_scales"]:
        _write_scale(doc_scale)
    fw_fields = doc["framework"]
    framework, created = Framework.objects.get_or_create(
        slug=fw_fields["slug"], defaults={k: v for k, v in fw_fields.items() if k != "slug"}
    )
    fw_changed = created
    if not created:
        changed = [k for k, v in fw_fields.items() if getattr(framework, k) != v]
        if changed:
            for name in changed:
                setattr(framework, name, fw_fields[name])
            framework.save(update_fields=changed)
            fw_changed = True

    doc_version = doc["version"]
    name = f"{framework.slug} {doc_version['label']}"
    existing = (
        versions_with_items(FrameworkVersion.objects.filter(framework=framework))
        .filter(label=doc_version["label"])
        .first()
    )
    if existing is not None:
        current = documents.without_translations(documents.export_version_content(existing))
        wanted = dict(doc_version)
        # The status of a version that left draft is the admins' decision (publish, retire):
        # a file never takes it back.
        if existing.status != VersionStatus.DRAFT:
            wanted["status"] = existing.status
        if current == wanted:
            return LoadResult("framework", name, "updated" if fw_changed else "unchanged")
        if existing.is_locked():
            raise LoadRefused(
                _(
                    "%(version)s is published and in use by evaluations or assessments, so it "
                    "can never change; this file differs from it. Make a new draft version in "
                    "the admin, or give the file a new version label."
                )
                % {"version": existing}
            )
        version = existing
    else:
        version = FrameworkVersion(framework=framework, label=doc_version["label"])
        wanted = dict(doc_version)

    # A file that says "published" publishes the version the one way (the version it
    # replaces retires), once its content is written.
    target = wanted["status"]
    if target != VersionStatus.PUBLISHED or version.status != VersionStatus.PUBLISHED:
        version.status = VersionStatus.DRAFT if target == VersionStatus.PUBLISHED else target
    for field in (
        "source",
        "introduction",
        "instructions",
        "definitions",
        "self_assessment_instructions",
        "product_text",
        "repairs",
    ):
        setattr(version, field, wanted[field])
    version.rating_scale = RatingScale.objects.get(code=wanted["rating_scale"])
    version.save()
    _write_categories(version, wanted["categories"])
    if existing is not None:
        version.bump_revision()
    if target == VersionStatus.PUBLISHED:
        version.publish()
    return LoadResult("framework", name, "created" if existing is None else "updated")


def _load_reference(doc):
    ref = (
        ReferenceList.objects.filter(slug=doc["slug"])
        .prefetch_related(
            Prefetch("entries", queryset=ReferenceEntry.objects.order_by("order", "pk"))
        )
        .first()
    )
    if ref is not None and documents.without_translations(documents.export_reference(ref)) == doc:
        return LoadResult("reference", ref.slug, "unchanged")
    fields = {k: doc[k] for k in ("title", "source", "introduction", "columns", "repairs")}
    if ref is None:
        ref = ReferenceList.objects.create(slug=doc["slug"], **fields)
        current, action = [], "created"
    else:
        changed = [k for k, v in fields.items() if getattr(ref, k) != v]
        for name in changed:
            setattr(ref, name, fields[name])
        if changed:
            ref.save(update_fields=changed)
        current, action = list(ref.entries.all()), "updated"
    wanted = [(order, {**entry, "order": order}) for order, entry in enumerate(doc["entries"], 1)]
    to_create, _rows = _sync_children(
        current, wanted, lambda row: row.order, lambda f: ReferenceEntry(reference_list=ref, **f)
    )
    ReferenceEntry.objects.bulk_create(to_create)
    return LoadResult("reference", ref.slug, action)


def _translate_framework(doc):
    """Write the file's translations onto the version just loaded (even one in use: they are
    not its content). Returns how many items changed."""
    version = versions_with_items(
        FrameworkVersion.objects.filter(
            framework__slug=doc["framework"]["slug"], label=doc["version"]["label"]
        )
    ).get()
    pairs = [
        (version.framework, doc["framework"]["translations"]),
        (version, doc["version"]["translations"]),
    ]
    for doc_scale in doc["rating_scales"]:
        scale = _scale_with_levels(doc_scale["code"])
        levels = {level.code: level for level in scale.levels.all()}
        pairs.append((scale, doc_scale["translations"]))
        pairs.extend((levels[lv["code"]], lv["translations"]) for lv in doc_scale["levels"])
    for category, doc_category in zip(
        version.categories.all(), doc["version"]["categories"], strict=True
    ):
        pairs.append((category, doc_category["translations"]))
        competencies = {c.number: c for c in category.competencies.all()}
        pairs.extend(
            (competencies[c["number"]], c["translations"]) for c in doc_category["competencies"]
        )
    return apply_translations(pairs)


def _translate_reference(doc):
    ref = ReferenceList.objects.get(slug=doc["slug"])
    entries = list(ref.entries.order_by("order", "pk"))
    pairs = [(ref, doc["translations"])]
    pairs.extend(
        (entry, doc_entry["translations"])
        for entry, doc_entry in zip(entries, doc["entries"], strict=True)
    )
    return apply_translations(pairs)


def load_document(data):
    """Validate a parsed document as a whole, then write it in one transaction.

    The English content is loaded under the read-only rules; the items' translations are
    then written whatever the version's status (peerwork/translations.py).
    Raises DocumentError (every problem listed) or LoadRefused; nothing is written then.
    """
    normalized, problems = documents.validate_document(data)
    if problems:
        raise DocumentError(problems)
    english = documents.without_translations(normalized)
    try:
        with transaction.atomic():
            if normalized["format"] == documents.FRAMEWORK_FORMAT:
                result = _load_framework(english)
                translated = _translate_framework(normalized)
            else:
                result = _load_reference(english)
                translated = _translate_reference(normalized)
            if translated and result.action == "unchanged":
                result.action = "updated"
            return result
    except ProtectedError:
        raise LoadRefused(
            _("The file removes a rating level, category or competency that is still in use.")
        ) from None
