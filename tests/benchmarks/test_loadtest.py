"""`make loadtest`'s pieces that run without a server: its arguments and how results read.

The whole load test (gunicorn, PostgreSQL, locust for 3 minutes) is run by `make loadtest`;
its last figures are in README's Performance section.
"""

import pytest
from django.core.management import CommandError, call_command

from benchmarks import loadtest
from benchmarks.management.commands.loadtest import Command as LoadtestCommand

STATS = """Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,\
Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,\
90%,95%,98%,99%,99.9%,99.99%,100%
GET,home,120,0,48,60.2,20,400,9000,0.7,0.0,48,55,60,70,90,130,200,300,400,400,400
GET,evaluation_pdf,6,1,1300,1400,1200,2000,90000,0.03,0.01,1300,1400,1400,1500,2000,2000,2000,\
2000,2000,2000,2000
,Aggregated,126,1,50,120,20,2000,12000,0.73,0.01,50,56,61,72,95,1300,2000,2000,2000,2000,2000
"""


def test_locust_statistics_are_read_per_page(tmp_path):
    path = tmp_path / "locust_stats.csv"
    path.write_text(STATS, encoding="utf-8")
    pages, total = loadtest.read_stats(path)
    assert pages == {
        "home": {"requests": 120, "failures": 0, "p50_ms": 48.0, "p95_ms": 130.0},
        "evaluation_pdf": {"requests": 6, "failures": 1, "p50_ms": 1300.0, "p95_ms": 2000.0},
    }
    assert total == {"requests": 126, "failures": 1, "p50_ms": 50.0, "p95_ms": 1300.0}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--users", "0"], "between 1 and 500"),
        (["--run-time", "5"], "between 10 and 1800"),
        (["--workers", "x"], "whole number"),
    ],
)
def test_bad_arguments_get_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command(LoadtestCommand(), *args)


def test_every_person_has_pages_and_the_mix_adds_up():
    counts = {role: round(50 * share) for role, share in loadtest.MIX.items()}
    assert sum(counts.values()) == 50
    for pages in (loadtest.HR_PAGES, loadtest.SUPERVISOR_PAGES, loadtest.PEER_PAGES):
        assert pages and all(weight > 0 for _name, weight in pages)


def test_every_page_of_the_plan_opens_for_its_person(db, client):
    """What the simulated people open answers 200 to them (a redirect or a 404 would count
    as a failed request in the load test)."""
    from django.core.management import call_command as run

    from benchmarks.data import build_world
    from peerwork.models import User

    run("load_shipped_data", verbosity=0)
    world = build_world(30)
    plan = loadtest.visit_plan(world, users=10)
    roles = {person["role"] for person in plan["people"]}
    assert roles == {"hr", "supervisor", "peer"}
    opened = set()
    for person in plan["people"]:
        client.force_login(User.objects.get(username=person["username"]))
        for name, path, _weight in person["visits"]:
            response = client.get(path, secure=True)
            assert response.status_code == 200, (person["username"], name, path)
            opened.add(name)
    # Every kind of page in the mix was opened by someone.
    listed = {name for pages in (loadtest.HR_PAGES, loadtest.SUPERVISOR_PAGES,
                                 loadtest.PEER_PAGES) for name, _ in pages}  # fmt: skip
    assert listed - opened <= {"evaluation_compare"}, listed - opened
