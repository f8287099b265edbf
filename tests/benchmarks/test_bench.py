"""`manage.py bench`, run the way a user runs it, in its smallest mode.

Timings are never asserted (they depend on the machine); the JSON's shape, the query counts
and the promise never to touch the user's database are.
"""

import json
import numbers
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import NoReverseMatch, reverse

from benchmarks.management.commands.bench import Command as BenchCommand
from benchmarks.pages import PAGES, PDF_PAGES
from benchmarks.runner import parse_forms
from peerwork.models import User

ROOT = Path(__file__).resolve().parents[2]
SIZES = [30, 60]
# Pages whose app has not shipped them yet may be reported missing, never the core's.
CORE_PAGES = [
    "login",
    "home_peer",
    "home_supervisor",
    "home_hr",
    "home_admin",
    "staff_list",
    "staff_search",
    "staff_list_supervisor",
    "staff_detail",
]
# Every app's pages are measured: none of them may be missing now that the apps have shipped.
APP_PAGES = [
    "evaluation_form", "cycle_dashboard", "onboarding_dashboard", "onboarding_plan",
    "training_catalog", "training_sessions", "training_mine", "training_staff",
    "credentials_dashboard", "credentials_staff", "supervision_overview", "supervision_person",
    "supervision_session", "supervision_hours", "supervision_roles", "evaluation_pdf",
    "evaluation_signed_pdf",
]  # fmt: skip


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    user_db = None
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        # The user's database: it must still not exist when the benchmark is done.
        user_db = tmp_path_factory.mktemp("user") / "db.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{user_db}"
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--json", "--sizes", "30,60"]
        + ["--repeat", "1", "--warmup", "0", "--pdf-repeat", "1", "--export", "2"]
        + ["--profile", "login"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,  # a bound, not a timing: the machine may be busy
    )
    return result, user_db


def test_bench_prints_one_json_object_with_every_page_at_both_sizes(bench_run):
    result, _ = bench_run
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)  # the whole of stdout is one JSON object
    assert report["sizes"] == SIZES
    assert report["staff"] == {"30": 30, "60": 60}
    assert report["errors"] == {}

    for name in CORE_PAGES + APP_PAGES:
        assert name not in report["missing"], report["missing"]
    for name in PAGES:
        assert (name in report["pages"]) != (name in report["missing"]), name
    for name, by_size in report["pages"].items():
        assert sorted(by_size) == ["30", "60"], name
        for measured in by_size.values():
            for key in ("p50_ms", "p95_ms", "ratio_to_floor"):
                assert isinstance(measured[key], numbers.Real) and measured[key] > 0, (name, key)
            assert measured["p95_ms"] >= measured["p50_ms"]
            assert isinstance(measured["queries"], int)
    for size in ("30", "60"):
        assert report["floor"][size]["p50_ms"] > 0
    assert set(report["evaluation_form"]) >= {"ratio_to_admin"}
    assert set(report["pdf"]) >= {"app_ms", "weasyprint_ms", "overhead_ratio"}
    assert [t["target"] for t in report["targets"]][0].startswith("queries per page")
    # Every HTML page's CPU growth from the smaller size to the larger, with its target.
    html_pages = set(report["pages"]) - PDF_PAGES
    assert html_pages and set(report["cpu_growth"]) == html_pages
    assert all(ratio > 0 for ratio in report["cpu_growth"].values())
    growth = next(t for t in report["targets"] if "CPU at 60 staff at most 1.25x" in t["target"])
    assert growth["met"] in (True, False)
    # A fresh PDF render beside the stored signed copy's download, and the bulk export's rate.
    assert {"evaluation_pdf", "evaluation_signed_pdf"} <= PDF_PAGES
    pdf = report["pdf"]
    assert pdf["signed_copy_ms"] == report["pages"]["evaluation_signed_pdf"]["60"]["p50_ms"]
    assert pdf["fresh_render_ms"] == report["pages"]["evaluation_pdf"]["60"]["p50_ms"]
    assert pdf["signed_copy_speedup"] > 0
    assert "served from its stored copy" in result.stderr
    export = report["bulk_export"]
    assert export["evaluations"] == 2 and export["pdfs_per_second"] > 0
    assert export["cpu_seconds_per_pdf"] > 0
    # The readable table and the progress went to stderr, not into the JSON.
    assert "floor (minimal view)" in result.stderr
    assert "PDFs per second" in result.stderr
    # --profile prints pyinstrument's call tree of the page at each size.
    for size in SIZES:
        assert f"profile of login at {size} staff" in result.stderr


def test_query_counts_do_not_grow_with_the_agency(bench_run):
    result, _ = bench_run
    report = json.loads(result.stdout)
    counts = {
        name: (by_size["30"]["queries"], by_size["60"]["queries"])
        for name, by_size in report["pages"].items()
    }
    grown = {name: pair for name, pair in counts.items() if pair[0] != pair[1]}
    assert grown == {}, report["query_differences"]
    assert report["query_differences"] == {}


def test_bench_never_touches_the_users_database(bench_run):
    result, user_db = bench_run
    assert result.returncode == 0, result.stderr[-3000:]
    if user_db is not None:
        assert not user_db.exists()


def test_the_floor_view_is_not_a_production_url():
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--sizes", "10,20"], "between 25 and"),
        (["--sizes", "100"], "two different staff counts"),
        (["--sizes", "100,100"], "two different staff counts"),
        (["--sizes", "a,b"], "whole number"),
        (["--repeat", "0"], "between 1 and"),
        (["--export", "-1"], "between 0 and"),
        (["--pages", "nope"], "Unknown page"),
        (["--profile", "nope"], "Unknown page"),
    ],
)
def test_bad_arguments_get_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command(BenchCommand(), *args)


def test_forms_are_read_the_way_a_browser_sends_them():
    html = """
    <form method="post" action="/save/">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok">
      <input type="text" name="title" value="A &amp; B">
      <input type="radio" name="r1" value="a"><input type="radio" name="r1" value="b" checked>
      <input type="radio" name="r2" value="x"><input type="radio" name="r2" value="y">
      <input type="checkbox" name="c1" value="on" checked><input type="checkbox" name="c2">
      <input type="text" name="off" value="z" disabled>
      <textarea name="notes">
kept</textarea>
      <select name="s"><option value="1">One</option><option value="2" selected>Two</option>
      </select>
      <button type="submit" name="action" value="submit">Submit</button>
    </form>"""
    (form,) = parse_forms(html)
    assert (form.method, form.action) == ("post", "/save/")
    body = form.data(button=form.buttons[0], fill_radios=lambda name, values: values[-1])
    assert body == {
        "csrfmiddlewaretoken": ["tok"],
        "title": ["A & B"],
        "r1": ["b"],
        "r2": ["y"],
        "c1": ["on"],
        "notes": ["kept"],
        "s": ["2"],
        "action": ["submit"],
    }


def test_a_joined_staff_record_names_a_user_without_a_query(world, django_assert_num_queries):
    # Found by the benchmark: a page naming many users made one query per name.
    users = list(User.objects.select_related("staff_member").order_by("username"))
    with django_assert_num_queries(0):
        names = {user.username: user.display_name() for user in users}
    assert names["peer_a"] == "Amani Achebe"
    assert names["admin"] == "admin"  # no staff record: the login name
    with django_assert_num_queries(2):  # not joined: the user, then their record
        assert User.objects.get(username="peer_b").display_name() == "Bo Baptiste"
