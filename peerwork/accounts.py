"""Invitations and password reset, on Django's built-in views in PeerWork's look.

Both links are Django's password-reset token for the account (`default_token_generator`):
they work once and expire after `PASSWORD_RESET_TIMEOUT` (three days). Emails carry
absolute links built from `SITE_URL`.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from peerwork import i18n, services


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # In the language of the account the link is for, not of whoever asked for it.
        with i18n.speaking_to(context["user"]):
            super().send_mail(
                subject_template_name, email_template_name, context, *args, **kwargs
            )


class PasswordResetView(auth_views.PasswordResetView):
    """Anyone with a login and a password can get a reset link by email."""

    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        # Read at request time, so the setting in force is the one followed.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invitation link: the person chooses their first password, then logs in."""

    template_name = "registration/invitation_accept.html"
    success_url = reverse_lazy("login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is not None and not user.is_active:
            return None
        return user

    def form_valid(self, form):
        response = super().form_valid(form)
        services.accept_invitation(form.user)
        messages.success(
            self.request,
            _("Your password is set. Log in with your username, %(username)s.")
            % {"username": form.user.get_username()},
        )
        return response
