import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork import todo
from tests.peerwork.todo_world import START, add_work

pytestmark = pytest.mark.django_db


def test_items_from_three_apps_soonest_first_with_overdue_in_words(world):
    plans, cycle, round_ = add_work(world)
    items = todo.registry.items_for(world.sup_a2, START)
    # (other apps, such as supervision, may add their own)
    assert {item.app for item in items} >= {"onboarding", "evaluations", "assessments"}
    dated = [item.due for item in items if item.due]
    assert dated == sorted(dated)
    texts = [item.text for item in items]
    assert "Write the evaluation of Amani Achebe" in texts
    assert "Complete your self-assessment" in texts
    assert f"Give your view: {round_.title}" in texts
    assert any(
        t.startswith("Onboarding (Amani Achebe") and "Conduct orientation" in t for t in texts
    )
    assert any(t.startswith("Check-in (with the new hire) for Amani Achebe") for t in texts)
    keys = [item.key for item in items]
    assert len(keys) == len(set(keys))
    # the onboarding tasks due 21 and 7 days before the start are HR's, not Aiden's
    overdue = [item for item in todo.registry.items_for(world.hr, START) if item.is_overdue(START)]
    assert overdue and all(item.due_in_words(START).startswith("Overdue since") for item in overdue)
    assert todo.Item("k", "t", "/", START).due_in_words(START) == "Due today"


def test_the_hire_sees_their_own_onboarding_and_others_see_nothing_of_it(world):
    add_work(world)
    hire_items = todo.registry.items_for(world.peer_a, START)
    assert any(item.text == "Your onboarding: WEEK ONE: Read the handbook" for item in hire_items)
    assert any(item.text == "Complete your self-assessment" for item in hire_items)
    assert not any("Write the evaluation" in item.text for item in hire_items)
    # Bo's supervisor has nothing of Amani's plan
    assert not any("Amani" in item.text for item in todo.registry.items_for(world.sup_b, START))


def test_done_work_leaves_the_list(world):
    from onboarding import services
    from onboarding.models import TaskStatus

    plans, _cycle, _round = add_work(world)
    task = plans[0].tasks.get(text="DAY ONE: Conduct orientation")
    key = f"onboarding.task:{task.pk}"
    assert key in {i.key for i in todo.registry.items_for(world.sup_a2, START)}
    services.close_tasks([task], actor=world.sup_a2, status=TaskStatus.DONE)
    assert key not in {i.key for i in todo.registry.items_for(world.sup_a2, START)}


def test_work_beyond_the_horizon_waits(world):
    add_work(world)
    items = todo.registry.items_for(world.sup_a2, START)
    assert all(item.due is None or item.due <= todo.horizon(START) for item in items)
    # the 90-day task is the peer mentor's; the check-ins after day 30 are not listed yet
    assert max(item.due for item in items if item.due) <= START + datetime.timedelta(days=30)


def test_home_shows_what_needs_you_with_overdue_in_words(world, client):
    add_work(world)
    client.force_login(world.hr)
    page = client.get(reverse("peerwork:home")).content.decode()
    assert "What needs you" in page
    if timezone.localdate() > START:
        assert "Overdue since" in page and ">Overdue</span>" in page
    assert "Onboarding (Amani Achebe" in page


@pytest.mark.parametrize("user_key", ["sup_a2", "hr", "peer_a"])
def test_home_and_todo_page_queries_do_not_grow_with_rows(
    world, client, user_key, django_assert_max_num_queries
):
    def count(url):
        client.force_login(getattr(world, user_key))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add_work(world, hires=2)
    small = {url: count(reverse(url)) for url in ("peerwork:home", "peerwork:todo_list")}
    add_work(world, hires=25)
    for url, queries in small.items():
        client.force_login(getattr(world, user_key))
        with django_assert_max_num_queries(queries):
            client.get(reverse(url))


def test_preferences_page_saves_the_choice(world, client):
    client.force_login(world.peer_a)
    page = client.get(reverse("peerwork:preferences")).content.decode()
    assert "Once a week, on Mondays" in page and "<label" in page
    response = client.post(
        reverse("peerwork:preferences"), {"language": "en", "reminder_frequency": "weekly"}
    )
    assert response.status_code == 302
    world.peer_a.refresh_from_db()
    assert world.peer_a.reminder_frequency == "weekly"
    response = client.post(
        reverse("peerwork:preferences"), {"language": "en", "reminder_frequency": "hourly"}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    world.peer_a.refresh_from_db()
    assert world.peer_a.reminder_frequency == "weekly"
