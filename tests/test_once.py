"""Once means once: every create form, sent twice in a row and sent from two threads at the
same moment, makes one row; the second request gets the first one's result; never a 500.

The threads run against the real database (transactional tests), so on SQLite they go
through the file database with its busy timeout and IMMEDIATE transactions, and on
PostgreSQL through its unique index (see peerwork/once.py)."""

import datetime
import re
import threading
import types

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import AssessmentRound
from evaluations import services as evaluation_services
from evaluations.exports import ExportJob
from evaluations.models import Evaluation, EvaluationCycle
from onboarding.models import OnboardingPlan, Task
from peerwork import once
from peerwork.models import UsedFormToken
from tests.assessments.factories import instrument
from tests.evaluations.conftest import make_cycle
from tests.evaluations.factories import make_version
from tests.onboarding.factories import add_plans, make_template


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _token_from(client, url):
    html = client.get(url).content.decode()
    match = re.search(r'name="once" value="([^"]+)"', html)
    assert match, "the form carries no one-time token"
    return match.group(1)


def _creates(world, kind):
    """(user, form URL, POST data without the token, count of rows made)."""
    if kind == "evaluation":
        version = make_version(categories=1, per_category=1)
        return types.SimpleNamespace(
            user=world.sup_a2,
            url=reverse("evaluations:evaluation_start"),
            data={"subject": world.peer_a_staff.pk, "framework_version": version.pk},
            count=lambda: Evaluation.objects.count(),
        )
    if kind == "cycle":
        version = make_version(categories=1, per_category=1)
        return types.SimpleNamespace(
            user=world.hr,
            url=reverse("evaluations:cycle_create"),
            data={
                "name": "Annual 2026",
                "period_start": "2026-01-01",
                "period_end": "2026-06-30",
                "due_date": "2026-07-31",
                "framework_version": version.pk,
            },
            count=lambda: EvaluationCycle.objects.count(),
        )
    if kind == "plan":
        template = make_template()
        return types.SimpleNamespace(
            user=world.hr,
            url=reverse("onboarding:plan_start"),
            data={
                "template": template.pk,
                "program": world.program.pk,
                "position_title": "Peer Navigator",
                "peer_role": "peer",
                "employment_type": "employee",
                "target_start_date": timezone.localdate().isoformat(),
                "checkin_cadence": "weekly",
                "hr_contact": world.hr_staff.pk,
            },
            count=lambda: OnboardingPlan.objects.count(),
        )
    if kind == "task":
        add_plans(world)
        return types.SimpleNamespace(
            user=world.hr,
            url=reverse("onboarding:task_add", args=[world.plan_a.pk]),
            data={
                "text": "Shadow the warmline",
                "phase": "week_one",
                "due_date": timezone.localdate().isoformat(),
                "responsible_role": "hr",
            },
            count=lambda: Task.objects.filter(text="Shadow the warmline").count(),
        )
    if kind == "round":
        version = instrument(items=2)
        return types.SimpleNamespace(
            user=world.hr,
            url=reverse("assessments:round_create"),
            data={
                "agency": world.agency.pk,
                "framework_version": version.pk,
                "title": "Spring check",
                "closes_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
                "groups": ["peer"],
            },
            count=lambda: AssessmentRound.objects.count(),
        )
    if kind == "export":
        cycle = make_cycle(world, make_version(categories=1, per_category=1))
        evaluation_services.launch_cycle(cycle, world.hr)
        return types.SimpleNamespace(
            user=world.hr,
            url=reverse("evaluations:export_start", args=[cycle.pk]),
            # "shown": the choices the start page counted (all of them), as the page sends it.
            data={"kind": "", "status": "", "program": "", "shown": "||", "action": "start"},
            count=lambda: ExportJob.objects.count(),
        )
    raise AssertionError(kind)


CREATES = ["evaluation", "cycle", "plan", "task", "round", "export"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", CREATES)
def test_the_same_create_sent_twice_makes_one_row(world, kind):
    create = _creates(world, kind)
    client = _client(create.user)
    before = create.count()
    data = {**create.data, "once": _token_from(client, create.url)}
    first = client.post(create.url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(create.url, data, follow=True)
    assert second.status_code == 200
    assert second.redirect_chain[0][0] == first.url
    assert "That was already saved (it was sent twice)." in second.content.decode()
    assert create.count() == before + 1
    # A fresh form (a new token) is a new create.
    if kind in ("task", "export", "evaluation"):
        third = client.post(create.url, {**create.data, "once": _token_from(client, create.url)})
        assert third.status_code == 302
        assert create.count() == before + 2


def _post_together(clients, url, datas):
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def send(index):
        try:
            barrier.wait(timeout=30)
            results[index] = clients[index].post(url, datas[index]).status_code
        except Exception as error:  # the test reports it, not the thread
            results[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", CREATES)
def test_the_same_create_from_two_threads_makes_one_row(world, kind):
    create = _creates(world, kind)
    clients = [_client(create.user), _client(create.user)]
    before = create.count()
    data = {**create.data, "once": _token_from(clients[0], create.url)}
    results = _post_together(clients, create.url, [data, data])
    assert results == [302, 302]
    assert create.count() == before + 1
    assert UsedFormToken.objects.filter(token=data["once"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_creating_the_same_cycle_name_at_once_get_a_message_not_a_500(world):
    """Different tokens: the form's check passes for both; the constraint decides."""
    create = _creates(world, "cycle")
    clients = [_client(world.hr), _client(world.admin)]
    datas = [{**create.data, "once": once.new_token()} for _ in clients]
    results = _post_together(clients, create.url, datas)
    # Whichever runs second is told on the form (by the form's check if the first has
    # committed, else by the constraint): never a 500.
    assert sorted(results, key=str) == [200, 302]
    assert EvaluationCycle.objects.filter(name="Annual 2026").count() == 1
