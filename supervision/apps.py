from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from peerwork import demo as core_demo
        from peerwork import panels as core_panels
        from peerwork import todo
        from supervision import demo, panels, reminders

        core_panels.home.register(panels.home_panel)
        core_panels.staff_detail.register(panels.staff_panel)
        todo.registry.register(reminders.todo_items)
        if demo.add_demo_supervision not in core_demo.extensions:
            core_demo.extensions.append(demo.add_demo_supervision)
