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
