"""Survey anonymity against the database: once a round closes, the stored order of the
responses is not the order people submitted in, their ids are new, and the admin can neither
delete nor change them. An admin setting someone's password is recorded and the person told."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import mail
from django.db import connection
from django.urls import reverse

from assessments import services
from assessments.models import Answer, Response, RoundStatus
from tests.assessments.factories import answer_all, instrument, level, open_round, person

pytestmark = pytest.mark.django_db

SUBMISSIONS = 8


def _in_storage_order(table, round_id):
    """Row ids in the order the database holds them (SQLite rowid, PostgreSQL ctid)."""
    physical = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE round_id = %s ORDER BY {physical}", [round_id]
        )
        return [str(row[0]).replace("-", "") for row in cursor.fetchall()]


@pytest.fixture
def submitted_round(world):
    version = instrument(items=2)
    people = [person(world.agency, f"resp{n}", f"Respondent Number{n}")[0] for n in range(8)]
    round_ = open_round(world.agency, version, groups=["peer"])
    invitations = {inv.staff.user_id: inv for inv in round_.invitations.select_related("staff")}
    ids_before = []
    for n, user in enumerate(people[:SUBMISSIONS]):
        response = answer_all(invitations[user.pk], level(version, "partly"), comment=f"mark-{n}")
        ids_before.append(str(response.pk).replace("-", ""))
    return round_, ids_before


def _marks(round_id, response_ids):
    comment_of = {
        str(response_id).replace("-", ""): comment
        for response_id, comment in Answer.objects.filter(response__round_id=round_id).values_list(
            "response_id", "comment"
        )
    }
    return [comment_of[response_id] for response_id in response_ids]


def test_a_closed_round_stores_responses_in_no_order_anyone_submitted_in(submitted_round):
    round_, ids_before = submitted_round
    services.close_round(round_)
    stored = _in_storage_order("assessments_response", round_.pk)
    marks = _marks(round_.pk, stored)
    assert sorted(marks) == [f"mark-{n}" for n in range(SUBMISSIONS)]  # nothing lost
    assert marks != [f"mark-{n}" for n in range(SUBMISSIONS)]
    assert not set(stored) & set(ids_before)  # new ids: the old ones were in the access log
    assert not Response.objects.filter(round=round_).exclude(owner_digest=None).exists()


def test_the_admin_can_neither_delete_nor_change_a_closed_rounds_responses(
    submitted_round, world, login
):
    round_, _ids = submitted_round
    services.close_round(round_)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    client = login(world.admin)
    response = Response.objects.filter(round=round_).first()
    assert (
        client.get(reverse("admin:assessments_response_delete", args=[response.pk])).status_code
        == 403
    )
    change = client.post(reverse("admin:assessments_response_change", args=[response.pk]), {})
    assert change.status_code == 403 or "Save" not in change.content.decode()
    changelist = client.get(reverse("admin:assessments_response_changelist")).content.decode()
    assert "delete_selected" not in changelist
    assert (
        client.get(
            reverse("admin:assessments_assessmentround_delete", args=[round_.pk])
        ).status_code
        == 403
    )
    assert Response.objects.filter(round=round_).count() == SUBMISSIONS


def test_an_admin_setting_a_password_is_recorded_and_the_person_told(world, login):
    client = login(world.admin)
    url = reverse("admin:auth_user_password_change", args=[world.peer_a.pk])
    response = client.post(
        url, {"password1": "tide-lantern-harbor-19", "password2": "tide-lantern-harbor-19"}
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(world.peer_a.pk), action_flag=CHANGE)
    assert entry.user == world.admin and "password" in entry.get_change_message().lower()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.peer_a.email or world.peer_a_staff.email]
    assert "An administrator" in message.body and "tide-lantern" not in message.body
