"""Supervision test data, built through the real services.

add_supervision(world): session_a (sup_a2 with peer_a, held 10 days ago, one out-of-role
duty and an open action owned by peer_a), session_b (sup_b with peer_b), session_other (in
the other agency), plan_a (sup_a2's work plan for peer_a, from a basics checklist with two
"no" answers), plan_b (sup_b's plan for peer_b).
"""

import datetime

from django.utils import timezone

from peerwork import signatures
from supervision import services
from supervision.models import Duty, DutyScope, SupervisionSession, Topic
from tests.factories import StaffMemberFactory, UserFactory


def lists():
    services.ensure_lists()
    return {
        "within": Duty.objects.filter(scope=DutyScope.WITHIN).first(),
        "outside": Duty.objects.filter(scope=DutyScope.OUTSIDE).first(),
        "topic": Topic.objects.first(),
    }


def make_session(
    supervisor, supervisees, held_on, *, minutes=60, outside=False, actions=(), fmt="individual"
):
    data = lists()
    session = SupervisionSession(
        agency_id=supervisor.agency_id,
        supervisor=supervisor,
        held_on=held_on,
        duration_minutes=minutes,
        format=fmt,
        notes="Private notes about the week.",
    )
    duties = [data["within"]] + ([data["outside"]] if outside else [])
    return services.save_session(
        session=session,
        supervisees=list(supervisees),
        duties_by_staff={p.pk: duties for p in supervisees},
        topics=[data["topic"]],
        categories=[],
        new_actions=[
            {"text": text, "owner_id": owner.pk, "staff": supervisees[0], "due_on": due}
            for text, owner, due in actions
        ],
        closed_actions=[],
        user=None,
    )


def make_plan(staff, manager, *, no_answers=(2, 5)):
    from supervision.models import BasicsChecklist

    today = timezone.localdate()
    basics = BasicsChecklist.objects.create(
        staff=staff,
        manager=manager,
        answered_on=today,
        answers={str(n): n not in no_answers for n in range(1, 15)},
    )
    return services.start_work_plan(
        staff=staff,
        manager=manager,
        basics=basics,
        start_date=today,
        expires_on=today + datetime.timedelta(days=90),
    )


def signing(user, meaning):
    """A signature as `SignatureForm` gives it (the form's own checks are tested apart)."""
    return signatures.Signing(
        signer=user,
        typed_name=signatures.name_on_record(user),
        name_on_record=signatures.name_on_record(user),
        meaning=meaning,
        signed_at=timezone.now(),
    )


def acknowledge(session, user):
    """`user`'s supervisee row acknowledges the session, through the service."""
    session = SupervisionSession.objects.get(pk=session.pk)
    participant = session.participants.get(staff__user=user)
    return services.sign_session(
        session, signing(user, signatures.Meaning.ACKNOWLEDGEMENT), participant=participant
    )


def sign_plan(plan, user):
    from supervision.models import WorkPlan

    plan = WorkPlan.objects.get(pk=plan.pk)
    return services.sign_work_plan(
        plan, signing(user, services.PLAN_MEANING), as_employee=plan.staff.user_id == user.pk
    )


SIGNED = {
    "copy_a": lambda w: acknowledge(w.session_a, w.peer_a),
    "copy_b": lambda w: acknowledge(w.session_b, w.peer_b),
    "copy_other": lambda w: acknowledge(w.session_other, w.outsider),
    "plan_copy_a": lambda w: sign_plan(w.plan_a, w.peer_a),
    "plan_copy_b": lambda w: sign_plan(w.plan_b, w.peer_b),
    "plan_copy_other": lambda w: sign_plan(w.plan_other, w.outsider),
}


def signed(*names):
    """A setup: add_supervision, then the named signed copies (each renders a real PDF, so a
    case makes only those it needs): copy_a is session_a acknowledged by peer_a, plan_copy_a
    plan_a signed by peer_a, and so on."""

    def setup(w):
        add_supervision(w)
        for name in names:
            setattr(w, name, SIGNED[name](w))
        return w

    return setup


def add_supervision(w):
    today = timezone.localdate()
    w.session_a = make_session(
        w.sup_a2_staff,
        [w.peer_a_staff],
        today - datetime.timedelta(days=10),
        outside=True,
        actions=[("Call the housing office", w.peer_a_staff, today + datetime.timedelta(days=4))],
    )
    w.action_a = w.session_a.action_items.get()
    w.session_b = make_session(w.sup_b_staff, [w.peer_b_staff], today - datetime.timedelta(days=3))
    other_sup_user = UserFactory(username="other_sup", agency=w.other_agency, roles=["supervisor"])
    other_sup = StaffMemberFactory(
        agency=w.other_agency, user=other_sup_user, full_name="Oren Osei"
    )
    w.outsider_staff.supervisor = other_sup
    w.outsider_staff.save(update_fields=["supervisor"])
    w.session_other = make_session(other_sup, [w.outsider_staff], today)
    w.plan_a = make_plan(w.peer_a_staff, w.sup_a2_staff)
    w.plan_b = make_plan(w.peer_b_staff, w.sup_b_staff)
    w.plan_other = make_plan(w.outsider_staff, other_sup)
    return w
