"""Rounds, invitations, responding, closing, worksheets (services and pages)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import (
    Action,
    ActionStatus,
    Answer,
    AssessmentRound,
    Invitation,
    RespondentGroup,
    Response,
    RoundStatus,
)
from peerwork.models import Role
from tests.assessments.factories import answer_all, instrument, level, open_round, person
from tests.factories import ProgramFactory


@pytest.fixture
def version(db):
    return instrument(items=3)


def _groups(round_):
    return dict(round_.invitations.values_list("staff__user__username", "group"))


def test_each_invitee_gets_the_group_of_their_record_and_roles(world, version):
    person(world.agency, "nina", "Nina Nonpeer", peer=False)
    round_ = open_round(world.agency, version)
    assert _groups(round_) == {
        "hr": RespondentGroup.LEADERSHIP,
        "sup_a": RespondentGroup.LEADERSHIP,  # supervises, reports to nobody
        "sup_b": RespondentGroup.LEADERSHIP,
        "sup_a2": RespondentGroup.SUPERVISORS,
        "peer_a": RespondentGroup.PEER,
        "peer_b": RespondentGroup.PEER,
        "nina": RespondentGroup.NON_PEER,
    }
    # The admin has no staff record; another agency's people are never invited.
    assert round_.invitations.filter(staff__agency=world.other_agency).count() == 0
    assert all(len(secret) >= 40 for secret in round_.invitations.values_list("secret", flat=True))


def test_a_group_stays_as_it_was_at_invitation_time(world, version):
    round_ = open_round(world.agency, version, groups=[RespondentGroup.PEER])
    world.peer_a.role_assignments.create(role=Role.SUPERVISOR)
    invitation = round_.invitations.get(staff=world.peer_a_staff)
    assert invitation.group == RespondentGroup.PEER


def test_inviting_more_groups_adds_only_who_is_missing(world, version):
    round_ = open_round(world.agency, version, groups=[RespondentGroup.PEER])
    assert set(_groups(round_)) == {"peer_a", "peer_b"}
    assert services.invite(round_, [RespondentGroup.PEER, RespondentGroup.SUPERVISORS]) == 1
    assert set(_groups(round_)) == {"peer_a", "peer_b", "sup_a2"}


def test_a_program_round_invites_that_program_only(world, version):
    round_ = open_round(world.agency, version, program=world.program2)
    assert set(_groups(round_)) == {"sup_b", "peer_b"}


def test_hr_opens_a_round_through_the_form(world, version, login):
    client = login(world.hr)
    closes = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("assessments:round_create"),
        {
            "agency": world.agency.pk,
            "framework_version": version.pk,
            "title": "Spring check-in",
            "closes_on": closes.isoformat(),
            "groups": [RespondentGroup.PEER, RespondentGroup.LEADERSHIP],
        },
    )
    round_ = AssessmentRound.objects.get(title="Spring check-in")
    assert response.status_code == 302
    assert response["Location"] == round_.get_absolute_url()
    assert round_.opened_by == world.hr and round_.status == RoundStatus.OPEN
    assert round_.invitations.count() == 5


@pytest.mark.parametrize(
    "change, message",
    [
        ({"closes_on": "2001-01-01"}, "Enter a date between"),
        ({"closes_on": "not a date"}, "Enter a date as year-month-day"),
        ({"groups": ["everyone"]}, "Select a valid choice"),
        ({"framework_version": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_round_input_gets_a_clear_message(world, version, login, change, message):
    client = login(world.hr)
    data = {
        "agency": world.agency.pk,
        "framework_version": version.pk,
        "title": "Spring",
        "closes_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "groups": [RespondentGroup.PEER],
        **change,
    }
    response = client.post(reverse("assessments:round_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AssessmentRound.objects.exists()


def test_hr_cannot_open_a_round_for_another_agency_or_its_program(world, version, login):
    client = login(world.hr)
    data = {
        "framework_version": version.pk,
        "title": "Sneaky",
        "closes_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "groups": [RespondentGroup.PEER],
    }
    client.post(reverse("assessments:round_create"), {**data, "agency": world.other_agency.pk})
    other_program = ProgramFactory(agency=world.other_agency, name="Theirs")
    client.post(
        reverse("assessments:round_create"),
        {**data, "agency": world.agency.pk, "program": other_program.pk},
    )
    assert not AssessmentRound.objects.exists()


def test_individual_frameworks_are_not_offered(world, version, login):
    from competencies.models import FrameworkSubject

    other = instrument(items=1)
    other.framework.subject = FrameworkSubject.INDIVIDUAL
    other.framework.save(update_fields=["subject"])
    page = login(world.hr).get(reverse("assessments:round_create")).content.decode()
    assert version.framework.name in page
    assert other.framework.name not in page


def _respond_url(invitation):
    return reverse("assessments:respond", args=[invitation.pk])


def test_respond_page_shows_the_scale_the_prompts_and_the_promise(world, version, login):
    round_ = open_round(world.agency, version)
    invitation = round_.invitations.get(staff=world.peer_a_staff)
    page = login(world.peer_a).get(_respond_url(invitation)).content.decode()
    assert "Your answers are anonymous." in page
    assert "Try this question 2b?" in page
    for label in ["Not yet", "Beginning", "Partly in place", "Fully in place", "Don&#x27;t know"]:
        assert label in page
    assert "Save draft" in page and "Submit my answers" in page


def test_draft_saves_incomplete_submit_needs_every_item(world, version, login):
    round_ = open_round(world.agency, version)
    invitation = round_.invitations.get(staff=world.peer_a_staff)
    items = list(version.categories.get().competencies.all())
    partly = level(version, "partly")
    client = login(world.peer_a)
    draft = {"revision": "", f"level_{items[0].pk}": partly.pk, f"comment_{items[0].pk}": "Mine"}
    response = client.post(_respond_url(invitation), {**draft, "draft": "1"}, follow=True)
    assert "Draft saved." in response.content.decode()
    saved = services.find_response(invitation)
    assert not saved.submitted and saved.answers.count() == 3
    assert saved.answers.get(competency=items[0]).comment == "Mine"

    # Submitting with two items unanswered: told which, and nothing entered is lost.
    response = client.post(
        _respond_url(invitation), {**draft, "revision": saved.revision, "submit": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Choose an answer for this item before you submit.") == 2
    assert "Mine</textarea>" in page
    assert not services.find_response(invitation).submitted

    full = {
        **draft,
        "revision": saved.revision,
        f"level_{items[1].pk}": level(version, "fully").pk,
        f"level_{items[2].pk}": level(version, "dont-know").pk,
        "submit": "1",
    }
    client.post(_respond_url(invitation), full)
    invitation.refresh_from_db()
    response = services.find_response(invitation)
    assert invitation.submitted and response.submitted
    assert Response.objects.filter(round=round_).count() == 1

    # Still changeable until the round closes.
    full["revision"] = response.revision
    full[f"level_{items[1].pk}"] = level(version, "beginning").pk
    client.post(_respond_url(invitation), full)
    assert services.find_response(invitation).answers.get(competency=items[1]).level.code == (
        "beginning"
    )


def test_a_stale_form_is_a_conflict_not_an_overwrite(world, version):
    round_ = open_round(world.agency, version)
    invitation = round_.invitations.get(staff=world.peer_a_staff)
    item = version.categories.get().competencies.first()
    services.save_response(invitation, {item.pk: (None, "first")}, submit=False, revision=None)
    services.save_response(invitation, {item.pk: (None, "second")}, submit=False, revision=0)
    with pytest.raises(services.Conflict):
        services.save_response(invitation, {item.pk: (None, "stale")}, submit=False, revision=0)
    assert services.find_response(invitation).answers.get().comment == "second"


def test_conflict_in_the_browser_keeps_what_was_typed(world, version, login):
    round_ = open_round(world.agency, version)
    invitation = round_.invitations.get(staff=world.peer_a_staff)
    item = version.categories.get().competencies.first()
    services.save_response(invitation, {item.pk: (None, "other tab")}, submit=False, revision=None)
    response = login(world.peer_a).post(
        _respond_url(invitation),
        {"revision": "", f"comment_{item.pk}": "typed here", "draft": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "saved this in another window" in page and "typed here" in page


def test_bad_answer_values_are_a_message_not_a_500(world, version, login):
    round_ = open_round(world.agency, version)
    invitation = round_.invitations.get(staff=world.peer_a_staff)
    item = version.categories.get().competencies.first()
    foreign_level = instrument(items=1).rating_scale.levels.first()
    client = login(world.peer_a)
    for value in ["abc", "999999", str(foreign_level.pk)]:
        response = client.post(
            _respond_url(invitation), {"revision": "", f"level_{item.pk}": value, "draft": "1"}
        )
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not Response.objects.exists()


def test_closing_drops_drafts_and_cuts_every_link(world, version, login):
    round_ = open_round(world.agency, version)
    submitted = round_.invitations.get(staff=world.peer_a_staff)
    drafted = round_.invitations.get(staff=world.peer_b_staff)
    answer_all(submitted, level(version, "partly"))
    answer_all(drafted, level(version, "fully"), submit=False)
    assert Response.objects.filter(round=round_).count() == 2

    response = login(world.hr).post(reverse("assessments:round_close", args=[round_.pk]))
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED and round_.closed_on == timezone.localdate()
    remaining = Response.objects.get(round=round_)
    assert remaining.submitted and remaining.owner_digest is None
    assert set(round_.invitations.values_list("secret", flat=True)) == {""}
    submitted.refresh_from_db()
    assert services.find_response(submitted) is None

    # The invitee can no longer change anything, and is told so.
    client = login(world.peer_a)
    item = version.categories.get().competencies.first()
    response = client.post(
        _respond_url(submitted),
        {"revision": "", f"level_{item.pk}": level(version, "not-yet").pk, "submit": "1"},
        follow=True,
    )
    assert "This round has closed" in response.content.decode()
    assert not Answer.objects.filter(level__code="not-yet").exists()
    with pytest.raises(services.RoundClosed):
        services.close_round(round_)


def test_invite_and_respond_refused_once_closed(world, version, login):
    round_ = services.close_round(open_round(world.agency, version, groups=["peer"]))
    response = login(world.hr).post(
        reverse("assessments:round_invite", args=[round_.pk]),
        {"groups": [RespondentGroup.SUPERVISORS]},
        follow=True,
    )
    assert "This round is closed" in response.content.decode()
    assert round_.invitations.count() == 2


def _closed_round_with_answers(world, version):
    round_ = open_round(world.agency, version)
    for username in ["peer_a", "peer_b", "sup_a", "sup_b", "hr"]:
        invitation = round_.invitations.get(staff__user__username=username)
        answer_all(invitation, level(version, "beginning"), comment=f"Note {username}")
    return services.close_round(round_)


def test_worksheet_saves_rows_with_owner_due_date_status(world, version, login):
    round_ = _closed_round_with_answers(world, version)
    item = version.categories.get().competencies.first()
    url = reverse("assessments:worksheet", args=[round_.pk, item.pk])
    client = login(world.hr)
    page = client.get(url).content.decode()
    for area in ["Environment", "People", "Policies", "Processes &amp; Procedures"]:
        assert area in page
    due = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        url,
        {
            "revision": 0,
            "current_situation": "Mentoring happens by chance.",
            "0-causes": "No mentor list",
            "0-proposed_action": "Pair every new peer with a mentor.",
            "0-owner": world.sup_a_staff.pk,
            "0-due_on": due.isoformat(),
            "0-status": ActionStatus.DONE,
            "2-proposed_action": "Write a mentoring policy.",
            "2-status": ActionStatus.IN_PROGRESS,
        },
    )
    assert response.status_code == 302
    actions = list(Action.objects.order_by("order"))
    assert [a.area for a in actions] == ["Environment", "Policies"]
    assert actions[0].owner == world.sup_a_staff and actions[0].due_on == due
    detail = client.get(round_.get_absolute_url()).content.decode()
    assert "1 of 2 actions done (50%)" in detail
    assert "Pair every new peer with a mentor." in detail

    # A second save from a stale page is refused with the typed text kept.
    response = client.post(url, {"revision": 0, "1-proposed_action": "Stale idea"})
    assert "saved this in another window" in response.content.decode()
    assert "Stale idea" in response.content.decode()
    assert not Action.objects.filter(proposed_action="Stale idea").exists()


def test_worksheet_needs_an_action_before_an_owner(world, version, login):
    round_ = _closed_round_with_answers(world, version)
    item = version.categories.get().competencies.first()
    response = login(world.hr).post(
        reverse("assessments:worksheet", args=[round_.pk, item.pk]),
        {"revision": 0, "1-owner": world.sup_a_staff.pk, "1-due_on": "2030-01-01"},
    )
    assert response.status_code == 200
    assert "People: say what the action is" in response.content.decode()
    assert not Action.objects.exists()


def test_worksheet_waits_for_the_round_to_close(world, version, login):
    round_ = open_round(world.agency, version)
    item = version.categories.get().competencies.first()
    response = login(world.hr).get(
        reverse("assessments:worksheet", args=[round_.pk, item.pk]), follow=True
    )
    assert "Plan actions once the round is closed" in response.content.decode()


def test_home_panel_for_invitees_and_hr(world, version, login):
    round_ = open_round(world.agency, version, groups=[RespondentGroup.PEER], title="Our view")
    page = login(world.peer_a).get("/").content.decode()
    assert "Your agency asks for your view" in page
    assert _respond_url(round_.invitations.get(staff=world.peer_a_staff)) in page
    page = login(world.sup_a2).get("/").content.decode()
    assert "Your agency asks for your view" not in page
    page = login(world.hr).get("/").content.decode()
    assert "Our view" in page and "0 of 2 answered" in page


def test_round_list_shows_each_user_their_part(world, version, login):
    open_round(world.agency, version, groups=[RespondentGroup.PEER], title="Ours")
    open_round(world.other_agency, version, title="Theirs")
    page = login(world.hr).get(reverse("assessments:round_list")).content.decode()
    assert "Ours" in page and "Theirs" not in page
    page = login(world.peer_a).get(reverse("assessments:round_list")).content.decode()
    assert "Ours" in page and "Open a round" not in page
    page = login(world.outsider).get(reverse("assessments:round_list")).content.decode()
    assert "Theirs" in page and "Ours" not in page


def test_invitation_rows_never_point_at_answers():
    """The model keeps who was asked and what was answered apart (the anonymity design)."""
    from django.db import models as dj

    for model in (Response, Answer):
        for field in model._meta.get_fields():
            assert not isinstance(field, dj.DateField | dj.DateTimeField), field
            related = getattr(field, "related_model", None)
            assert related not in {Invitation, *_people_models()}, field
    assert isinstance(Response._meta.pk, dj.UUIDField)
    assert isinstance(Answer._meta.pk, dj.UUIDField)


def _people_models():
    from peerwork.models import StaffMember, User

    return {StaffMember, User}


def test_round_page_says_when_the_closing_date_has_passed(world, version, login):
    round_ = open_round(world.agency, version)
    client = login(world.hr)
    hint = "The closing date has passed"
    assert hint not in client.get(round_.get_absolute_url()).content.decode()
    AssessmentRound.objects.filter(pk=round_.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert hint in client.get(round_.get_absolute_url()).content.decode()


def test_home_panel_queries_do_not_grow_with_rounds(world, version, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    open_round(world.agency, version, title="First")
    for user in (world.hr, world.peer_a):
        client = login(user)
        client.get("/")
        with CaptureQueriesContext(connection) as one:
            client.get("/")
        for n in range(8):
            open_round(world.agency, version, title=f"More {n}")
        with CaptureQueriesContext(connection) as many:
            page = client.get("/").content.decode()
        assert len(many.captured_queries) == len(one.captured_queries)
        assert "More 7" in page
        AssessmentRound.objects.filter(title__startswith="More").delete()
