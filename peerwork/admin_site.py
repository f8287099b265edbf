from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _


class PeerWorkAdminSite(admin.AdminSite):
    site_header = _("PeerWork administration")
    site_title = _("PeerWork admin")
    index_title = _("Frameworks, checklists, word lists and people")

    def has_permission(self, request):
        # Only the admin role opens the Django admin; HR works in the app's own pages.
        return request.user.is_active and request.user.is_admin

    def get_urls(self):
        # Imported here: the view reads models, which are not ready when the site is made.
        from peerwork.translations_admin import correct_translations_view

        return [
            path(
                "translations/<int:content_type_id>/<int:object_id>/",
                self.admin_view(correct_translations_view),
                name="correct_translations",
            ),
            *super().get_urls(),
        ]
