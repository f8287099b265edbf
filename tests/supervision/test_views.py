"""Sessions, comments, acknowledgements, carried actions, the role chart and the work plan,
through the real views."""

import datetime
import io

import pypdf
from django.urls import reverse
from django.utils import timezone

from supervision import wise_form
from supervision.models import (
    ActionItem,
    ActionStatus,
    Duty,
    DutyScope,
    Participant,
    SessionStatus,
    SupervisionSession,
    Topic,
    WorkPlan,
    WorkPlanExtension,
)
from tests.factories import PASSWORD
from tests.supervision.factories import lists, make_plan, make_session


def _session_post(world, **extra):
    data = lists()
    today = timezone.localdate()
    post = {
        "held_on": today.isoformat(),
        "duration_minutes": "50",
        "format": "individual",
        "mode": "video",
        "topics": [data["topic"].pk],
        f"duties_{world.peer_a_staff.pk}": [data["within"].pk, data["outside"].pk],
        "notes": "Talked about covering the front desk.",
        "action_0_text": "Ask for the group room on Tuesdays",
        "action_0_owner": str(world.peer_a_staff.pk),
        "action_0_due": (today + datetime.timedelta(days=7)).isoformat(),
    }
    post.update(extra)
    return post


def test_record_a_session_with_role_check_and_action(world, login):
    client = login(world.sup_a2)
    url = reverse("supervision:session_new") + f"?staff={world.peer_a_staff.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, _session_post(world))
    session = SupervisionSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    participant = session.participants.get()
    assert participant.reported_outside_role
    assert participant.duties.count() == 2
    action = ActionItem.objects.get()
    assert (action.owner, action.staff, action.status) == (
        world.peer_a_staff,
        world.peer_a_staff,
        ActionStatus.OPEN,
    )
    # The next session shows the open action and can close it.
    response = client.get(url)
    assert "Ask for the group room on Tuesdays" in response.content.decode()
    post = _session_post(world, **{f"close_{action.pk}": "on", "action_0_text": ""})
    client.post(url, post)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_in_id is not None


def test_a_failing_session_form_keeps_every_value(world, login):
    client = login(world.sup_a2)
    url = reverse("supervision:session_new") + f"?staff={world.peer_a_staff.pk}"
    post = _session_post(world, held_on="2999-01-01", action_0_due="")
    response = client.post(url, post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Talked about covering the front desk." in page
    assert "Ask for the group room on Tuesdays" in page
    assert "Give the action a due date." in page
    assert "Enter a date between" in page
    assert not SupervisionSession.objects.exists()


def test_someone_not_reporting_to_the_supervisor_is_refused(world, login):
    client = login(world.sup_a2)
    url = reverse("supervision:session_new") + f"?staff={world.peer_b_staff.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, _session_post(world)).status_code == 404


def test_concurrent_edit_gets_a_conflict_message(world, login):
    session = make_session(world.sup_a2_staff, [world.peer_a_staff], timezone.localdate())
    client = login(world.sup_a2)
    url = reverse("supervision:session_edit", args=[session.pk])
    stale = _session_post(world, revision=str(session.revision), action_0_text="")
    client.post(url, {**stale, "notes": "First save"})
    response = client.post(url, {**stale, "notes": "Second, stale save"})
    assert response.status_code == 200
    assert "Someone else saved this session" in response.content.decode()
    assert "Second, stale save" in response.content.decode()
    session.refresh_from_db()
    assert session.notes == "First save"


def test_comment_acknowledge_and_lock(world, login):
    session = make_session(world.sup_a2_staff, [world.peer_a_staff], timezone.localdate())
    client = login(world.peer_a)
    client.post(
        reverse("supervision:session_comment", args=[session.pk]),
        {"comment": "I would like more time on self-care."},
    )
    ack = reverse("supervision:session_acknowledge", args=[session.pk])
    response = client.post(ack, {"sign_name": "Amani Achebe", "sign_password": "wrong"})
    assert "That is not your password." in response.content.decode()
    response = client.post(ack, {"sign_name": "Someone Else", "sign_password": PASSWORD})
    assert "does not match the name on your record" in response.content.decode()
    response = client.post(ack, {"sign_name": " amani  achebe ", "sign_password": PASSWORD})
    assert response.status_code == 302
    participant = Participant.objects.get(session=session)
    assert participant.acknowledged_at and participant.signed_name == "amani achebe"
    assert participant.comment == "I would like more time on self-care."
    # Once acknowledged, the record no longer changes.
    sup = login(world.sup_a2)
    response = sup.get(reverse("supervision:session_edit", args=[session.pk]))
    assert response.status_code == 302
    sup.post(ack, {"sign_name": "Aiden Azoulay", "sign_password": PASSWORD})
    session.refresh_from_db()
    assert session.supervisor_acknowledged_at


def test_notes_are_shown_on_the_session_page_only(world, login):
    session = make_session(world.sup_a2_staff, [world.peer_a_staff], timezone.localdate())
    session.notes = "Very private supervision note"
    session.save(update_fields=["notes"])
    client = login(world.sup_a)
    for url in [
        reverse("supervision:overview"),
        reverse("supervision:person", args=[world.peer_a_staff.pk]),
        reverse("peerwork:staff_detail", args=[world.peer_a_staff.pk]),
        reverse("peerwork:staff_list"),
        reverse("peerwork:home"),
    ]:
        assert "Very private supervision note" not in client.get(url).content.decode(), url
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Very private supervision note" in page


def test_role_chart_shows_the_share_in_words_and_svg(world, login):
    today = timezone.localdate()
    make_session(world.sup_a2_staff, [world.peer_a_staff], today, outside=True)
    make_session(world.sup_a2_staff, [world.peer_a_staff], today)
    make_session(world.sup_a2_staff, [world.peer_a_staff], today)
    make_session(world.sup_a2_staff, [world.peer_a_staff], today, outside=True)
    page = (
        login(world.sup_a2)
        .get(reverse("peerwork:staff_detail", args=[world.peer_a_staff.pk]))
        .content.decode()
    )
    assert "<svg" in page and "50%" in page
    assert "In 2 of 4 sessions in the last 6 months (50%)" in page
    program = (
        login(world.hr)
        .get(reverse("supervision:program_roles", args=[world.program.pk]))
        .content.decode()
    )
    assert "In 2 of 4 sessions" in program
    # Another team's supervisor counts none of them.
    other = (
        login(world.sup_b)
        .get(reverse("supervision:program_roles", args=[world.program.pk]))
        .content.decode()
    )
    assert "No supervision sessions recorded" in other


def test_hr_sees_programs_where_out_of_role_duties_recur(world, login):
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=3)
    make_session(world.sup_a2_staff, [world.peer_a_staff], today, outside=True)
    make_session(world.sup_a2_staff, [world.peer_a_staff], last_month, outside=True)
    make_session(world.sup_b_staff, [world.peer_b_staff], today, outside=True)
    response = login(world.hr).get(reverse("supervision:roles"))
    assert [row["program"] for row in response.context["rows"]] == [world.program]
    home = login(world.hr).get(reverse("peerwork:home")).content.decode()
    assert "1 program where duties outside the peer role keep coming up" in home


def test_duty_list_is_data_marked_as_product_default(db):
    lists()
    assert Duty.objects.filter(scope=DutyScope.WITHIN).count() == 7
    assert Duty.objects.filter(scope=DutyScope.OUTSIDE).count() == 7
    assert set(Duty.objects.values_list("source", flat=True)) == {"product"}
    assert list(Topic.objects.values_list("label", flat=True)) == [
        "Review of activities",
        "Skill building",
        "Problem resolution",
        "Professional growth",
        "Administrative matters",
        "Wellness and self-care",
    ]
    # Loading again never overwrites an admin's edit.
    Duty.objects.filter(code="diagnosis").update(label="Diagnosing")
    from supervision import services

    assert services.load_lists(services.parse_lists()) == 0
    assert Duty.objects.get(code="diagnosis").label == "Diagnosing"


# --- the work plan -------------------------------------------------------------------------


def _basics_post(no=(3, 9)):
    today = timezone.localdate()
    post = {f"statement_{n}": "no" if n in no else "yes" for n in range(1, 15)}
    post.update(
        {
            "answered_on": today.isoformat(),
            "plan-start_date": today.isoformat(),
            "plan-expires_on": (today + datetime.timedelta(days=60)).isoformat(),
            "start_plan": "1",
        }
    )
    return post


def test_basics_with_no_answers_start_a_plan_with_those_topics(world, login):
    client = login(world.sup_a2)
    response = client.post(
        reverse("supervision:basics_new", args=[world.peer_a_staff.pk]), _basics_post()
    )
    plan = WorkPlan.objects.get()
    assert response["Location"] == reverse("supervision:workplan_edit", args=[plan.pk])
    assert plan.topics == [3, 9]
    page = client.get(response["Location"]).content.decode()
    assert wise_form.BASICS_STATEMENTS[2] in page
    # The manager sees the toolkit's guidance while writing.
    assert "[DESCRIBE WHAT YOU HAVE NOTICED" in page


def test_basics_missing_answers_keep_the_others(world, login):
    post = _basics_post()
    del post["statement_4"]
    response = login(world.sup_a2).post(
        reverse("supervision:basics_new", args=[world.peer_a_staff.pk]), post
    )
    assert response.status_code == 200
    assert "Answer yes or no." in response.content.decode()
    assert response.context["form"]["statement_3"].value() == "no"
    assert not WorkPlan.objects.exists()


def test_each_writes_their_own_sections_both_sign_and_the_pdf_is_filled(world, login):
    plan = make_plan(world.peer_a_staff, world.sup_a2_staff)
    url = reverse("supervision:workplan_edit", args=[plan.pk])
    manager = login(world.sup_a2)
    form = manager.get(url).context["form"]
    assert "going_on" not in form.fields and "background" in form.fields
    manager_post = {
        "revision": plan.revision,
        "start_date": plan.start_date.isoformat(),
        "expires_on": plan.expires_on.isoformat(),
        "position": "Peer Support Specialist",
        "hired_on": "2024-03-04",
        "length_of_time": "2 years",
        "primary_duties": "facilitate recovery groups",
        "background": plan.background,
        "recently": "three groups started late.",
        "immediate_steps": "Protected time to prepare each group.",
        "meeting_every_weeks": "2",
        "meeting_minutes": "30",
        "meeting_day": "2",
        "meeting_time": "10:00",
        "expiry_reminder_days": "14",
        "going_on": "manager cannot write this",
        "action-text": "Book the group room for the quarter",
        "action-owner": str(world.sup_a2_staff.pk),
        "action-due_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
    }
    assert manager.post(url, manager_post).status_code == 302
    plan.refresh_from_db()
    assert plan.going_on == "" and plan.primary_duties == "facilitate recovery groups"
    assert plan.action_items.get().text == "Book the group room for the quarter"

    employee = login(world.peer_a)
    form = employee.get(url).context["form"]
    assert "background" not in form.fields
    employee.post(
        url,
        {
            "revision": plan.revision,
            "practical_needs": "A quiet room to write notes.",
            "process_needs": "Know the schedule a week ahead.",
            "person_needs": "Check-ins that start with what went well.",
            "primary_duties": "employee cannot write this",
        },
    )
    plan.refresh_from_db()
    assert plan.practical_needs == "A quiet room to write notes."
    assert plan.primary_duties == "facilitate recovery groups"

    sign = reverse("supervision:workplan_sign", args=[plan.pk])
    employee.post(sign, {"sign_name": "Amani Achebe", "sign_password": PASSWORD})
    assert employee.get(url).status_code == 302  # signed: no more changes
    login(world.sup_a2).post(sign, {"sign_name": "Aiden Azoulay", "sign_password": PASSWORD})
    plan.refresh_from_db()
    assert plan.status == "active"
    meetings = list(plan.meetings.order_by("held_on"))
    assert meetings and all(m.held_on.weekday() == 2 for m in meetings)
    assert all(m.status == SessionStatus.SCHEDULED and m.duration_minutes == 30 for m in meetings)
    assert meetings[0].participants.get().staff == world.peer_a_staff

    response = login(world.hr).get(reverse("supervision:workplan_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert (
        "Amani Achebe, you were hired by Harbor Peer Services on or around March 4, 2024, "
        "as a Peer Support Specialist." in text
    )
    assert "required to facilitate recovery groups." in text
    assert "Over the past 2 years" in text
    assert "we will meet once every 2 weeks for 30 minutes" in text
    assert "Know the schedule a week ahead." in text
    assert "Book the group room for the quarter" in text
    assert "[" not in text and "]" not in text
    assert "DESCRIBE WHAT YOU HAVE NOTICED" not in text


def test_extension_keeps_the_history(world, login):
    plan = make_plan(world.peer_a_staff, world.sup_a2_staff)
    WorkPlan.objects.filter(pk=plan.pk).update(status="active")
    url = reverse("supervision:workplan_extend", args=[plan.pk])
    client = login(world.sup_a2)
    response = client.post(url, {"new_expires_on": plan.expires_on.isoformat(), "reason": "x"})
    assert "An extension ends after the current expiration date" in response.content.decode()
    new = plan.expires_on + datetime.timedelta(days=30)
    client.post(url, {"new_expires_on": new.isoformat(), "reason": "More time for the schedule"})
    extension = WorkPlanExtension.objects.get()
    assert (extension.previous_expires_on, extension.new_expires_on) == (plan.expires_on, new)
    plan.refresh_from_db()
    assert plan.expires_on == new


def test_the_plan_is_on_the_person_page_for_those_who_may_see_it(world, login):
    plan = make_plan(world.peer_a_staff, world.sup_a2_staff)
    link = plan.get_absolute_url()
    for user in (world.peer_a, world.sup_a2, world.sup_a, world.hr):
        page = login(user).get(reverse("peerwork:staff_detail", args=[world.peer_a_staff.pk]))
        assert link in page.content.decode()
    assert link not in login(world.sup_a).get(reverse("supervision:overview")).content.decode()


def test_language_hints_in_every_text_box(world, shipped_frameworks, login):
    plan = make_plan(world.peer_a_staff, world.sup_a2_staff)
    page = login(world.sup_a2).get(reverse("supervision:workplan_edit", args=[plan.pk]))
    html = page.content.decode()
    # The printed background paragraph says "clients": the guide's hint shows, server-drawn.
    assert "Language hint: instead of “clients”" in html
    assert 'id="language-terms"' in html
    for name in ("recently", "immediate_steps", "primary_duties"):
        assert f'data-hints-for="id_{name}"' in html
    session = make_session(world.sup_a2_staff, [world.peer_a_staff], timezone.localdate())
    html = login(world.peer_a).get(session.get_absolute_url()).content.decode()
    assert 'data-hints-for="id_comment"' in html


def test_samhsa_categories_come_from_the_shipped_version_and_freeze_it(
    world, shipped_frameworks, login
):
    client = login(world.sup_a2)
    url = reverse("supervision:session_new") + f"?staff={world.peer_a_staff.pk}"
    form = client.get(url).context["form"]
    categories = list(form.fields["categories"].queryset)
    assert len(categories) == 12
    assert {c.version_id for c in categories} == {shipped_frameworks.samhsa.pk}
    assert not shipped_frameworks.samhsa.is_in_use()
    client.post(url, _session_post(world, categories=[categories[0].pk, categories[4].pk]))
    session = SupervisionSession.objects.get()
    assert list(session.categories.all()) == [categories[0], categories[4]]
    assert shipped_frameworks.samhsa.is_in_use()


def test_a_session_or_plan_sent_twice_is_made_once(world, login):
    client = login(world.sup_a2)
    url = reverse("supervision:session_new") + f"?staff={world.peer_a_staff.pk}"
    token = client.get(url).context["form"]["once"].value()
    post = _session_post(world, once=token)
    first = client.post(url, post)
    second = client.post(url, post)
    assert SupervisionSession.objects.count() == 1 and ActionItem.objects.count() == 1
    assert first["Location"] == second["Location"]
    basics_url = reverse("supervision:basics_new", args=[world.peer_a_staff.pk])
    token = client.get(basics_url).context["form"]["once"].value()
    client.post(basics_url, {**_basics_post(), "once": token})
    client.post(basics_url, {**_basics_post(), "once": token})
    assert WorkPlan.objects.count() == 1
