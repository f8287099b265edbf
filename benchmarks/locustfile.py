"""The people of `make loadtest` (run by `manage.py loadtest`, never on its own).

Each simulated person logs in as one login of the plan (LOADTEST_PLAN, JSON written by
`benchmarks.loadtest.visit_plan`), then opens that person's pages by weight, pausing to read
between pages. Requests carry `X-Forwarded-Proto: https`, as the HTTPS proxy in front of
production does, so the production settings (secure cookies, CSRF origin checks) hold.
"""

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"], encoding="utf-8").read())
_people = itertools.cycle(PLAN["people"])
_lock = threading.Lock()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(HttpUser):
    # People read a page before opening the next one.
    wait_time = between(3, 10)

    def on_start(self):
        with _lock:
            self.person = next(_people)
        origin = self.host.replace("http://", "https://")
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": origin})
        page = self.client.get("/accounts/login/", name="login")
        self._keep_cookies()
        token = CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.person["username"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": origin + "/accounts/login/"},
            name="login (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused for {self.person['username']}")
        self._keep_cookies()
        self.names, self.paths, self.weights = zip(*self.person["visits"], strict=True)

    def _keep_cookies(self):
        # Production's cookies are Secure; the proxy's HTTPS ends before gunicorn, so the
        # client would never send them back over the loopback.
        for cookie in self.client.cookies:
            cookie.secure = False

    @task
    def open_a_page(self):
        index = random.choices(range(len(self.paths)), weights=self.weights)[0]
        with self.client.get(
            self.paths[index], name=self.names[index], allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
