"""Places where apps add their part to core pages, without the core importing the apps.

An app registers a function in its AppConfig.ready():

    from peerwork import panels
    panels.home.register(my_home_panel)        # fn(request) -> Panel | None
    panels.staff_detail.register(my_panel)     # fn(request, staff) -> Panel | None

Each function must make a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


class PanelRegistry:
    def __init__(self):
        self._functions = []

    def register(self, function):
        if function not in self._functions:
            self._functions.append(function)
        return function

    def render_list(self, *args):
        panels = [panel for fn in self._functions if (panel := fn(*args)) is not None]
        return sorted(panels, key=lambda panel: panel.order)


home = PanelRegistry()
staff_detail = PanelRegistry()
