"""End of employment: where apps close their open work and list what HR must decide.

The core ends a person's employment (`peerwork.services.end_employment`) without knowing
the apps. An app registers its part in its AppConfig.ready():

    from peerwork import employment
    employment.registry.register(close=my_close, open_items=my_open_items)

- `close(staff, *, leave_date, by)` runs inside the end-of-employment transaction. It closes
  what can simply stop (the person's own onboarding tasks and check-ins ...) and returns a
  list of short, translated sentences saying what it closed ("4 onboarding tasks closed").
  Raising rolls back the whole end of employment.
- `open_items(staff)` lists what still needs someone's decision because the person left:
  evaluations about them or that they were writing, tasks assigned to them on other people's
  plans... Each is an `OpenItem` whose `url` is the page where HR reassigns or cancels it.
  It is called again every time HR opens the list, so an item that was dealt with drops off.
  It must make a fixed number of queries, whatever the number of rows.

Nothing here deletes anything: records stay, marked former staff.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class OpenItem:
    key: str  # stable and unique, e.g. "evaluations.evaluation:42"
    text: str  # short, person-first, already translated
    url: str  # where HR deals with it (a path on this site)
    app: str = ""  # the app label, for grouping and tests
    action: str = ""  # the link's label, e.g. "Reassign or cancel"; empty: "Open"


class EndOfEmploymentRegistry:
    def __init__(self):
        self._close = []
        self._open_items = []

    def register(self, *, close=None, open_items=None):
        if close is not None and close not in self._close:
            self._close.append(close)
        if open_items is not None and open_items not in self._open_items:
            self._open_items.append(open_items)

    def close_all(self, staff, *, leave_date, by):
        """Every app's `close`; returns what they closed (sentences), in registration order."""
        return [line for fn in self._close for line in fn(staff, leave_date=leave_date, by=by)]

    def open_items_for(self, staff):
        return [item for fn in self._open_items for item in fn(staff)]


registry = EndOfEmploymentRegistry()
