"""Measuring requests: a throwaway database, browser-like clients, timings and query counts."""

import contextlib
import gc
import math
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings


class Unavailable(Exception):
    """A page the benchmark cannot measure here (its app has not shipped it yet)."""


class PageError(Exception):
    """A page that exists but answered with something other than what a user would get."""


@contextlib.contextmanager
def throwaway_database(verbosity=0):
    """A fresh, migrated database beside the user's, destroyed afterwards.

    Made the way Django's test runner makes test databases, so it works on SQLite and
    PostgreSQL alike. SQLite gets a file in a temporary folder (the user's database is a
    file too, so timings stay comparable); PostgreSQL gets a name of its own per process.
    """
    settings_dict = connection.settings_dict
    old_name = settings_dict["NAME"]
    old_test = dict(settings_dict.get("TEST") or {})
    tmpdir = None
    if connection.vendor == "sqlite":
        tmpdir = tempfile.mkdtemp(prefix="peerwork-bench-")
        test_name = os.path.join(tmpdir, "bench.sqlite3")
    else:
        test_name = f"{str(old_name)[:40]}_bench_{os.getpid()}"
    settings_dict["TEST"] = {**old_test, "NAME": test_name}
    created = False
    try:
        connection.creation.create_test_db(
            verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False
        )
        created = True
        yield settings_dict["NAME"]
    finally:
        if created:
            connection.creation.destroy_test_db(old_name, verbosity=verbosity, keepdb=False)
        settings_dict["TEST"] = old_test
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


@contextlib.contextmanager
def bench_settings():
    """Production-like settings for the measured requests (no debug cursor, no real mail),
    and a temporary MEDIA_ROOT: stored files (exports, signed copies) never reach the user's."""
    with tempfile.TemporaryDirectory(prefix="peerwork-bench-media-") as media:
        with override_settings(
            ROOT_URLCONF="benchmarks.urls",
            DEBUG=False,
            ALLOWED_HOSTS=["testserver"],
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            SECURE_SSL_REDIRECT=False,
            MEDIA_ROOT=media,
        ):
            yield


def client_for(user):
    """A browser-like client: CSRF enforced, logged in (or anonymous when user is None)."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


# --- forms, read the way a browser reads them -----------------------------------------------


@dataclass
class HtmlForm:
    action: str
    method: str
    fields: list = field(default_factory=list)  # [(name, value)] a browser would send
    radios: dict = field(default_factory=dict)  # name -> [values] in page order
    checked_radios: set = field(default_factory=set)
    selects: dict = field(default_factory=dict)  # name -> [option values]
    buttons: list = field(default_factory=list)  # [(name, value)] submit buttons
    field_names: list = field(default_factory=list)

    def data(self, button=None, overrides=None, fill_radios=None):
        """The POST body: current values, `fill_radios(name, values)` for unchecked groups."""
        data = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        if fill_radios:
            for name, values in self.radios.items():
                if name not in self.checked_radios:
                    choice = fill_radios(name, values)
                    if choice is not None:
                        data[name] = [choice]
        if button is not None:
            data[button[0]] = [button[1]]
        for name, value in (overrides or {}).items():
            data[name] = value if isinstance(value, list) else [value]
        return data


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = HtmlForm(
                action=attrs.get("action") or "", method=(attrs.get("method") or "get").lower()
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value", "")
            if name not in form.field_names:
                form.field_names.append(name)
            if kind == "radio":
                form.radios.setdefault(name, []).append(value or "on")
                if "checked" in attrs:
                    form.fields.append((name, value or "on"))
                    form.checked_radios.add(name)
            elif kind == "checkbox":
                if "checked" in attrs:
                    form.fields.append((name, value or "on"))
            elif kind in {"submit", "image"}:
                form.buttons.append((name, value))
            elif kind not in {"button", "reset", "file"}:
                form.fields.append((name, value))
        elif tag == "button" and name and (attrs.get("type") or "submit") == "submit":
            form.buttons.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            form.field_names.append(name)
            self._textarea = [name, ""]
        elif tag == "select" and name:
            form.field_names.append(name)
            self._select = {"name": name, "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            self._option = attrs
            value = attrs.get("value")
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["selected"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None and self._option.get("value") is None:
            # <option>text</option> without a value sends its text.
            self._select["options"][-1] = data.strip()
            self._option["value"] = data.strip()

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form.fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            select = self._select
            self._form.selects[select["name"]] = select["options"]
            chosen = select["selected"] or select["options"][:1]
            for value in chosen:
                self._form.fields.append((select["name"], value or ""))
            self._select = None


def parse_forms(html):
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html, predicate):
    """The first form on the page for which predicate(form) is true, else PageError."""
    for form in parse_forms(html):
        if predicate(form):
            return form
    raise PageError("the expected form is not on the page")


# --- one measured request ---------------------------------------------------------------------


@dataclass
class Probe:
    """One request a user makes, measured as the browser would see it.

    `send(client)` makes the request and returns the response; `expect` lists the status
    codes a working page answers with. `rollback` wraps each request in a transaction that
    is rolled back afterwards, so a POST measured many times always starts from the same
    state (the view's own atomic blocks become savepoints).
    """

    name: str
    client: Client
    send: object
    expect: tuple = (200,)
    rollback: bool = False
    content_type: str = "text/html"
    # fn(response) -> None, raising PageError when the request did not do its job (a POST
    # that redirected without saving); run after the clock stops, before any rollback.
    verify: object = None

    def once(self):
        """(wall ms, response, SQL statements, CPU ms of this thread) of one request.

        The CPU time leaves out time spent waiting for the processor (a busy machine) and,
        on PostgreSQL, the database server's own work; the wall time is what users wait.
        """
        statements = []

        def record(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        # A bare wrapper costs one call per query: counting never skews the clock.
        with connection.execute_wrapper(record):
            elapsed, cpu, response = self._timed()
        return elapsed, response, statements, cpu

    def _timed(self):
        if self.rollback:
            with transaction.atomic():
                start, cpu_start = time.perf_counter(), time.thread_time()
                response = self.send(self.client)
                elapsed, cpu = time.perf_counter() - start, time.thread_time() - cpu_start
                self._verify(response)
                transaction.set_rollback(True)
        else:
            start, cpu_start = time.perf_counter(), time.thread_time()
            response = self.send(self.client)
            if response.streaming:  # a file download is done when its last byte is read
                b"".join(response.streaming_content)
            elapsed, cpu = time.perf_counter() - start, time.thread_time() - cpu_start
            self._verify(response)
        return elapsed * 1000, cpu * 1000, response

    def _verify(self, response):
        if response.status_code not in self.expect:
            raise PageError(
                f"{self.name}: HTTP {response.status_code}, expected "
                f"{' or '.join(map(str, self.expect))}"
            )
        if self.content_type and self.content_type not in response.get("Content-Type", ""):
            raise PageError(f"{self.name}: answered {response.get('Content-Type')}")
        if self.verify is not None:
            self.verify(response)


def percentile(samples, fraction):
    """Nearest-rank percentile: a value that was really measured."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _repeats(first_ms, repeat, budget_s):
    """Fewer runs for slow pages: `repeat`, cut to fit `budget_s`, never under 3 (or repeat)."""
    if not budget_s or first_ms <= 0:
        return repeat
    return max(min(repeat, 3), min(repeat, int(budget_s * 1000 / first_ms)))


def _warm(run, warmup, budget_s):
    """Unmeasured runs (caches, connections, lazy imports); a slow page warms up once."""
    last_ms = 0
    spent = 0
    for _ in range(warmup):
        last_ms = run()
        spent += last_ms
        if budget_s and spent > budget_s * 500:
            break
    return last_ms


def summary(samples):
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
    }


def measure(probe, warmup, repeat, budget_s=None, floor=None, floor_samples=None):
    """p50/p95 in ms after `warmup` unmeasured requests, and the queries of the last one.

    With `budget_s`, a page slower than budget/repeat gets fewer runs (at least 3). With
    `floor`, one floor request precedes each measured one and lands in `floor_samples`: the
    floor is then measured under the same load as the pages it is compared with.
    """
    first_ms = _warm(lambda: probe.once()[0], warmup, budget_s)
    gc.collect()
    samples, cpu_samples = [], []
    for _ in range(_repeats(first_ms, repeat, budget_s)):
        if floor is not None:
            floor_samples.append(floor.once()[0])
        elapsed, _response, sql, cpu = probe.once()
        samples.append(elapsed)
        cpu_samples.append(cpu)
    return {
        **summary(samples),
        "cpu_p50_ms": round(statistics.median(cpu_samples), 2),
        "queries": len(sql),
        "_sql": sql,
        "_samples": samples,
    }


def measure_callable(function, warmup, repeat, budget_s=None):
    """p50/p95 in ms of a plain callable (WeasyPrint alone)."""

    cpu_samples = []

    def run():
        start, cpu_start = time.perf_counter(), time.thread_time()
        function()
        cpu_samples.append((time.thread_time() - cpu_start) * 1000)
        return (time.perf_counter() - start) * 1000

    first_ms = _warm(run, warmup, budget_s)
    gc.collect()
    cpu_samples.clear()
    samples = [run() for _ in range(_repeats(first_ms, repeat, budget_s))]
    return {**summary(samples), "cpu_p50_ms": round(statistics.median(cpu_samples), 2)}
