"""Versioned documents: what an admin edits and records depend on.

Framework versions, checklist templates, the training catalog and credential rules are all
versioned documents: draft -> published -> retired, read-only while records use them, and
"make a new draft" copies one (with its rows) for editing. This module is the one lifecycle;
`peerwork.versioning_admin` is the one admin for it. No app writes its own.

How a new app (say the training catalog) uses it::

    from peerwork.versioning import VersionedDocument

    class Course(VersionedDocument):
        slug = models.SlugField(...)
        version = models.PositiveIntegerField(...)
        title = ...

        # The fields that name "the same document" across its versions: publishing one
        # version retires the published version with the same values here.
        same_document_fields = ("slug",)

        def is_in_use(self):
            # Records that point at this version and must never see it change.
            return self.pk is not None and self.sessions.exists()

        def next_draft_identity(self):
            # The fields that make the copy a new version (unique constraint friendly).
            return {"version": self.latest_of_document("version") + 1}

        def copy_children_to(self, draft):
            # Copy the rows the document is made of (bulk_create is fine).
            Topic.objects.bulk_create(Topic(course=draft, ...) for t in self.topics.all())

        def publish_problems(self):  # optional: why it may not be published yet
            return [] if self.topics.exists() else [_("A course needs a topic.")]

and in its admin.py::

    from peerwork.versioning_admin import DocumentPartAdminMixin, VersionedDocumentAdmin

    @admin.register(Course)
    class CourseAdmin(VersionedDocumentAdmin):
        inlines = [TopicInline]          # TopicInline mixes in DocumentPartAdminMixin
        locked_message = _("Sessions use this version, so it cannot change. ...")

The status field keeps the strings "draft", "published" and "retired" (stored data depends
on them). Every save of the document or of its rows through the admin bumps `revision`, so a
second admin saving a page opened before the first saved gets a conflict message, never a
silent overwrite.
"""

import copy

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class VersionedDocument(models.Model):
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Bumped by every change of the document or its rows (see bump_revision), so two admins
    # editing one draft at once cannot overwrite each other.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    # Subclasses name the fields shared by every version of one document.
    same_document_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    # --- hooks a subclass defines ----------------------------------------------------------

    def is_in_use(self):
        """True when records depend on this version (then, once published, it is frozen)."""
        raise NotImplementedError

    def next_draft_identity(self):
        """Field values that make a copy a new version of the same document."""
        raise NotImplementedError

    def copy_children_to(self, draft):
        """Copy the rows this version is made of onto `draft` (already saved)."""
        raise NotImplementedError

    def publish_problems(self):
        """Why this version may not be published yet: a list of messages (empty: it may)."""
        return []

    # --- the lifecycle ---------------------------------------------------------------------

    @property
    def is_draft(self):
        return self.status == VersionStatus.DRAFT

    @property
    def is_published(self):
        return self.status == VersionStatus.PUBLISHED

    def is_locked(self):
        """A version that left draft and is in use never changes again."""
        return self.status != VersionStatus.DRAFT and self.is_in_use()

    def versions_of_document(self):
        """Every version of the same document, this one included."""
        return type(self)._default_manager.filter(
            **{name: getattr(self, name) for name in self.same_document_fields}
        )

    def latest_of_document(self, field):
        """The largest value of `field` among this document's versions (0 when none)."""
        return self.versions_of_document().aggregate(top=models.Max(field))["top"] or 0

    def bump_revision(self):
        """Mark that the version or its rows changed: any admin page opened before is stale."""
        type(self)._default_manager.filter(pk=self.pk).update(revision=F("revision") + 1)

    @transaction.atomic
    def publish(self):
        """Publish this version; the published version of the same document retires.

        Returns False when it was already published. Callers check `publish_problems()`
        first when the admin asked (the loaders publish what the shipped files say).
        """
        if self.status == VersionStatus.PUBLISHED:
            return False
        previous = self.versions_of_document().filter(status=VersionStatus.PUBLISHED)
        previous.exclude(pk=self.pk).update(
            status=VersionStatus.RETIRED, revision=F("revision") + 1
        )
        self.status = VersionStatus.PUBLISHED
        self.published_at = self.published_at or timezone.now()
        self.save(update_fields=["status", "published_at"])
        self.bump_revision()
        return True

    def retire(self):
        """Retire this version (kept for the records made on it). False when it already was."""
        if self.status == VersionStatus.RETIRED:
            return False
        self.status = VersionStatus.RETIRED
        self.save(update_fields=["status"])
        self.bump_revision()
        return True

    @transaction.atomic
    def make_new_draft(self, **identity):
        """A draft copy of this version, with its rows, for editing.

        `identity` overrides `next_draft_identity()` (e.g. a label chosen by the caller).
        """
        # Lock the document's versions so two admins copying at once get distinct identities.
        list(self.versions_of_document().select_for_update().values_list("pk", flat=True))
        draft = type(self)()
        own = {"status", "published_at", "revision"}
        for field in self._meta.concrete_fields:
            if field.primary_key or field.name in own:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            setattr(draft, field.attname, copy.deepcopy(getattr(self, field.attname)))
        for name, value in (identity or self.next_draft_identity()).items():
            setattr(draft, name, value)
        draft.status = VersionStatus.DRAFT
        draft.save()
        self.copy_children_to(draft)
        return draft


def document_of(obj):
    """The versioned document `obj` is, or belongs to through its foreign key (else None).

    An admin page's object is the document itself or one of its rows (a category of a
    framework version, an item of a checklist template), so one step is enough.
    """
    if obj is None or isinstance(obj, VersionedDocument):
        return obj
    for field in obj._meta.concrete_fields:
        if field.many_to_one and issubclass(field.related_model, VersionedDocument):
            return getattr(obj, field.name)
    return None
