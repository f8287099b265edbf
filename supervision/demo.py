"""Demo supervision for the synthetic agency: a few months of sessions (some reporting work
outside the peer role), open actions, one overdue person and one work plan. Idempotent:
nothing is added when the agency already has sessions. All text is synthetic."""

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone

from peerwork import signatures
from peerwork.demo import DEMO_PASSWORD
from peerwork.models import StaffMember
from supervision import services, wise_form
from supervision.models import (
    ActionItem,
    Duty,
    Participant,
    SessionFormat,
    SessionMode,
    SupervisionSession,
    Topic,
)

# (supervisor's full name, supervisee's full name, weeks between sessions, sessions,
#  days since the last one, out-of-role every Nth session (0: never))
SERIES = [
    ("Jordan Lee", "Casey Morgan", 2, 7, 5, 3),
    ("Jordan Lee", "Dana Whitfield", 2, 6, 9, 0),
    ("Jordan Lee", "Elias Navarro", 2, 6, 26, 2),  # overdue: the last session was weeks ago
    ("Riley Chen", "Gabriel Santos", 4, 4, 6, 0),
    ("Riley Chen", "Harper Quinn", 4, 4, 8, 2),
    ("Alexandra Rivera", "Jordan Lee", 4, 4, 10, 0),
]
NOTES = [
    "Talked through the week's group sessions and what went well. Practised a short, purposeful "
    "story of recovery for the new welcome group.",
    "Reviewed how to connect a person receiving services with housing resources and natural "
    "supports in the neighbourhood.",
    "Checked in on workload and self-care; agreed to protect lunch breaks.",
]


@transaction.atomic
def add_demo_supervision(agency):
    if SupervisionSession.objects.filter(agency=agency).exists():
        return
    services.ensure_lists()
    today = timezone.localdate()
    staff = {s.full_name: s for s in StaffMember.objects.filter(agency=agency)}
    topics = list(Topic.objects.filter(active=True))
    within = list(Duty.objects.filter(scope="within"))
    outside = list(Duty.objects.filter(scope="outside"))
    categories = list(services.samhsa_categories()[:12])
    signings = {}
    for sup_name, name, weeks, count, last_days, out_every in SERIES:
        supervisor, person = staff.get(sup_name), staff.get(name)
        if supervisor is None or person is None:
            continue
        last = today - datetime.timedelta(days=last_days)
        for index in range(count):
            held_on = last - datetime.timedelta(weeks=weeks * (count - 1 - index))
            session = SupervisionSession.objects.create(
                agency=agency,
                supervisor=supervisor,
                held_on=held_on,
                duration_minutes=60 if index % 2 else 45,
                format=SessionFormat.INDIVIDUAL,
                mode=[SessionMode.IN_PERSON, SessionMode.VIDEO, SessionMode.PHONE][index % 3],
                observation=index % 3 == 0,
                notes=NOTES[index % len(NOTES)],
            )
            session.topics.set(topics[index % 3 : index % 3 + 2])
            if categories:
                session.categories.set(categories[index % len(categories) :][:2])
            reports_outside = bool(out_every) and index % out_every == 0
            participant = Participant.objects.create(
                session=session, staff=person, reported_outside_role=reports_outside
            )
            duties = within[index % 3 : index % 3 + 2]
            if reports_outside and outside:
                duties.append(outside[index % len(outside)])
            participant.duties.set(duties)
            is_last = index == count - 1
            if not is_last:
                _demo_sign(session, supervisor, None, held_on, signings)
                _demo_sign(session, person, participant, held_on, signings)
            if is_last:
                ActionItem.objects.create(
                    session=session,
                    staff=person,
                    owner=person,
                    text="Draft a one-page wellness plan to share at the next session",
                    due_on=held_on + datetime.timedelta(weeks=weeks),
                )
    _demo_work_plan(staff, today)


def _demo_sign(session, staff, participant, held_on, signings):
    """A real signature through the same service as the page (the signed copy is rendered and
    stored), dated the day after the session. The name and the demo password are checked
    once per person by the form people sign with."""
    if staff.user is None:
        return
    if staff.pk not in signings:
        form = signatures.SignatureForm(
            {"sign_name": signatures.name_on_record(staff.user), "sign_password": DEMO_PASSWORD},
            signer=staff.user,
        )
        if not form.is_valid():
            raise ValueError(f"demo signature refused for {staff}: {form.errors.as_text()}")
        signings[staff.pk] = form.signing(signatures.Meaning.AUTHOR)
    meaning = (
        signatures.Meaning.AUTHOR if participant is None else signatures.Meaning.ACKNOWLEDGEMENT
    )
    when = timezone.make_aware(
        datetime.datetime.combine(held_on + datetime.timedelta(days=1), datetime.time(9, 30))
    )
    session = SupervisionSession.objects.get(pk=session.pk)
    services.sign_session(
        session,
        dataclasses.replace(signings[staff.pk], meaning=meaning, signed_at=when),
        participant=participant,
    )


def _demo_work_plan(staff, today):
    person, manager = staff.get("Dana Whitfield"), staff.get("Jordan Lee")
    if person is None or manager is None:
        return
    from supervision.models import BasicsChecklist

    answers = {str(n): n not in (7, 11) for n in range(1, len(wise_form.BASICS_STATEMENTS) + 1)}
    basics = BasicsChecklist.objects.create(
        staff=person,
        manager=manager,
        answered_on=today - datetime.timedelta(days=10),
        answers=answers,
    )
    plan = services.start_work_plan(
        staff=person,
        manager=manager,
        basics=basics,
        start_date=today - datetime.timedelta(days=7),
        expires_on=today + datetime.timedelta(days=83),
    )
    plan.primary_duties = (
        "facilitate two peer support groups a week and meet one-on-one with people receiving "
        "services to support their own recovery goals"
    )
    plan.recently = (
        "several group sessions started late and two handoffs to the evening team were missed."
    )
    plan.going_on = "My schedule changed and I was covering front-desk shifts between groups."
    plan.practical_needs = "A shared calendar that shows the group room bookings."
    plan.meeting_every_weeks, plan.meeting_minutes = 2, 30
    plan.meeting_day, plan.meeting_time = 2, datetime.time(10, 0)
    plan.save()
    ActionItem.objects.create(
        work_plan=plan,
        staff=person,
        owner=manager,
        text="Take Dana off the front-desk rota",
        due_on=today + datetime.timedelta(days=3),
    )
