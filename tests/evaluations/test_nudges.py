import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import CycleNudge
from peerwork.models import ReminderSent
from peerwork.reminders import send_digests
from tests.evaluations.conftest import full_content

pytestmark = pytest.mark.django_db

SITE = "https://peerwork.example.org"


@override_settings(SITE_URL=SITE)
def test_hr_nudges_those_who_have_not_started_once_a_day(world, evals, client):
    # Aiden (sup_a2) has started Amani's evaluation, not his self-assessment; Ada (sup_a), Bea
    # (sup_b), Amani and Bo have not started theirs: 6 evaluations, 5 people.
    services.save_draft(evals.sup_a, full_content(evals.structure), world.sup_a2, 1)
    client.force_login(world.hr)
    url = evals.cycle.get_absolute_url()
    page = client.get(url).content.decode()
    assert "No nudge has gone for this cycle yet." in page
    assert "Nudge everyone who has not started (6 evaluations)" in page

    response = client.post(reverse("evaluations:cycle_nudge", args=[evals.cycle.pk]), follow=True)
    assert "Nudge sent: 5 people reminded" in response.content.decode()
    recipients = sorted(m.to[0] for m in mail.outbox)
    people = [world.sup_a, world.sup_a2, world.sup_b, world.peer_a, world.peer_b]
    assert recipients == sorted(user.email for user in people)
    aiden = next(m for m in mail.outbox if m.to == [world.sup_a2.email])
    assert "Complete your self-assessment" in aiden.body and "Amani" not in aiden.body
    bea = next(m for m in mail.outbox if m.to == [world.sup_b.email])
    assert "Write the evaluation of Bo Baptiste" in bea.body
    assert f"{SITE}{evals.sup_b.get_absolute_url()}" in bea.body
    assert evals.cycle.name in bea.subject

    page = client.get(url).content.decode()
    assert "Last nudge:" in page and "5 people reminded" in page and "Hollis Reyes" in page
    assert "A nudge went today; the next can go tomorrow." in page
    assert "Nudge everyone" not in page

    # a second nudge the same day (a second tab, a double click) sends nothing
    response = client.post(reverse("evaluations:cycle_nudge", args=[evals.cycle.pk]), follow=True)
    assert "already went today" in response.content.decode()
    assert len(mail.outbox) == 5
    assert CycleNudge.objects.filter(cycle=evals.cycle).count() == 1


@override_settings(SITE_URL=SITE)
def test_the_nudge_and_the_digest_share_the_once_a_day_rule(world, evals):
    today = timezone.localdate()
    result = services.nudge_not_started(evals.cycle, world.hr, today)
    assert result.reminded == 5
    key = f"evaluations.evaluation:{evals.sup_b.pk}"
    assert ReminderSent.objects.filter(user=world.sup_b, key=key, date=today).exists()
    mail.outbox.clear()
    # the cycle is due in the past or future; whatever the digest lists, never those items again
    send_digests(today)
    assert all(
        evals.sup_b.get_absolute_url() not in m.body
        for m in mail.outbox
        if m.to == [world.sup_b.email]
    )


def test_a_nudge_with_nobody_to_remind_still_counts_and_says_so(world, evals, client):
    for evaluation in evals.cycle.evaluations.select_related("author"):
        services.save_draft(evaluation, full_content(evals.structure), evaluation.author, 1)
    client.force_login(world.hr)
    page = client.get(evals.cycle.get_absolute_url()).content.decode()
    assert "Nudge everyone" not in page  # nothing left to nudge about
    response = client.post(reverse("evaluations:cycle_nudge", args=[evals.cycle.pk]), follow=True)
    assert "Nudge sent: 0 people reminded" in response.content.decode()
    assert not mail.outbox
