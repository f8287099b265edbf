from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from peerwork import demo as core_demo
        from peerwork import panels as core_panels
        from peerwork import suggestions, todo
        from training import demo, panels

        core_panels.staff_detail.register(panels.staff_panel)
        todo.registry.register(panels.todo_items)
        suggestions.development.register(panels.development_suggestions)
        if demo.add_demo_training not in core_demo.extensions:
            core_demo.extensions.append(demo.add_demo_training)
