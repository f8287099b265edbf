"""The language each person uses PeerWork in, and the one way anything is said to them in it.

Before login the browser chooses (Accept-Language, or the switch in the menu: Django's
LocaleMiddleware and its language cookie). After login the person's profile (`User.language`)
wins: `ProfileLanguageMiddleware` activates it on every request, the switch saves it, and a
first login records the language the person logged in with. Whatever is sent to someone
outside a request of theirs (emails, digests, nudges) is made inside `speaking_to(user)`, so it
is in the recipient's language, not the sender's.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


def supported(language):
    """`language` as one of settings.LANGUAGES ("es-mx" -> "es"), or "" when none fits."""
    if not language:
        return ""
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return ""


def active_language():
    """The language now in use, as one of settings.LANGUAGES."""
    return supported(translation.get_language()) or supported(settings.LANGUAGE_CODE)


def language_of(user):
    """The language `user` reads PeerWork in: their profile's, else the site's default."""
    return supported(getattr(user, "language", "")) or supported(settings.LANGUAGE_CODE)


def speaking_to(user):
    """A context in which gettext, templates and dates speak `user`'s language."""
    return translation.override(language_of(user))


class ProfileLanguageMiddleware:
    """After AuthenticationMiddleware: a logged-in person's profile language wins over the
    browser's (LocaleMiddleware has already chosen that one for everyone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = supported(user.language)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


def save_language(user, language):
    """Record `language` as `user`'s choice (one UPDATE; ignored when not supported)."""
    language = supported(language)
    if language and user.language != language:
        user.language = language
        user._meta.model.objects.filter(pk=user.pk).update(language=language)


@receiver(user_logged_in, dispatch_uid="peerwork.i18n.remember_login_language")
def remember_login_language(sender, request, user, **kwargs):
    """A person who never chose keeps the language they first logged in with (the one
    LocaleMiddleware found for the login request), so what is mailed to them later is in it."""
    if not user.language:
        save_language(user, getattr(request, "LANGUAGE_CODE", ""))
