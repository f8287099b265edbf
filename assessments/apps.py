from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Agency self-assessment")

    def ready(self):
        from assessments import demo, panels, todo
        from peerwork import demo as core_demo
        from peerwork import panels as core_panels
        from peerwork import todo as core_todo

        core_panels.home.register(panels.home_panel)
        core_todo.registry.register(todo.invitation_items)
        if demo.add_demo_round not in core_demo.extensions:
            core_demo.extensions.append(demo.add_demo_round)
