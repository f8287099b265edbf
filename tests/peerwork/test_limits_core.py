"""peerwork.limits on its own: ranges, messages, fields that never truncate."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from peerwork import limits

TODAY = datetime.date(2026, 6, 15)


def test_every_kind_has_a_range_that_contains_a_sensible_day():
    for kind in limits.DATE_RULES:
        low, high = limits.date_range(kind, TODAY)
        assert low <= TODAY <= high, kind


def test_held_ends_today_and_closing_starts_today():
    assert limits.date_range(limits.HELD, TODAY)[1] == TODAY
    assert limits.date_range(limits.CLOSING, TODAY)[0] == TODAY


def test_range_is_whole_years_and_the_message_names_it():
    assert limits.date_range(limits.START, TODAY) == (
        datetime.date(1976, 1, 1),
        datetime.date(2028, 12, 31),
    )
    limits.check_date(limits.START, datetime.date(1976, 1, 1), TODAY)
    limits.check_date(limits.START, datetime.date(2028, 12, 31), TODAY)
    with pytest.raises(ValidationError) as caught:
        limits.check_date(limits.START, datetime.date(1975, 12, 31), TODAY)
    assert caught.value.messages == ["Enter a date between 1 Jan 1976 and 31 Dec 2028."]
    with pytest.raises(ValidationError):
        limits.check_date(limits.START, datetime.date(2029, 1, 1), TODAY)


def test_not_before_narrows_the_range_and_the_message():
    start = datetime.date(2026, 1, 1)
    limits.check_date(limits.GOAL_TARGET, start, TODAY, not_before=start)
    with pytest.raises(ValidationError) as caught:
        limits.check_date(limits.GOAL_TARGET, datetime.date(2025, 12, 31), TODAY, not_before=start)
    assert caught.value.messages == ["Enter a date between 1 Jan 2026 and 31 Dec 2031."]


class _Form(limits.LimitsFormMixin, forms.Form):
    title = limits.text_field(limits.NAME, "Title")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    held = forms.DateField(label="Held", required=False)
    when = limits.date_field(limits.HELD, "When", required=False)
    date_kinds = {"held": limits.HELD}


def test_text_fields_carry_data_limit_never_maxlength():
    form = _Form()
    html = str(form["title"]) + str(form["notes"])
    assert "maxlength" not in html
    assert 'data-limit="200"' in html
    assert 'data-limit="4000"' in html  # a field without a limit gets the default kind
    assert "Up to 4,000 characters." in str(form.fields["notes"].help_text)


def test_over_long_text_is_refused_and_kept_whole():
    text = "x" * 4001
    form = _Form(data={"title": "ok", "notes": text})
    assert not form.is_valid()
    assert form.errors["notes"] == [
        "This text is 4001 characters long; the limit is 4000. Shorten it: everything you "
        "wrote is still here."
    ]
    assert form["notes"].value() == text
    assert _Form(data={"title": "ok", "notes": "x" * 4000}).is_valid()


def test_date_fields_get_their_kind_and_picker_range():
    form = _Form(data={"title": "t", "held": "2099-01-01", "when": "2099-01-01"})
    assert not form.is_valid()
    assert set(form.errors) == {"held", "when"}
    assert form.errors["held"][0].startswith("Enter a date between 1 Jan ")
    assert 'max="' in str(form["held"])
    assert form["title"].value() == "t"
