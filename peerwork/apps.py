from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PeerWorkConfig(AppConfig):
    default = True
    name = "peerwork"
    verbose_name = _("Workforce")


class PeerWorkAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "peerwork.admin_site.PeerWorkAdminSite"
