from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PeerWorkConfig(AppConfig):
    default = True
    name = "peerwork"
    verbose_name = _("Workforce")

    def ready(self):
        from peerwork import i18n  # noqa: F401  (connects the login signal)


class PeerWorkAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "peerwork.admin_site.PeerWorkAdminSite"
