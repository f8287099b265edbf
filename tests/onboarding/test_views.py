import datetime

import pytest
from django.urls import reverse

from onboarding.models import OnboardingPlan, TaskEventKind, TaskStatus
from tests.factories import ProgramFactory
from tests.onboarding.factories import add_plans, make_template

pytestmark = pytest.mark.django_db


def _start_data(world, template, **overrides):
    data = {
        "template": template.pk,
        "program": world.program.pk,
        "position_title": "Peer Support Specialist",
        "peer_role": "peer",
        "employment_type": "employee",
        "target_start_date": "2026-03-02",
        "checkin_cadence": "weekly",
        "hire": world.peer_a_staff.pk,
        "supervisor": world.sup_a2_staff.pk,
        "peer_mentor": "",
        "hr_contact": world.hr_staff.pk,
    }
    data.update(overrides)
    return data


def test_hr_starts_a_plan_for_an_opening_and_attaches_the_person_later(world, login):
    template = make_template()
    client = login(world.hr)
    response = client.post(reverse("onboarding:plan_start"), _start_data(world, template, hire=""))
    plan = OnboardingPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.hire is None and plan.agency == world.agency and plan.started_by == world.hr
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Peer Support Specialist (opening)" in page
    response = client.post(
        reverse("onboarding:plan_settings", args=[plan.pk]),
        {
            "target_start_date": "2026-03-09",
            "checkin_cadence": "weekly",
            "hire": world.peer_a_staff.pk,
            "supervisor": world.sup_a2_staff.pk,
            "hr_contact": world.hr_staff.pk,
            "status": "active",
            "revision": plan.revision,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.hire == world.peer_a_staff
    assert plan.tasks.get(text="WEEK ONE: Read the handbook").due_date == datetime.date(2026, 3, 14)


@pytest.mark.parametrize("bad_date", ["03/02/2026", "2026-02-30", "next monday", ""])
def test_start_date_in_the_wrong_format_gets_a_clear_message(world, login, bad_date):
    template = make_template()
    client = login(world.hr)
    response = client.post(
        reverse("onboarding:plan_start"),
        _start_data(world, template, target_start_date=bad_date),
    )
    assert response.status_code == 200
    page = response.content.decode()
    if bad_date:
        assert "Enter a date as year-month-day, for example 2026-03-02." in page
    else:
        assert "This field is required." in page
    assert "Peer Support Specialist" in page  # what was entered is kept
    assert not OnboardingPlan.objects.exists()


def test_hr_cannot_pick_another_agencys_program_or_person(world, login):
    template = make_template()
    other_program = ProgramFactory(agency=world.other_agency, name="Far")
    response = login(world.hr).post(
        reverse("onboarding:plan_start"),
        _start_data(world, template, program=other_program.pk, hire=world.outsider_staff.pk),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not OnboardingPlan.objects.exists()


def test_stale_settings_form_gets_a_conflict_message_not_an_overwrite(world, login):
    add_plans(world)
    plan = world.plan_a
    client = login(world.hr)
    url = reverse("onboarding:plan_settings", args=[plan.pk])
    data = {
        "target_start_date": "2026-04-06",
        "checkin_cadence": "weekly",
        "hire": world.peer_a_staff.pk,
        "supervisor": world.sup_a2_staff.pk,
        "hr_contact": world.hr_staff.pk,
        "status": "active",
        "revision": plan.revision,
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "target_start_date": "2026-05-04"}, follow=True)
    assert "Someone else changed this at the same time" in response.content.decode()
    plan.refresh_from_db()
    assert plan.target_start_date == datetime.date(2026, 4, 6)


def test_not_applicable_with_an_empty_reason_is_refused_with_a_message(world, login):
    add_plans(world)
    client = login(world.sup_a2)
    url = reverse("onboarding:task_action", args=[world.plan_a.pk, world.task_a.pk])
    response = client.post(url, {"action": "not_applicable", "reason": "   "})
    assert response.status_code == 400
    assert "Give a reason: it stays in the task&#x27;s history." in response.content.decode()
    world.task_a.refresh_from_db()
    assert world.task_a.status == TaskStatus.OPEN
    response = client.post(url, {"action": "not_applicable", "reason": "Hired as volunteer"})
    assert response.status_code == 302
    world.task_a.refresh_from_db()
    assert world.task_a.status == TaskStatus.NOT_APPLICABLE
    assert world.task_a.completed_by == world.sup_a2


def test_bulk_not_applicable_without_a_reason_and_foreign_ids_are_refused(world, login):
    add_plans(world)
    client = login(world.hr)
    url = reverse("onboarding:tasks_bulk", args=[world.plan_a.pk])
    ids = list(world.plan_a.tasks.values_list("pk", flat=True)[:3])
    response = client.post(url, {"action": "not_applicable", "tasks": ids, "reason": ""})
    assert response.status_code == 400
    assert "Give a reason for marking tasks not applicable." in response.content.decode()
    response = client.post(url, {"action": "done", "tasks": [ids[0], world.task_b.pk]})
    assert response.status_code == 400
    assert "no longer open on this plan" in response.content.decode()
    response = client.post(url, {"action": "done", "tasks": ["abc"]})
    assert response.status_code == 400
    response = client.post(url, {"action": "done"})
    assert "Select at least one task." in response.content.decode()
    assert not world.plan_a.tasks.exclude(status=TaskStatus.OPEN).exists()
    response = client.post(url, {"action": "done", "tasks": ids})
    assert response.status_code == 302
    assert world.plan_a.tasks.filter(status=TaskStatus.DONE).count() == 3


def test_the_plan_page_shows_progress_per_phase_and_sub_item_counts(world, login):
    add_plans(world)
    from onboarding import services

    first, second, _ = world.task_a.subitems.all()
    services.set_subitem(first, actor=world.hr, checked=True)
    services.set_subitem(second, actor=world.hr, checked=True)
    services.close_tasks(
        [world.plan_a.tasks.get(text="Review core competencies")],
        actor=world.hr,
        status="done",
    )
    page = login(world.hr).get(world.plan_a.get_absolute_url()).content.decode()
    assert "2 of 3 checked" in page
    assert "14% · 1 of 7" in page  # whole plan
    assert "100% · 1 of 1" in page  # pre-selection
    for heading in (
        "Pre-selection",
        "Post-selection",
        "Day one",
        "Week one",
        "First 30 days",
        "First 90 days and beyond",
    ):
        assert f">{heading}</h2>" in page


def test_unknown_actions_and_values_get_a_message_not_a_500(world, login):
    add_plans(world)
    client = login(world.hr)
    task_url = reverse("onboarding:task_action", args=[world.plan_a.pk, world.task_a.pk])
    response = client.post(task_url, {"action": "explode"}, follow=True)
    assert "That action is not one this page offers." in response.content.decode()
    sub_url = reverse(
        "onboarding:subitem_set", args=[world.plan_a.pk, world.task_a.pk, world.subitem_a.pk]
    )
    response = client.post(sub_url, {"checked": "maybe"}, follow=True)
    assert "That change was not understood; nothing was saved." in response.content.decode()
    response = client.post(task_url, {"action": "reopen", "status": "open"}, follow=True)
    assert "Someone else changed this at the same time" in response.content.decode()
    assert (
        client.get(f"/onboarding/plans/{world.plan_a.pk}/tasks/99999999999999999999/").status_code
        == 404
    )
    response = client.get(reverse("onboarding:dashboard") + "?program=abc&page=zz&phase=%FF")
    assert response.status_code == 200
    assert "Some filters were not understood and were ignored." in response.content.decode()


def test_recording_a_checkin_and_a_missed_one_shows_overdue(world, login):
    add_plans(world)
    client = login(world.sup_a2)
    checkin = world.checkin_a
    url = checkin.get_absolute_url()
    response = client.post(url, {"held_on": "09/03/2026", "revision": 0})
    assert response.status_code == 400
    assert "Enter a date as year-month-day" in response.content.decode()
    response = client.post(
        url,
        {
            "held_on": "2026-03-09",
            "revision": 0,
            "with_whom": "",
            "answer_0": "Meeting the team",
            "answer_1": "More shadowing",
            "follow_ups": "Pair with a peer mentor",
        },
    )
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert checkin.answers == ["Meeting the team", "More shadowing"]
    assert checkin.recorded_by == world.sup_a2
    # The test world's plan started in March 2026; every later check-in is past due today.
    page = client.get(world.plan_a.get_absolute_url()).content.decode()
    assert "⚠</span> Overdue" in page
    # A second, stale save is refused.
    response = client.post(url, {"held_on": "2026-03-10", "revision": 0}, follow=True)
    assert "Someone else changed this at the same time" in response.content.decode()


def test_history_is_shown_and_undo_reopens(world, login):
    add_plans(world)
    client = login(world.hr)
    url = reverse("onboarding:task_action", args=[world.plan_a.pk, world.task_a.pk])
    client.post(url, {"action": "done", "confirm_unchecked": "1"})
    client.post(url, {"action": "reopen", "status": "done"})
    client.post(url, {"action": "note", "note": "Waiting on the I-9."})
    page = client.get(world.task_a.get_absolute_url()).content.decode()
    for text in ("Marked done", "Reopened", "Waiting on the I-9."):
        assert text in page
    assert world.task_a.events.filter(kind=TaskEventKind.NOTE).count() == 1


def test_hire_sees_their_onboarding_and_who_to_ask(world, login):
    add_plans(world)
    page = login(world.peer_a).get("/onboarding/mine/").content.decode()
    assert "Who to ask" in page and "Aiden Azoulay" in page and "Hollis Reyes" in page
    assert "WEEK ONE: Read the handbook" in page
    home = login(world.peer_a).get("/").content.decode()
    assert "My onboarding" in home


def test_supervisor_sees_tasks_and_checkins_for_their_hires(world, login):
    add_plans(world)
    page = login(world.sup_a2).get("/onboarding/my-work/").content.decode()
    assert "DAY ONE: Conduct orientation" in page
    assert "Amani Achebe" in page
    assert "Bo Baptiste" not in page  # another supervisor's hire
    assert "Overdue" in page  # check-ins of a plan that started in March 2026


def test_plan_pdf_is_a_real_pdf_with_the_tasks(world, login):
    import io

    from pypdf import PdfReader

    add_plans(world)
    response = login(world.hr).get(reverse("onboarding:plan_pdf", args=[world.plan_a.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Review core competencies" in text
    assert "Amani Achebe" in text


def test_plan_page_and_my_work_queries_do_not_grow_with_tasks(
    world, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from onboarding import services

    add_plans(world)
    url = world.plan_a.get_absolute_url()

    def count(client, path):
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context)

    for user in (world.hr, world.sup_a2, world.peer_a):
        client = login(user)
        small = (count(client, url), count(client, "/onboarding/my-work/"))
        extra = [
            services.add_task(
                world.plan_a,
                actor=world.hr,
                text=f"Extra {n}",
                phase="week_one",
                due_date=datetime.date(2026, 3, 4),
                responsible_role="supervisor",
            )
            for n in range(30)
        ]
        # Closed by different people: each one's name is shown beside the task.
        for task, actor in zip(extra[:9], [world.hr, world.sup_a, world.sup_a2] * 3, strict=True):
            services.close_tasks([task], actor=actor, status="done")
        large = (count(client, url), count(client, "/onboarding/my-work/"))
        if user != world.peer_a:
            for subitem in world.task_a.subitems.all():
                services.set_subitem(subitem, actor=world.sup_a, checked=True)
            before = count(client, world.task_a.get_absolute_url())
            for actor in (world.hr, world.sup_a2, world.admin):
                services.add_note(world.task_a, actor=actor, text="Checked.")
            assert count(client, world.task_a.get_absolute_url()) == before
        assert large == small, user.username


def test_supervisor_cannot_restore_a_task_hr_removed(world, login):
    from onboarding import services

    add_plans(world)
    services.remove_task(world.task_a, actor=world.hr, reason="Not needed")
    url = reverse("onboarding:task_action", args=[world.plan_a.pk, world.task_a.pk])
    response = login(world.sup_a2).post(url, {"action": "reopen", "status": "removed"})
    assert response.status_code == 404
    response = login(world.hr).post(url, {"action": "reopen", "status": "removed"})
    assert response.status_code == 302
    world.task_a.refresh_from_db()
    assert world.task_a.status == TaskStatus.OPEN


def test_staff_page_shows_the_persons_onboarding_to_those_who_may_see_it(world, login):
    add_plans(world)
    path = f"/staff/{world.peer_a_staff.pk}/"
    assert world.plan_a.get_absolute_url() in login(world.sup_a).get(path).content.decode()
    assert world.plan_a.get_absolute_url() in login(world.hr).get(path).content.decode()


def test_dashboard_filters_and_a_bad_filter_leaves_the_good_ones_working(world, login):
    from onboarding import services

    add_plans(world)
    services.close_tasks(list(world.plan_b.tasks.all()), actor=world.hr, status="done")
    client = login(world.hr)
    url = reverse("onboarding:dashboard")

    def shown(query):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        return {plan.pk for plan in response.context["page"].object_list}

    everything = {world.plan_a.pk, world.opening_a.pk, world.plan_b.pk}
    assert shown("") == everything  # never another agency's plan
    assert shown(f"program={world.program2.pk}") == {world.plan_b.pk}
    assert shown("overdue=on") == {world.plan_a.pk, world.opening_a.pk}
    assert shown("phase=pre_selection") == {world.plan_a.pk, world.opening_a.pk}
    assert shown("peer_role=non_peer") == set()
    assert shown(f"program=abc&overdue=on&program2={world.program2.pk}") == {
        world.plan_a.pk,
        world.opening_a.pk,
    }


def test_marking_done_with_unchecked_items_asks_first(world, login):
    add_plans(world)
    task = world.plan_a.tasks.filter(subitems__isnull=False).distinct().first()
    unchecked = task.subitems.count()
    assert unchecked
    client = login(world.hr)
    url = reverse("onboarding:task_action", args=[world.plan_a.pk, task.pk])
    page = client.post(url, {"action": "done"}).content.decode()
    task.refresh_from_db()
    assert task.status == "open"
    assert "not checked yet" in page and "Mark done anyway" in page
    response = client.post(url, {"action": "done", "confirm_unchecked": "1"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    # A task whose items are all checked closes at once.
    other = world.plan_a.tasks.filter(subitems__isnull=True, status="open").first()
    url = reverse("onboarding:task_action", args=[world.plan_a.pk, other.pk])
    assert client.post(url, {"action": "done"}).status_code == 302


def test_the_next_task_reads_in_the_readers_language(world, login):
    """The dashboard's and the new hire's "next task" come from an annotation, not the task
    object: they still follow the task's translation, falling back to its English."""
    from django.utils import translation

    from onboarding.models import Task

    add_plans(world)
    plan = world.plan_a
    first = plan.tasks.filter(status=TaskStatus.OPEN).order_by("due_date", "order", "pk").first()
    Task.objects.filter(pk=first.pk).update(translations={"es": {"text": "Tarea en español"}})
    dashboard = reverse("onboarding:dashboard")
    with translation.override("es"):
        spanish = login(world.hr).get(dashboard, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = login(world.hr).get(dashboard).content.decode()
    assert "Tarea en español" in spanish
    assert "Tarea en español" not in english and first.text[:40] in english
