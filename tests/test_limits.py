"""Every date is plausible and no text is cut: each form's rules at the boundary and past it.

The ranges and limits come from peerwork.limits (tested on its own in
tests/peerwork/test_limits_core.py); here every form of every app is checked to apply them,
to refuse the value past the boundary with a message naming the range or limit, and to keep
everything that was typed.
"""

import datetime
import importlib
import inspect
import types

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from assessments.forms import ResponseForm, RoundForm, WorksheetForm
from competencies.models import Competency
from evaluations.forms import AcknowledgeForm, CycleForm, EvaluationForm, ReopenForm
from evaluations.models import EvaluationKind
from onboarding.forms import CheckinForm, NoteForm, PlanStartForm, ReasonForm, TaskAddForm
from peerwork import limits
from tests.assessments.factories import instrument
from tests.evaluations.factories import make_version
from tests.onboarding.factories import add_plans, make_template

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "evaluations.forms",
    "evaluations.pdf_views",
    "onboarding.forms",
    "assessments.forms",
    "competencies.forms",
    "peerwork.forms",
]


def _today():
    return timezone.localdate()


def _range(kind):
    return limits.date_range(kind, _today())


def _day_before(value):
    return value - datetime.timedelta(days=1)


def _day_after(value):
    return value + datetime.timedelta(days=1)


def test_every_form_with_text_or_dates_goes_through_the_limits_mixin():
    missing = []
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module_name:
                continue
            declared = cls.base_fields.values()
            if any(isinstance(f, forms.CharField | forms.DateField) for f in declared) or (
                issubclass(cls, forms.ModelForm)
            ):
                if not issubclass(cls, limits.LimitsFormMixin):
                    missing.append(f"{module_name}.{name}")
    assert missing == []


def _text_rule(make_form, data, name, limit):
    """At the limit: accepted; one past: refused with the limit named, and the text kept."""
    ok = make_form({**data, name: "a" * limit})
    ok.is_valid()
    assert name not in ok.errors, ok.errors.get(name)
    text = "b" * (limit + 1)
    form = make_form({**data, name: text})
    assert not form.is_valid()
    assert f"the limit is {limit}" in " ".join(form.errors[name])
    assert form[name].value() == text
    for other, value in data.items():
        if other != name and isinstance(value, str):
            assert str(form[other].value()) == value
    assert "maxlength" not in str(form[name])
    assert f'data-limit="{limit}"' in str(form[name])


def _date_rule(make_form, data, name, kind, *, low=None, high=None):
    """The first and last allowed days are accepted; the day before and after are refused with
    a message naming the range; the rest of the input is kept."""
    range_low, range_high = _range(kind)
    low, high = low or range_low, high or range_high
    for good in (low, high):
        form = make_form({**data, name: good.isoformat()})
        form.is_valid()
        assert name not in form.errors, (good, form.errors.get(name))
    message = limits.range_message(low, high)
    for bad in (_day_before(low), _day_after(high)):
        form = make_form({**data, name: bad.isoformat()})
        assert not form.is_valid()
        assert form.errors[name] == [message], (bad, form.errors[name])
        assert form[name].value() == bad.isoformat()
        for other, value in data.items():
            if other != name and isinstance(value, str):
                assert str(form[other].value()) == value


# --- evaluations ---------------------------------------------------------------------------


@pytest.fixture
def version(db):
    return make_version(categories=2, per_category=2)


def _cycle_form(world):
    def make(data):
        return CycleForm(
            data,
            agency=world.agency,
            programs=world.agency.programs.all(),
            staff=world.agency.staff.all(),
        )

    return make


def _cycle_data(version):
    return {
        "name": "Annual review",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "due_date": "2026-07-31",
        "framework_version": str(version.pk),
    }


@pytest.mark.parametrize("name", ["period_start", "period_end", "due_date"])
def test_cycle_dates(world, version, name):
    data = _cycle_data(version)
    if name == "period_start":
        # the period must also not end before it starts: keep the end at the latest day
        data["period_end"] = data["due_date"] = _range(limits.CYCLE)[1].isoformat()
        _date_rule(_cycle_form(world), data, name, limits.CYCLE)
    else:
        data["period_start"] = _range(limits.CYCLE)[0].isoformat()
        if name == "period_end":
            data["due_date"] = _range(limits.CYCLE)[1].isoformat()
        _date_rule(_cycle_form(world), data, name, limits.CYCLE)


def test_cycle_name_length(world, version):
    _text_rule(_cycle_form(world), _cycle_data(version), "name", 200)


def _evaluation_form(version, period_start=None, kind=EvaluationKind.SUPERVISOR):
    from evaluations import services

    structure = services.load_structure(version)

    def make(data):
        return EvaluationForm(structure, kind, data, period_start=period_start)

    return make, structure


def test_evaluation_texts(version):
    make, structure = _evaluation_form(version)
    data = {"revision": "1", "goal_slots": "1", "goal_0_date": ""}
    comment = f"c_{structure.categories[0].pk}"
    for name in (comment, "strengths", "areas_for_growth", "supervisor_summary", "goal_0_text"):
        _text_rule(make, data, name, 10_000)


def test_goal_target_is_plausible_and_not_before_the_period(version):
    period_start = _today().replace(month=1, day=1)
    make, _structure = _evaluation_form(version, period_start=period_start)
    data = {"revision": "1", "goal_slots": "1", "goal_0_text": "Lead a group"}
    _date_rule(
        make, data, "goal_0_date", limits.GOAL_TARGET, low=period_start
    )  # the period start, not five years back
    make, _structure = _evaluation_form(version)
    _date_rule(make, data, "goal_0_date", limits.GOAL_TARGET)


def test_acknowledgement_and_reopen_texts():
    # A signer whose name on record is as long as the limit, so the name itself matches.
    signer = types.SimpleNamespace(staff_record=None, get_full_name=lambda: "a" * 200)

    def acknowledge(data):
        return AcknowledgeForm(data, signer=signer)

    _text_rule(acknowledge, {}, "staff_comments", 10_000)
    _text_rule(acknowledge, {"staff_comments": "Thanks"}, "sign_name", 200)
    _text_rule(ReopenForm, {}, "reason", 2_000)


# --- onboarding ----------------------------------------------------------------------------


def _plan_start_data(world, template):
    return {
        "template": str(template.pk),
        "program": str(world.program.pk),
        "position_title": "Peer Support Specialist",
        "peer_role": "peer",
        "employment_type": "employee",
        "target_start_date": "2026-03-02",
        "checkin_cadence": "weekly",
        "hr_contact": str(world.hr_staff.pk),
    }


def test_plan_start_date_and_title(world):
    template = make_template()

    def make(data):
        return PlanStartForm(data, agency=world.agency, programs=world.agency.programs.all())

    data = _plan_start_data(world, template)
    _date_rule(make, data, "target_start_date", limits.PLAN)
    _text_rule(make, data, "position_title", 200)


def test_a_start_date_a_century_ago_is_refused_on_the_page(world, login):
    template = make_template()
    data = _plan_start_data(world, template)
    data["target_start_date"] = "1926-03-02"
    response = login(world.hr).post(reverse("onboarding:plan_start"), data)
    html = response.content.decode()
    low, high = _range(limits.PLAN)
    assert limits.range_message(low, high) in html
    assert "Peer Support Specialist" in html and 'value="1926-03-02"' in html


def test_task_add(world):
    data = {"text": "Shadow the warmline", "phase": "week_one", "responsible_role": "hr"}
    data["due_date"] = _today().isoformat()
    _date_rule(TaskAddForm, data, "due_date", limits.TASK_DUE)
    _text_rule(TaskAddForm, data, "text", 2_000)


def test_reason_and_note_lengths():
    _text_rule(ReasonForm, {}, "reason", 2_000)
    _text_rule(NoteForm, {}, "note", 4_000)


def test_checkin_held_cannot_be_in_the_future(world, login):
    add_plans(world)
    checkin = world.checkin_a

    def make(data):
        return CheckinForm(data, checkin=checkin)

    data = {"revision": "0", "with_whom": "Sam", "follow_ups": "Pair with a mentor"}
    _date_rule(make, data, "held_on", limits.HELD)
    assert _range(limits.HELD)[1] == _today()
    data["held_on"] = _today().isoformat()
    for name, limit in (("with_whom", 200), ("follow_ups", 10_000), ("answer_0", 10_000)):
        _text_rule(make, data, name, limit)
    # On the page: a check-in "held" in 2099 is refused; the answers stay.
    response = login(world.sup_a2).post(
        checkin.get_absolute_url(),
        {"held_on": "2099-03-09", "revision": 0, "answer_0": "Meeting the team"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert limits.range_message(*_range(limits.HELD)) in html
    assert "Meeting the team" in html


# --- assessments ---------------------------------------------------------------------------


def test_round_title_and_closing_date(world):
    version = instrument(items=2)
    agencies = type(world.agency).objects.filter(pk=world.agency.pk)

    def make(data):
        return RoundForm(data, agencies=agencies)

    data = {
        "agency": str(world.agency.pk),
        "framework_version": str(version.pk),
        "title": "Spring",
        "groups": ["peer"],
        "closes_on": _today().isoformat(),
    }
    _date_rule(make, data, "closes_on", limits.CLOSING)
    _text_rule(make, data, "title", 200)


def test_survey_comment_length(world):
    version = instrument(items=2)
    items = list(Competency.objects.filter(category__version=version).order_by("pk"))
    levels = list(version.rating_scale.levels.all())

    def make(data):
        return ResponseForm(data, items=items, levels=levels)

    _text_rule(make, {}, f"comment_{items[0].pk}", 4_000)


def test_worksheet_action_due_and_lengths(world):
    from assessments import services

    areas = services.worksheet_areas()

    def make(data):
        return WorksheetForm(data, areas=areas, agency=world.agency)

    data = {"0-proposed_action": "Peer-run supervision circle", "0-status": "planned"}
    _date_rule(make, data, "0-due_on", limits.ACTION_DUE)
    assert _range(limits.ACTION_DUE)[0] > datetime.date(1990, 1, 1)
    _text_rule(make, data, "current_situation", 4_000)
    _text_rule(make, {}, "0-proposed_action", 4_000)
