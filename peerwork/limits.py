"""Plausible dates and text limits: decided here, once, for every form in every app.

Why: a start date a century ago, a check-in "held" in 2099 or an action due in 1990 is a typing
slip that ends up in a personnel record; and a text box that silently keeps the first 10,000
of 24,000 pasted characters loses someone's work without a word. Every form therefore takes
its date ranges and text limits from this module, and nothing in the app truncates text.

Dates
-----
Each *kind* of date has a range relative to today, in whole calendar years, so the message can
name it plainly: "Enter a date between 1 Jan 2016 and 31 Dec 2028." A kind that records
something that already happened (a check-in held, a session attended) ends today.

==================  ================================================  ==================
kind                what                                              range
==================  ================================================  ==================
``START``           employment / volunteering start date              50 years back, 2 ahead
``PLAN``            onboarding plan target start date                 2 back, 2 ahead
``TASK_DUE``        onboarding task due date                          2 back, 3 ahead
``HELD``            something that happened: a check-in held, a       5 back, today
                    session attended, a certificate issued
``SCHEDULED``       something planned: a session, a meeting           1 back, 3 ahead
``GOAL_TARGET``     development goal target date (also: not before    5 back, 5 ahead
                    the evaluation period starts, see ``not_before``)
``ACTION_DUE``      action plan / action item due date                1 back, 5 ahead
``CYCLE``           evaluation cycle period start, end, due date      10 back, 3 ahead
``CLOSING``         survey round closing date (also: not in the past) today, 2 ahead
``LEAVE``           leave of absence, change effective dates,         10 back, 2 ahead
                    employment end date
``EXPIRY``          credential issue / expiry dates                   30 back, 10 ahead
==================  ================================================  ==================

Nothing birth-like is kept (no birth dates, no ages): there is deliberately no kind for it.

In a form: ``limits.date_field(limits.HELD, _("Held on"))``, or for a ModelForm's own fields
list them in ``date_kinds = {"held_on": limits.HELD}`` on a form that uses
``LimitsFormMixin``. A rule tied to another value known when the form is built (a goal not before
its evaluation period) is ``date_field(kind, label, not_before=...)``; one tied to another
field of the same form goes through ``check_date(kind, value, not_before=...)`` in
``clean()``. Either way the message names the narrowed range. Outside forms (imports, services),
``check_date`` raises the same ``ValidationError``.

Text
----
Each *kind* of text has a maximum length in characters:

=============  =======  ==============================================================
kind           limit    what
=============  =======  ==============================================================
``NAME``          200   names, titles, typed signatures, "with whom"
``LINE``          500   a one-line answer, a search, a short label
``REASON``      2,000   reasons (not applicable, reopen, unlock), a task's text
``COMMENT``     4,000   notes, survey comments, worksheet entries
``NARRATIVE``  10,000   evaluation comments, strengths, goals, check-in answers
=============  =======  ==============================================================

``text_field(kind, label, ...)`` makes the form field. It never puts ``maxlength`` on the
widget (browsers silently cut pasted text at ``maxlength``); instead the widget carries
``data-limit`` and the help text says "Up to N characters." ``static/js/limits.js`` (included
once, in ``base.html``) shows a live counter after every ``[data-limit]`` field and warns when
the text is over. Without JavaScript the server refuses an over-long value with a message
naming the length and the limit, and the form keeps the whole text so nothing is lost. A
template that renders a field by hand writes ``data-limit="{{ field.field.max_length }}"``
(never ``maxlength``); JavaScript that adds fields calls ``PeerWorkLimits.attachAll(node)``.

``LimitsFormMixin`` (put it first in the bases) applies both to every field of a form:
CharFields with a ``max_length`` lose ``maxlength`` and gain the counter; a CharField without
one gets ``default_text_kind`` (``COMMENT``); DateFields named in ``date_kinds`` get their
range. ``tests/test_limits.py`` checks every form class in the project goes through it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

# --- dates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateRule:
    years_back: int
    years_ahead: int
    ends_today: bool = False
    starts_today: bool = False


START = "start"
PLAN = "plan"
TASK_DUE = "task_due"
HELD = "held"
SCHEDULED = "scheduled"
GOAL_TARGET = "goal_target"
ACTION_DUE = "action_due"
CYCLE = "cycle"
CLOSING = "closing"
LEAVE = "leave"
EXPIRY = "expiry"

DATE_RULES: dict[str, DateRule] = {
    START: DateRule(50, 2),
    PLAN: DateRule(2, 2),
    TASK_DUE: DateRule(2, 3),
    HELD: DateRule(5, 0, ends_today=True),
    SCHEDULED: DateRule(1, 3),
    GOAL_TARGET: DateRule(5, 5),
    ACTION_DUE: DateRule(1, 5),
    CYCLE: DateRule(10, 3),
    CLOSING: DateRule(0, 2, starts_today=True),
    LEAVE: DateRule(10, 2),
    EXPIRY: DateRule(30, 10),
}

DATE_HELP = _("For example 2026-03-02 (year-month-day).")
DATE_INVALID = _("Enter a date as year-month-day, for example 2026-03-02.")


def date_range(kind, today=None, *, not_before=None, not_after=None):
    """(earliest, latest) allowed for `kind` today, narrowed by not_before / not_after."""
    rule = DATE_RULES[kind]
    today = today or timezone.localdate()
    low = today if rule.starts_today else datetime.date(today.year - rule.years_back, 1, 1)
    high = today if rule.ends_today else datetime.date(today.year + rule.years_ahead, 12, 31)
    if not_before is not None and not_before > low:
        low = not_before
    if not_after is not None and not_after < high:
        high = not_after
    return low, high


def show_date(value):
    return formats.date_format(value, "j M Y")


def range_message(low, high):
    if low > high:
        return _("No date can be accepted here: it would have to be on or after %(low)s.") % {
            "low": show_date(low)
        }
    return _("Enter a date between %(low)s and %(high)s.") % {
        "low": show_date(low),
        "high": show_date(high),
    }


def check_date(kind, value, today=None, *, not_before=None, not_after=None):
    """Raise ValidationError (code "implausible_date") naming the range if `value` is outside."""
    if value is None:
        return
    low, high = date_range(kind, today, not_before=not_before, not_after=not_after)
    if not low <= value <= high:
        raise ValidationError(range_message(low, high), code="implausible_date")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PlausibleDateField(forms.DateField):
    """A DateField whose value must fall in its kind's range (checked against today)."""

    widget = DateInput

    def __init__(self, kind, *, not_before=None, **kwargs):
        if kind not in DATE_RULES:
            raise KeyError(f"unknown date kind {kind!r}")
        self.not_before = not_before
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)
        self.error_messages["invalid"] = DATE_INVALID
        self.kind = kind

    def validate(self, value):
        super().validate(value)
        check_date(self.kind, value, not_before=self.not_before)

    def show_range(self, today=None):
        """Put today's range on the date picker (min/max); the form mixin calls this."""
        low, high = date_range(self.kind, today, not_before=self.not_before)
        self.widget.attrs.update({"min": low.isoformat(), "max": high.isoformat()})


def plausible(field, kind):
    """The PlausibleDateField that replaces a plain DateField (a ModelForm's own), keeping its
    label, required-ness, initial value and help text."""
    return PlausibleDateField(
        kind,
        label=field.label,
        required=field.required,
        initial=field.initial,
        help_text=field.help_text or DATE_HELP,
        disabled=field.disabled,
    )


def date_field(kind, label, *, not_before=None, **kwargs):
    """A date field of `kind`; `not_before` narrows the range (e.g. a goal's target date not
    before its evaluation period starts), and the message names the narrowed range."""
    return PlausibleDateField(kind, label=label, not_before=not_before, **kwargs)


# --- text ----------------------------------------------------------------------------------

NAME = "name"
LINE = "line"
REASON = "reason"
COMMENT = "comment"
NARRATIVE = "narrative"

TEXT_LIMITS: dict[str, int] = {
    NAME: 200,
    LINE: 500,
    REASON: 2_000,
    COMMENT: 4_000,
    NARRATIVE: 10_000,
}

TOO_LONG = _(
    "This text is %(show_value)s characters long; the limit is %(limit_value)s. "
    "Shorten it: everything you wrote is still here."
)


def _limit_help(limit, before=""):
    text = _("Up to %(limit)s characters.") % {
        "limit": formats.number_format(limit, force_grouping=True)
    }
    return f"{before} {text}" if before else text


limit_help = lazy(_limit_help, str)


class LimitedCharField(forms.CharField):
    """A CharField that shows its limit and counts, but never lets the browser truncate."""

    def __init__(self, kind=None, *, max_length=None, **kwargs):
        if kind is not None:
            max_length = TEXT_LIMITS[kind]
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["max_length"] = TOO_LONG

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if attrs.pop("maxlength", None) is not None and not widget.is_hidden:
            attrs["data-limit"] = str(self.max_length)
        return attrs


def text_field(kind, label, *, required=False, rows=None, widget=None, help_text="", **kwargs):
    """A text field of `kind`: a textarea of `rows` rows, or a one-line input if rows is None.
    The help text ends with the limit."""
    if widget is None:
        widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return LimitedCharField(
        kind,
        label=label,
        required=required,
        widget=widget,
        help_text=limit_help(TEXT_LIMITS[kind], help_text),
        **kwargs,
    )


def apply_text_limit(field, limit):
    """Make an existing CharField (a ModelForm's, say) behave like a LimitedCharField."""
    had_limit_help = isinstance(field, LimitedCharField) and field.max_length == limit
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(limit))
    field.error_messages["max_length"] = TOO_LONG
    field.widget.attrs.pop("maxlength", None)
    if not field.widget.is_hidden:
        field.widget.attrs["data-limit"] = str(limit)
        if not had_limit_help:
            field.help_text = limit_help(limit, field.help_text)


class LimitsFormMixin:
    """Every text field gets a limit and a counter, every named date field its range.

    Class attributes: ``date_kinds`` ({field name: date kind}) for DateFields not made with
    ``date_field``; ``text_kinds`` ({field name: text kind}) to set a field's limit (a
    ModelForm's CharField from a model's max_length keeps that limit unless named here);
    ``default_text_kind`` for CharFields that have no limit at all (TextField-backed ones).
    """

    date_kinds: dict[str, str] = {}
    text_kinds: dict[str, str] = {}
    default_text_kind = COMMENT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_limits()

    def apply_limits(self):
        """Called by __init__; call it again after adding fields (it is idempotent)."""
        for name, field in list(self.fields.items()):
            if type(field) in (forms.CharField, LimitedCharField):
                if name in self.text_kinds:
                    apply_text_limit(field, TEXT_LIMITS[self.text_kinds[name]])
                elif field.widget.is_hidden:
                    continue
                elif not isinstance(field, LimitedCharField) or field.max_length is None:
                    limit = field.max_length or TEXT_LIMITS[self.default_text_kind]
                    apply_text_limit(field, limit)
            elif isinstance(field, forms.DateField) and name in self.date_kinds:
                field = self.fields[name] = plausible(field, self.date_kinds[name])
            if isinstance(field, PlausibleDateField):
                field.show_range()
