"""The session list: a page of upcoming and a page of past sessions, each paged on its own,
in a fixed number of queries however many sessions and enrollments there are."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.training.factories import CourseFactory, EnrollmentFactory, SessionFactory
from training.models import EnrollmentStatus
from training.views import SESSION_PAGE_SIZE


def _sessions(world, count, days):
    course = CourseFactory(agency=world.agency, title=f"Course {days}")
    now = timezone.now()
    sessions = []
    for index in range(count):
        starts = now + datetime.timedelta(days=days + (index if days > 0 else -index))
        session = SessionFactory(
            course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
        )
        EnrollmentFactory(session=session)
        EnrollmentFactory(session=session, status=EnrollmentStatus.WAITLISTED)
        sessions.append(session)
    return sessions


def _ids(response, name):
    return [session.pk for session in response.context[name]["page"].object_list]


def test_each_list_pages_on_its_own_and_keeps_the_other_in_place(world, login):
    upcoming = _sessions(world, SESSION_PAGE_SIZE + 2, 1)
    past = _sessions(world, SESSION_PAGE_SIZE + 3, -1)
    client = login(world.hr)
    url = reverse("training:session_list")
    first = client.get(url)
    assert _ids(first, "upcoming") == [s.pk for s in upcoming[:SESSION_PAGE_SIZE]]
    assert _ids(first, "past") == [s.pk for s in past[:SESSION_PAGE_SIZE]]
    row = first.context["upcoming"]["page"].object_list[0]
    assert (row.seats_taken, row.waiting, row.requests) == (1, 1, 0)
    html = first.content.decode()
    assert "?upcoming_page=2" in html and "?past_page=2" in html
    second = client.get(url, {"upcoming_page": 2, "past_page": 2})
    assert _ids(second, "upcoming") == [s.pk for s in upcoming[SESSION_PAGE_SIZE:]]
    assert _ids(second, "past") == [s.pk for s in past[SESSION_PAGE_SIZE:]]
    # The pager of one list keeps the other list's page.
    assert "?past_page=2&amp;upcoming_page=1" in second.content.decode()
    assert client.get(url, {"past_page": "nonsense"}).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_makes_fixed_queries(world, login, django_assert_max_num_queries, size):
    _sessions(world, size, 1)
    _sessions(world, size, -1)
    client = login(world.hr)
    url = reverse("training:session_list")
    client.get(url)  # warm the session
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
