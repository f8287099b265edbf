"""What needs you: the one to-do registry the home page and the daily digest are built from.

An app registers a function in its AppConfig.ready():

    from peerwork import todo
    todo.registry.register(my_items)    # fn(user, today) -> iterable of todo.Item

The function lists what is due for that user (a person's own work, or what they must do for
others: a supervisor's evaluations to write, HR's hires to onboard), due on or before
`todo.horizon(today)` or without a deadline. It must make a fixed number of queries whatever
the number of rows. No app sends reminder email on its own: `manage.py send_reminders`
sends one digest per person from this registry (`peerwork/reminders.py`).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

# How far ahead "What needs you" looks; work due later is not listed yet.
HORIZON_DAYS = 30


def horizon(today):
    return today + datetime.timedelta(days=HORIZON_DAYS)


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

    def due_in_words(self, today):
        """The deadline said in words, so that overdue never rests on colour alone."""
        if self.due is None:
            return _("No deadline")
        if self.due < today:
            return _("Overdue since %(date)s") % {"date": _format(self.due)}
        if self.due == today:
            return _("Due today")
        return _("Due %(date)s") % {"date": _format(self.due)}


def _format(date):
    from django.utils.formats import date_format

    return date_format(date, "DATE_FORMAT")


class TodoRegistry:
    def __init__(self):
        self._functions = []

    def register(self, function):
        if function not in self._functions:
            self._functions.append(function)
        return function

    def items_for(self, user, today):
        """Everything due for `user`, soonest first (overdue first of all, undated last)."""
        if not user.is_authenticated or not user.is_active:
            return []
        items = [item for fn in self._functions for item in fn(user, today)]
        return sorted(items, key=lambda item: (item.due is None, item.due or today, item.text))


registry = TodoRegistry()
