"""Password rules beyond Django's own (see AUTH_PASSWORD_VALIDATORS in settings): a password
is not the product's name and does not contain the person's own name or email."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PRODUCT_NAMES = ("peerwork",)
# Common look-alike digits, so "P33rW0rk" counts as the product's name too.
_LOOKALIKES = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})


def _letters(text):
    return re.sub(r"[^a-z]", "", text.lower().translate(_LOOKALIKES))


class NotProductNameValidator:
    def validate(self, password, user=None):
        letters = _letters(password)
        if any(name in letters for name in PRODUCT_NAMES):
            raise ValidationError(
                _("Your password cannot contain the name of this application."),
                code="password_product_name",
            )

    def get_help_text(self):
        return _("Your password cannot contain the name of this application.")


class NotPersonalValidator:
    """No part (3 letters or more) of the person's names, username or email address."""

    MIN_PART = 3

    def _parts(self, user):
        texts = [user.username, user.first_name, user.last_name, user.email.split("@")[0]]
        staff = getattr(user, "staff_record", None) if user.pk else None
        if staff is not None:
            texts += [staff.full_name, staff.preferred_name, staff.email.split("@")[0]]
        parts = set()
        for text in texts:
            for part in re.split(r"[\W_\d]+", (text or "").lower()):
                if len(part) >= self.MIN_PART:
                    parts.add(part)
        return parts

    def validate(self, password, user=None):
        if user is None:
            return
        lowered = password.lower()
        if any(part in lowered for part in self._parts(user)):
            raise ValidationError(
                _("Your password cannot contain your name, username or email address."),
                code="password_personal",
            )

    def get_help_text(self):
        return _("Your password cannot contain your name, username or email address.")
