from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PeerWorkAdminSite(admin.AdminSite):
    site_header = _("PeerWork administration")
    site_title = _("PeerWork admin")
    index_title = _("Frameworks, checklists, word lists and people")

    def has_permission(self, request):
        # Only the admin role opens the Django admin; HR works in the app's own pages.
        return request.user.is_active and request.user.is_admin
