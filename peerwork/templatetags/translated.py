"""Shipped data in the reader's language (see peerwork/translations.py).

``{{ competency|in_language:"statement" }}`` is the statement in the active language, or the
English one when that item has no translation; ``{% unofficial_translation_note %}`` says, on
a page showing translated data, that the translation is unofficial (nothing in English).
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from peerwork.translations import shows_translation

register = template.Library()


@register.filter
def in_language(item, field):
    # An optional relation (a rating not given yet) shows nothing, as `{{ row.level.label }}`
    # did; a signed copy's frozen snapshot (a dict) already holds the text in the language it
    # was made in.
    if item is None:
        return ""
    if isinstance(item, dict):
        return item.get(field, "")
    return item.text_in(field)


@register.simple_tag
def unofficial_translation_note():
    if not shows_translation():
        return ""
    return format_html(
        '<p class="translation-note" role="note">{}</p>',
        _(
            "Unofficial translation: no official edition of this document in this language is "
            "known. The English text is the text of record."
        ),
    )
