from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self):
        from onboarding import demo, employment, panels, todo
        from peerwork import demo as core_demo
        from peerwork import employment as core_employment
        from peerwork import panels as core_panels
        from peerwork import todo as core_todo

        core_employment.registry.register(close=employment.close, open_items=employment.open_items)
        core_panels.home.register(panels.hr_panel)
        core_panels.home.register(panels.supervisor_panel)
        core_panels.home.register(panels.new_hire_panel)
        core_panels.staff_detail.register(panels.staff_plans_panel)
        core_todo.registry.register(todo.onboarding_items)
        if demo.add_demo_plans not in core_demo.extensions:
            core_demo.extensions.append(demo.add_demo_plans)
