"""Results: groups withheld below the minimum, distribution and mean, comparison, queries, PDF."""

import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from assessments import services
from assessments.models import Answer, Invitation, RespondentGroup, Response
from assessments.results import build_results, plan_columns
from peerwork.models import Role
from tests.assessments.factories import (
    answer_all,
    instrument,
    level,
    next_version,
    open_round,
    person,
)


def _keys(columns):
    return [(column.key, column.size) for column in columns]


@pytest.mark.parametrize(
    "sizes, columns, left_out",
    [
        # The acceptance case: two peer staff are withheld; with only one group on show,
        # "all respondents" would be that group again, so it is not repeated.
        ({"peer": 2, "non_peer": 3}, [("non_peer", 3)], 2),
        # One small group: "all respondents" leaves it out, or subtraction would reveal it.
        (
            {"peer": 2, "non_peer": 3, "leadership": 4},
            [("leadership", 4), ("non_peer", 3), ("all", 7)],
            2,
        ),
        # Two small groups that together reach the minimum: one combined column.
        (
            {"peer": 2, "supervisors": 2, "non_peer": 5},
            [("non_peer", 5), ("smaller", 4), ("all", 9)],
            0,
        ),
        ({"peer": 5, "non_peer": 4}, [("non_peer", 4), ("peer", 5), ("all", 9)], 0),
        ({"peer": 1, "non_peer": 1}, [], 2),
        ({}, [], 0),
    ],
)
def test_columns_never_reveal_a_small_group(sizes, columns, left_out):
    planned, withheld, left = plan_columns(sizes, 3)
    assert _keys(planned) == columns
    assert left == left_out
    shown = {group for column in planned for group in column.groups}
    for group, size in sizes.items():
        if size < 3 and left_out:
            assert group not in shown
    # No column minus other columns gives a group under the minimum.
    singles = [c for c in planned if c.key not in ("all", "smaller")]
    for column in planned:
        if column.key == "all":
            rest = column.size - sum(c.size for c in planned if c.key != "all")
            assert rest == 0
    assert all(c.size >= 3 for c in planned + singles)
    assert [label for label, _size in withheld] == [
        RespondentGroup(g).label for g in RespondentGroup.values if 0 < sizes.get(g, 0) < 3
    ]


def test_min_group_size_is_a_setting(world, settings, version_with_round):
    version, round_ = version_with_round
    for invitation in round_.invitations.all():
        answer_all(invitation, level(version, "partly"))
    services.close_round(round_)
    assert "Non-peer staff (n=3)" in _results_page(world, round_)
    # At 4 both groups are too small alone, but together they make one column of 5.
    settings.ASSESSMENT_MIN_GROUP_SIZE = 4
    page = _results_page(world, round_)
    assert "Non-peer staff (n=3)" not in page
    assert "Non-peer staff: withheld (fewer than 4 answered)." in page
    assert "Smaller groups combined (n=5)" in page
    settings.ASSESSMENT_MIN_GROUP_SIZE = 6
    page = _results_page(world, round_)
    assert "Smaller groups combined" not in page
    assert "Not enough people answered to show any result" in page


def _respondents(world, version, peers=2, non_peers=3, leaders=0):
    people = []
    for i in range(non_peers):
        people.append(person(world.agency, f"np{i}", f"Nonpeer Person{i}", peer=False))
    for i in range(peers):
        people.append(person(world.agency, f"pp{i}", f"Peerstaff Person{i}"))
    for i in range(leaders):
        people.append(
            person(world.agency, f"ld{i}", f"Leader Person{i}", peer=False, roles=[Role.HR])
        )
    return people


def test_distribution_mean_and_withheld_comments(world, version_with_round):
    version, round_ = version_with_round
    items = list(version.categories.get().competencies.all())
    invitations = {inv.staff.user.username: inv for inv in round_.invitations.all()}
    answer_all(invitations["np0"], level(version, "fully"), comment="zebra crossings help")
    answer_all(invitations["np1"], level(version, "partly"), comment="Apples for all")
    answer_all(invitations["np2"], {items[0]: level(version, "dont-know")})
    answer_all(invitations["pp0"], level(version, "not-yet"), comment="Only peers say this")
    answer_all(invitations["pp1"], level(version, "not-yet"))
    services.close_round(round_)

    results = build_results(round_)
    assert _keys(results.columns) == [("non_peer", 3)]
    assert results.withheld == [("Peer staff", 2)] and results.left_out == 2
    first = results.items[0]
    (cell,) = first.cells
    counts = {lv.code: n for lv, n, _pct in cell.distribution}
    assert counts == {"not-yet": 0, "beginning": 0, "partly": 1, "fully": 1, "dont-know": 1}
    assert cell.mean == 3.5  # "don't know" is not a score
    # Free text: without names, in alphabetical order, never from a withheld group.
    assert [text for _label, text in first.comments] == [
        "Apples for all",
        "zebra crossings help",
    ]
    page = _results_page(world, round_)
    assert "Only peers say this" not in page
    assert "Peer staff: withheld (fewer than 3 answered)." in page
    assert "Non-peer staff" in page and "<svg" in page and "<title" in page


@pytest.fixture
def version_with_round(world):
    version = instrument(items=3)
    _respondents(world, version)
    round_ = open_round(world.agency, version, groups=[RespondentGroup.NON_PEER, "peer"])
    round_.invitations.exclude(staff__user__username__regex=r"^(np|pp)\d").delete()
    return version, round_


def _results_page(world, round_):
    from django.test import Client

    client = Client()
    client.force_login(world.hr)
    response = client.get(reverse("assessments:round_results", args=[round_.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_results_wait_for_the_round_to_close(world, version_with_round):
    _version, round_ = version_with_round
    page = _results_page(world, round_)
    assert "Results are shown once the round is closed" in page


def test_peer_and_non_peer_side_by_side_and_previous_round(world):
    version = instrument(items=2)
    _respondents(world, version, peers=3, non_peers=3)
    groups = [RespondentGroup.NON_PEER, RespondentGroup.PEER]

    def run(v, peer_level, title):
        round_ = open_round(world.agency, v, groups=groups, title=title)
        for invitation in round_.invitations.select_related("round__framework_version"):
            code = peer_level if invitation.group == RespondentGroup.PEER else "fully"
            answer_all(invitation, level(v, code))
        return services.close_round(round_)

    run(version, "not-yet", "Last year")
    # The same framework, a later version: matched item by item.
    current = run(next_version(version, "2020"), "partly", "This year")
    results = build_results(current)
    assert results.side_by_side
    assert [c.key for c in results.columns] == ["non_peer", "peer", "all"]
    peer_cell = results.items[0].cells[1]
    assert (peer_cell.mean, peer_cell.previous_mean, peer_cell.change) == (3.0, 1.0, 2.0)
    page = _results_page(world, current)
    assert "Compared with the previous round: Last year." in page
    assert "▲ +2.0" in page


def _bulk_responses(round_, version, count, group=RespondentGroup.PEER):
    items = list(version.categories.get().competencies.all())
    levels = list(version.rating_scale.levels.all())
    responses, answers = [], []
    for n in range(count):
        response = Response(id=uuid.uuid4(), round=round_, group=group, submitted=True)
        responses.append(response)
        for index, item in enumerate(items):
            answers.append(
                Answer(
                    response=response,
                    competency=item,
                    level=levels[(n + index) % len(levels)],
                    comment=f"Comment {n}" if n % 3 == 0 else "",
                )
            )
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers, batch_size=2000)


@pytest.mark.parametrize("url_name", ["round_results", "round_detail", "round_report"])
def test_results_pages_make_the_same_number_of_queries_for_5_and_500(
    world, login, url_name, django_assert_max_num_queries
):
    version = instrument(items=4)
    previous = services.close_round(open_round(world.agency, version, title="Before"))
    _bulk_responses(previous, version, 5)
    round_ = services.close_round(open_round(world.agency, version, title="Now"))
    services.save_worksheet(
        round_,
        version.categories.get().competencies.first(),
        current_situation="",
        rows=[{"area": "People", "proposed_action": "Act", "status": "planned"}],
        revision=0,
    )
    client = login(world.hr)
    url = reverse(f"assessments:{url_name}", args=[round_.pk])
    _bulk_responses(round_, version, 5)
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _bulk_responses(round_, version, 495)
    _bulk_responses(round_, version, 200, group=RespondentGroup.NON_PEER)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    if url_name == "round_results":
        assert "n=500" in response.content.decode()


def test_pdf_report_is_a_real_pdf_with_results_and_plan(world, login, version_with_round):
    version, round_ = version_with_round
    for invitation in round_.invitations.all():
        answer_all(invitation, level(version, "beginning"), comment="A shared note")
    services.close_round(round_)
    item = version.categories.get().competencies.first()
    services.save_worksheet(
        round_,
        item,
        current_situation="Mentoring happens by chance.",
        rows=[
            {
                "area": "Policies",
                "proposed_action": "Write a mentoring policy.",
                "owner": world.sup_a_staff,
                "status": "in_progress",
            }
        ],
        revision=0,
    )
    response = login(world.hr).get(reverse("assessments:round_report", args=[round_.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "agency self-assessment" in flat.lower()
    assert "Competency statement 1." in flat
    assert "Peer staff: withheld" in flat
    assert "Write a mentoring policy." in flat
    assert "A shared note" in flat
    assert reader.metadata.title.startswith("Agency self-assessment")
    for username in ["np0", "np1", "np2", "pp0", "pp1"]:
        assert username not in flat
    assert "Nonpeer Person" not in flat and "Peerstaff Person" not in flat


def test_demo_round_is_idempotent_and_shows_results(shipped_frameworks):
    from assessments.demo import add_demo_round
    from peerwork import demo

    agency = demo.build_demo_agency()
    add_demo_round(agency)
    counts = (Invitation.objects.count(), Response.objects.count(), Answer.objects.count())
    add_demo_round(agency)
    assert counts == (
        Invitation.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
    )
    closed = agency.assessment_rounds.filter(status="closed").order_by("-opened_at").first()
    results = build_results(closed)
    assert results.previous_round is not None
    keys = [column.key for column in results.columns]
    assert {"peer", "non_peer", "all"} <= set(keys)
    assert ("Supervisors", 1) in results.withheld
    assert closed.worksheets.exists()
    open_round_ = agency.assessment_rounds.get(status="open")
    assert open_round_.invitations.filter(staff__user__username="casey").exists()
