"""Shipped data in other languages, beside the English text of record.

The frameworks, rating scales, onboarding template, check-in questions, language guide,
training catalog and supervision lists ship in English, transcribed from the seeds. Each of
their items also carries its translations, one way for all of them:

- in the fixture file, an item (a competency, a rating level, a checklist item ...) has
  ``"translations": {"es": {"<field>": "<text>", ...}}`` beside its English fields, and the file
  says at its top, in ``"translations_note"``, that these are unofficial translations;
- in the database, the item's model mixes in `Translated`, which adds one JSON field,
  ``translations`` (same shape), and names the fields that may be translated;
- everywhere the item is shown (pages, forms, PDFs), ``item.text_in("statement")`` or the
  template filter ``{{ item|in_language:"statement" }}`` (``{% load translated %}``) gives the
  text in the active language, falling back to the English one item by item, field by field.

No official Spanish edition of these documents is known: every translation is unofficial and
pages that show one say so (``{% unofficial_translation_note %}``). The English text stays the
text of record: signatures, digests and the read-only rules of versioned documents are about
it, never about the translations.

Translations are not part of a version's content, so an admin may correct the translation of
a version that is published and in use without making a new version
(`correct_translation`); every correction is recorded (`TranslationCorrection`: who, when, the
old and the new text) and shown in the admin. The loaders write a file's translations over
the item's, except a field an admin corrected: the correction stays.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

ENGLISH = "en"


def data_languages():
    """The languages shipped data may be translated into: every interface language but
    English (the language of the text of record)."""
    return tuple(code for code, _name in settings.LANGUAGES if code != ENGLISH)


def base_language(language=None):
    """'es-mx' -> 'es'; the active language when none is given (English when none is active)."""
    language = language or get_language() or ENGLISH
    return language.split("-")[0].lower()


def shows_translation(language=None):
    """Whether data shown in `language` (default: the active one) may be a translation."""
    return base_language(language) in data_languages()


class Translated(models.Model):
    """Mixin for a shipped item whose text may be translated (see the module docstring).

    A subclass names its translatable fields in `translated_fields`; a translation has the
    English field's shape (text, or a list for list fields such as prompts).
    """

    translated_fields: tuple[str, ...] = ()

    # Not editable in the ordinary admin forms: translations change only through
    # `correct_translation`, which records who changed what (and works on locked versions).
    translations = models.JSONField(
        gettext_lazy("translations"), default=dict, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def text_in(self, field, language=None):
        """`field` in `language` (default: the active one); the English text when the item
        has no translation of that field in that language."""
        if field not in self.translated_fields:
            raise AttributeError(f"{type(self).__name__}.{field} is not a translated field")
        english = getattr(self, field)
        language = base_language(language)
        if language == ENGLISH:
            return english
        translated = (self.translations or {}).get(language, {}).get(field)
        return translated if translated else english


# --- checking and writing what a fixture file says -----------------------------------------


def check_translations(raw, model, where):
    """Problems (a list of messages) with an item's ``translations`` from a fixture file."""
    if raw is None:
        return []
    if not isinstance(raw, dict):
        return [_("%(where)s: “translations” must be an object.") % {"where": where}]
    problems = []
    for language, fields in raw.items():
        if language not in data_languages():
            problems.append(
                _("%(where)s: “%(language)s” is not a language PeerWork translates into.")
                % {"where": where, "language": language}
            )
            continue
        if not isinstance(fields, dict):
            problems.append(
                _("%(where)s: the “%(language)s” translations must be an object.")
                % {"where": where, "language": language}
            )
            continue
        for field, value in fields.items():
            if field not in model.translated_fields:
                problems.append(
                    _("%(where)s: “%(field)s” cannot be translated (it may be: %(fields)s).")
                    % {"where": where, "field": field, "fields": ", ".join(model.translated_fields)}
                )
            elif not _same_shape(model, field, value):
                problems.append(
                    _("%(where)s: the “%(language)s” translation of “%(field)s” must be %(shape)s.")
                    % {
                        "where": where,
                        "language": language,
                        "field": field,
                        "shape": _("a list") if _is_list_field(model, field) else _("text"),
                    }
                )
    return problems


def _is_list_field(model, field):
    return isinstance(model._meta.get_field(field), models.JSONField)


def _same_shape(model, field, value):
    if _is_list_field(model, field):
        return isinstance(value, list)
    return isinstance(value, str)


def apply_translations(pairs):
    """Write the translations fixture files give their items: `pairs` is
    [(item, translations from the file)]. An item the file gives none keeps its own; a field
    an admin corrected keeps the correction. Returns how many items changed.
    """
    pairs = [(item, raw) for item, raw in pairs if raw]
    if not pairs:
        return 0
    corrected = set()
    by_model = {}
    for item, _raw in pairs:
        by_model.setdefault(type(item), []).append(item.pk)
    for model, pks in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        corrected.update(
            (model, object_id, language, field)
            for object_id, language, field in TranslationCorrection.objects.filter(
                content_type=content_type, object_id__in=pks
            ).values_list("object_id", "language", "field")
        )
    changed = {}
    for item, raw in pairs:
        current = item.translations or {}
        merged = dict(current)
        for language, fields in raw.items():
            now = current.get(language, {})
            wanted = dict(fields)
            for field in item.translated_fields:
                if (type(item), item.pk, language, field) not in corrected:
                    continue
                # The admin's correction stands, also one that removed the translation.
                if field in now:
                    wanted[field] = now[field]
                else:
                    wanted.pop(field, None)
            merged[language] = wanted
        if merged != current:
            item.translations = merged
            changed.setdefault(type(item), []).append(item)
    for model, items in changed.items():
        model._default_manager.bulk_update(items, ["translations"])
    return sum(len(items) for items in changed.values())


# --- corrections by an admin ----------------------------------------------------------------


class TranslationCorrection(models.Model):
    """One admin's correction of one translated field of one item (the history of a
    translation; the English text is never corrected this way)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=gettext_lazy("kind of item"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(gettext_lazy("item"))
    item_text = models.CharField(gettext_lazy("item as it was named"), max_length=300)
    field = models.CharField(gettext_lazy("field"), max_length=60)
    language = models.CharField(gettext_lazy("language"), max_length=10)
    old_value = models.JSONField(gettext_lazy("translation before"), null=True, blank=True)
    new_value = models.JSONField(gettext_lazy("translation after"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("corrected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_at = models.DateTimeField(gettext_lazy("corrected at"), auto_now_add=True)

    class Meta:
        app_label = "peerwork"
        verbose_name = gettext_lazy("translation correction")
        verbose_name_plural = gettext_lazy("translation corrections")
        ordering = ["-corrected_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.item_text} · {self.field} ({self.language})"


@transaction.atomic
def correct_translation(item, language, values, user):
    """Set `item`'s `language` translations of the fields in `values` ({field: text or list};
    an empty value removes the translation, so the English shows). Works on versions that are
    published and in use: the English text of record does not change. Records one
    `TranslationCorrection` per changed field and returns them."""
    if language not in data_languages():
        raise ValueError(f"{language!r} is not a data language")
    model = type(item)
    locked = model._default_manager.select_for_update().get(pk=item.pk)
    current = dict(locked.translations or {})
    fields = dict(current.get(language, {}))
    corrections = []
    for field, value in values.items():
        if field not in model.translated_fields:
            raise ValueError(f"{model.__name__}.{field} is not a translated field")
        old = fields.get(field)
        new = value or None
        if (old or None) == new:
            continue
        if new is None:
            fields.pop(field, None)
        else:
            fields[field] = new
        corrections.append(
            TranslationCorrection(
                content_type=ContentType.objects.get_for_model(model),
                object_id=item.pk,
                item_text=str(locked)[:300],
                field=field,
                language=language,
                old_value=old,
                new_value=new,
                corrected_by=user,
            )
        )
    if not corrections:
        return []
    current[language] = fields
    model._default_manager.filter(pk=item.pk).update(translations=current)
    item.translations = current
    return TranslationCorrection.objects.bulk_create(corrections)
