"""Pages that grow with the agency show a window: supervisees soonest due first, 25 a
page; HR's overdue list the longest overdue; hours 25 people a page with the total of all.
The cadence computed in SQL (services.with_due) agrees with services.cadences()."""

import datetime

from django.urls import reverse
from django.utils import timezone

from peerwork.models import StaffMember
from supervision import services
from supervision.models import CadenceOverride, SupervisionSettings
from tests.credentials.factories import TX, day, issue
from tests.factories import StaffMemberFactory
from tests.supervision.factories import make_session


def _team(world, count, today):
    """`count` peers reporting to sup_a2, the k-th last supervised k days before `today`."""
    people = []
    for index in range(count):
        person = StaffMemberFactory(
            agency=world.agency,
            program=world.program,
            supervisor=world.sup_a2_staff,
            full_name=f"Team Member {index:02d}",
        )
        make_session(world.sup_a2_staff, [person], today - datetime.timedelta(days=index))
        people.append(person)
    return people


def test_cadence_in_sql_agrees_with_cadences_on_every_day(world):
    start = day("2026-03-01")
    settings = SupervisionSettings.objects.create(agency=world.agency, default_cadence_days=10)
    initial, standard, stricter, own, plain = StaffMemberFactory.create_batch(
        5, agency=world.agency, supervisor=world.sup_a2_staff
    )
    issue(initial, TX, day("2026-01-05"), initial=True)
    issue(standard, TX, day("2025-01-05"))
    issue(stricter, TX, day("2026-01-05"), initial=True)
    CadenceOverride.objects.create(staff=stricter, cadence_days=30, reason="Experienced")
    CadenceOverride.objects.create(staff=own, cadence_days=3, reason="Extra support")
    for number, person in enumerate([initial, standard, stricter, own]):
        make_session(world.sup_a2_staff, [person], start - datetime.timedelta(days=number))
    people = StaffMember.objects.filter(agency=world.agency)
    for offset in (0, 1, 7, 13, 20, 35):
        if offset == 20:
            settings.default_cadence_days = 21
            settings.save()
        today = start + datetime.timedelta(days=offset)
        python = services.cadences(list(people), today)
        rows = services.with_due(people, today)
        assert {p.pk: (p.cadence_days, p.due_on) for p in rows} == {
            pk: (c.days, c.due_on) for pk, c in python.items()
        }
        counts = services.due_counts(rows, today)
        states = [c.state(today) for c in python.values()]
        assert counts == {
            "total": len(states),
            "waiting": states.count("due") + states.count("overdue"),
            "overdue": states.count("overdue"),
        }
        assert {p.pk for p in services.waiting(rows, today)} == {
            pk for pk, c in python.items() if c.state(today) != "ok"
        }
    assert plain.pk in python


def test_supervisees_soonest_due_first_25_a_page(world, login):
    today = timezone.localdate()
    team = _team(world, 30, today)
    client = login(world.sup_a2)
    page = client.get(reverse("supervision:overview"))
    shown = [person.pk for person, _cadence in page.context["supervisees"]]
    assert len(shown) == 25
    dues = [cadence.due_on for _person, cadence in page.context["supervisees"]]
    assert dues == sorted(dues)
    # The longest without a session first; the one seen today is due last, on page 2.
    in_team = [pk for pk in shown if pk in {p.pk for p in team}]
    assert in_team == [p.pk for p in reversed(team)][: len(in_team)]
    assert team[0].pk not in shown
    body = page.content.decode()
    assert "people, soonest due first." in body and "Page 1 of 2" in body
    second = client.get(reverse("supervision:overview") + "?page=2")
    rest = [person.pk for person, _cadence in second.context["supervisees"]]
    assert team[0].pk in rest and not set(rest) & set(shown)
    total = page.context["page"].paginator.count
    assert len(shown) + len(rest) == total
    # Out of range or not a number: the nearest page, never an error.
    assert client.get(reverse("supervision:overview") + "?page=99").status_code == 200
    assert client.get(reverse("supervision:overview") + "?page=x").status_code == 200


def test_home_counts_everyone_due_and_lists_the_soonest(world, login):
    today = timezone.localdate()
    _team(world, 30, today)
    panel_context = login(world.sup_a2).get(reverse("peerwork:home")).context
    panel = next(p for p in panel_context["panels"] if p.template.startswith("supervision/"))
    waiting = [c for _p, c in panel.context["waiting"]]
    python = services.cadences(list(services.supervisees(world.sup_a2_staff)), today)
    due = sorted(c.due_on for c in python.values() if c.state(today) != "ok")
    assert panel.context["waiting_count"] == len(due) > len(waiting) == 10
    assert [c.due_on for c in waiting] == due[:10]
    assert panel.context["supervisee_count"] == len(python)


def test_hr_sees_the_longest_overdue_with_the_count(world, login):
    today = timezone.localdate()
    _team(world, 40, today)
    context = login(world.hr).get(reverse("supervision:overview")).context
    overdue = context["agency_overdue"]
    assert len(overdue) == 25 and context["agency_overdue_count"] > 25
    assert all(cadence.state(today) == "overdue" for _person, cadence in overdue)
    dues = [cadence.due_on for _person, cadence in overdue]
    assert dues == sorted(dues)


def test_hours_25_a_page_with_the_total_of_everyone(world, login):
    today = timezone.localdate()
    team = _team(world, 30, today)
    client = login(world.hr)
    query = f"start={today.replace(month=1, day=1).isoformat()}&end={today.isoformat()}"
    first = client.get(reverse("supervision:hours") + "?" + query)
    assert len(first.context["rows"]) == 25
    second = client.get(reverse("supervision:hours") + "?" + query + "&page=2")
    names = [r["person"].full_name for r in first.context["rows"] + second.context["rows"]]
    assert names == sorted(names) and len(names) == first.context["page"].paginator.count
    assert first.context["total_hours"] == second.context["total_hours"] >= len(team)
    body = first.content.decode()
    assert "Page 1 of 2" in body and f"?{query.replace('&', '&amp;')}&amp;page=2" in body
