from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = _("Credentials")

    def ready(self):
        from credentials import demo, panels, receivers, reminders
        from peerwork import demo as core_demo
        from peerwork import panels as core_panels
        from peerwork import todo
        from training.models import Attendance
        from training.signals import attendance_recorded

        attendance_recorded.connect(
            receivers.attendance_recorded, sender=Attendance, dispatch_uid="credentials.ce_hours"
        )
        core_panels.staff_detail.register(panels.staff_credentials_panel)
        core_panels.home.register(panels.hr_panel)
        todo.registry.register(reminders.expiry_items)
        if demo.add_demo_credentials not in core_demo.extensions:
            core_demo.extensions.append(demo.add_demo_credentials)
