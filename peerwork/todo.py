"""What needs you: the one to-do registry the home page and the daily digest are built from.

An app registers a function in its AppConfig.ready():

    from peerwork import todo
    todo.registry.register(my_items)    # fn(user, today) -> iterable of todo.Item

The function lists what is due for that user (a person's own work, or what they must do for
others: a supervisor's evaluations to write, HR's hires to onboard). It must make a fixed
number of queries whatever the number of rows. No app sends reminder email on its own:
`manage.py send_reminders` sends one digest per person from this registry.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    key: str  # stable and unique for this piece of work, e.g. "onboarding.task:42"; reminders
    # are recorded per (user, key, day), so the same item is reminded at most once a day
    text: str  # short, person-first, already translated
    url: str  # a path on this site; the digest makes it absolute with SITE_URL
    due: datetime.date | None = None  # None: no deadline (shown last)
    app: str = ""  # the app label, for grouping and tests

    def is_overdue(self, today):
        return self.due is not None and self.due < today


class TodoRegistry:
    def __init__(self):
        self._functions = []

    def register(self, function):
        if function not in self._functions:
            self._functions.append(function)
        return function

    def items_for(self, user, today):
        """Everything due for `user`, soonest first (undated last), overdue first of all."""
        items = [item for fn in self._functions for item in fn(user, today)]
        return sorted(items, key=lambda item: (item.due is None, item.due or today, item.text))


registry = TodoRegistry()
