"""Competency frameworks, their versions, and the scales they are rated on.

A framework version is a versioned document (`peerwork.versioning`): a published version that
any evaluation or assessment uses is immutable; changing it means making a new draft version.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peerwork.translations import Translated
from peerwork.versioning import VersionedDocument


class RatingScaleManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class RatingScale(Translated):
    translated_fields = ("name", "description")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    objects = RatingScaleManager()

    class Meta:
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class RatingLevelManager(models.Manager):
    def get_by_natural_key(self, scale_code, code):
        return self.get(scale__code=scale_code, code=code)


class RatingLevel(Translated):
    """One choice on a scale. Whether it needs a comment is data, never a test on its label."""

    translated_fields = ("label", "definition")

    scale = models.ForeignKey(
        RatingScale, verbose_name=_("scale"), on_delete=models.CASCADE, related_name="levels"
    )
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=100)
    definition = models.TextField(_("definition"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    counts_as_score = models.BooleanField(_("counts as a score"), default=True)
    score = models.IntegerField(_("score"), null=True, blank=True)
    requires_comment = models.BooleanField(_("requires a comment"), default=False)
    rarely_used = models.BooleanField(_("rarely used"), default=False)

    objects = RatingLevelManager()

    class Meta:
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")
        ordering = ["scale", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="unique_level_code_per_scale"),
            models.CheckConstraint(
                condition=models.Q(counts_as_score=False) | models.Q(score__isnull=False),
                name="scored_level_has_score",
            ),
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.scale.code, self.code)

    natural_key.dependencies = ["competencies.ratingscale"]


class FrameworkSubject(models.TextChoices):
    INDIVIDUAL = "individual", _("A person (peer staff)")
    ORGANIZATION = "organization", _("An organization (agency self-assessment)")


class FrameworkManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Framework(Translated):
    translated_fields = ("name", "description")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    subject = models.CharField(
        _("rates"),
        max_length=20,
        choices=FrameworkSubject.choices,
        default=FrameworkSubject.INDIVIDUAL,
    )
    description = models.TextField(_("description"), blank=True)

    objects = FrameworkManager()

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class FrameworkVersionManager(models.Manager):
    def get_by_natural_key(self, framework_slug, label):
        return self.get(framework__slug=framework_slug, label=label)


class FrameworkVersion(VersionedDocument, Translated):
    translated_fields = (
        "introduction",
        "instructions",
        "definitions",
        "self_assessment_instructions",
    )

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField(_("version"), max_length=40)
    source = models.TextField(_("source"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    instructions = models.TextField(_("instructions"), blank=True)
    # Words the form defines before its rating definitions ("Client(s): As used in this
    # evaluation, ..."): [{"term": ..., "definition": ...}].
    definitions = models.JSONField(_("definitions"), default=list, blank=True)
    # A self-assessment speaks to the person rating themselves; empty means `instructions`.
    self_assessment_instructions = models.TextField(
        _("instructions for a self-assessment"), blank=True
    )
    # Which texts PeerWork wrote rather than transcribed, one line each (shown to reviewers).
    product_text = models.JSONField(_("product text"), default=list, blank=True)
    rating_scale = models.ForeignKey(
        RatingScale,
        verbose_name=_("rating scale"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    repairs = models.JSONField(_("transcription repairs"), default=list, blank=True)

    objects = FrameworkVersionManager()

    same_document_fields = ("framework",)

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework__name", "-label"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "label"], name="unique_version_label_per_framework"
            ),
        ]

    def __str__(self):
        return f"{self.framework.name} ({self.label})"

    def get_absolute_url(self):
        return reverse("competencies:version_detail", args=[self.framework.slug, self.label])

    def natural_key(self):
        return (self.framework.slug, self.label)

    natural_key.dependencies = ["competencies.framework", "competencies.ratingscale"]

    @property
    def instructions_for_self(self):
        """What a person rating themselves reads (the form's own wording when none is set), in
        the active language where it is translated."""
        if self.self_assessment_instructions:
            return self.text_in("self_assessment_instructions")
        return self.text_in("instructions")

    def is_in_use(self):
        """True when any evaluation or assessment was made on this version.

        Every app that rates against a version points at it with a PROTECT foreign key named
        `framework_version`, so asking the relations keeps this module free of app imports.
        """
        for relation in self._meta.related_objects:
            if relation.name in {"categories"} or not relation.one_to_many:
                continue
            if relation.related_model.objects.filter(**{relation.field.name: self}).exists():
                return True
        return False

    def next_draft_identity(self):
        """'2015' -> '2015-draft-2', then -3 ... (whichever is free for this framework)."""
        labels = set(self.versions_of_document().values_list("label", flat=True))
        base = self.label.split("-draft-")[0]
        n = 2
        while f"{base}-draft-{n}" in labels:
            n += 1
        return {"label": f"{base}-draft-{n}"[:40]}

    def copy_children_to(self, draft):
        categories = list(
            self.categories.order_by("order", "pk").prefetch_related(
                models.Prefetch("competencies", queryset=Competency.objects.order_by("order"))
            )
        )
        copies = Category.objects.bulk_create(
            Category(
                version=draft,
                numeral=c.numeral,
                title=c.title,
                description=c.description,
                order=c.order,
                translations=c.translations,
            )
            for c in categories
        )
        Competency.objects.bulk_create(
            Competency(
                category=new,
                number=comp.number,
                statement=comp.statement,
                prompts=list(comp.prompts or []),
                order=comp.order,
                translations=comp.translations,
            )
            for new, old in zip(copies, categories, strict=True)
            for comp in old.competencies.all()
        )

    def publish_problems(self):
        problems = []
        categories = list(self.categories.annotate(n=models.Count("competencies")))
        if not categories:
            problems.append(_("%(version)s has no categories.") % {"version": self})
        for category in categories:
            if category.n == 0:
                problems.append(
                    _("%(version)s: the category “%(category)s” has no competencies.")
                    % {"version": self, "category": category}
                )
        if not self.rating_scale.levels.exists():
            problems.append(_("%(version)s: its rating scale has no levels.") % {"version": self})
        return problems


class CategoryManager(models.Manager):
    def get_by_natural_key(self, framework_slug, label, order):
        return self.get(version__framework__slug=framework_slug, version__label=label, order=order)


class Category(Translated):
    translated_fields = ("title", "description")

    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    numeral = models.CharField(_("numeral"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = CategoryManager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="unique_category_order"),
        ]

    def __str__(self):
        return f"{self.numeral}. {self.title}" if self.numeral else self.title

    def natural_key(self):
        return (*self.version.natural_key(), self.order)

    natural_key.dependencies = ["competencies.frameworkversion"]

    def clean(self):
        super().clean()
        if not self.title.strip():
            raise ValidationError({"title": _("A category needs a title.")})


class Competency(Translated):
    translated_fields = ("statement", "prompts")

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    number = models.CharField(_("number"), max_length=20)
    statement = models.TextField(_("statement"))
    # Questions shown as prompts while rating (the WISE employer chapters' "Try this").
    prompts = models.JSONField(_("prompts"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["category__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "number"], name="unique_competency_number_per_category"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.statement}"

    def clean(self):
        super().clean()
        if not (self.statement or "").strip():
            raise ValidationError({"statement": _("A competency needs a statement.")})


class ReferenceListManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ReferenceList(Translated):
    """Shipped word lists and reference texts: the language guide, the recovery definition."""

    translated_fields = ("title", "introduction", "columns")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    source = models.TextField(_("source"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    columns = models.JSONField(_("columns"), default=list, blank=True)
    repairs = models.JSONField(_("transcription repairs"), default=list, blank=True)

    objects = ReferenceListManager()

    class Meta:
        verbose_name = _("reference list")
        verbose_name_plural = _("reference lists")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def cited_source(self):
        """The source as people other than admins see it: the citation, without the sentences
        that point into the transcription files (file names and line numbers)."""
        sentences = re.split(r"(?<=[.;])\s+", self.source)
        return " ".join(s for s in sentences if "Seed " not in s and ".txt" not in s).strip()

    def natural_key(self):
        return (self.slug,)


class ReferenceEntry(Translated):
    translated_fields = ("term", "detail", "alternatives")

    reference_list = models.ForeignKey(
        ReferenceList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="entries"
    )
    term = models.CharField(_("term"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("reference entry")
        verbose_name_plural = _("reference entries")
        ordering = ["reference_list", "order", "pk"]

    def __str__(self):
        return self.term
