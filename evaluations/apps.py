from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from evaluations import demo, employment, panels, todo
        from peerwork import demo as core_demo
        from peerwork import employment as core_employment
        from peerwork import panels as core_panels
        from peerwork import todo as core_todo

        core_employment.registry.register(open_items=employment.open_items)
        core_panels.home.register(panels.home_panel)
        core_todo.registry.register(todo.evaluation_items)
        core_panels.staff_detail.register(panels.staff_panel)
        if demo.build_demo_evaluations not in core_demo.extensions:
            core_demo.extensions.append(demo.build_demo_evaluations)
