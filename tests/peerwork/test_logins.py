"""Logins are protected: throttled per account and per address (django-axes), a clear
lockout message, an unlock for HR (own agency) and admins, a log line without the password,
and password rules (12+ characters, not personal, not common, not the product's name)."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from peerwork import demo
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-at-all"


def _login(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in_until_unlocked(world):
    client = Client()
    statuses = [_login(client, "peer_a", WRONG).status_code for _ in range(30)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form says the password is wrong
    assert set(statuses[limit:]) == {429}
    response = _login(client, "peer_a", PASSWORD)
    assert response.status_code == 429 and not _logged_in(client)
    html = response.content.decode()
    assert "Logging in is paused for this account or this address." in html
    assert "ask HR or an administrator to unlock it" in html
    # From another address the account is still locked: it is throttled per account.
    response = _login(Client(), "peer_a", PASSWORD, address="10.1.1.1")
    assert response.status_code == 429
    # HR of the same agency unlocks it in the app.
    hr = Client()
    hr.force_login(world.hr)
    page = hr.get(reverse("peerwork:login_lockouts")).content.decode()
    assert "peer_a" in page
    hr.post(reverse("peerwork:login_unlock"), {"username": "peer_a"})
    response = _login(client, "peer_a", PASSWORD)
    assert response.status_code == 302 and _logged_in(client)


def test_the_lock_opens_by_itself_after_the_cool_off(world):
    client = Client()
    for _ in range(30):
        _login(client, "peer_b", WRONG)
    assert _login(client, "peer_b", PASSWORD).status_code == 429
    # Nobody has tried for just under the cool-off: still locked.
    almost = settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - almost)
    assert _login(client, "peer_b", PASSWORD).status_code == 429
    # Trying while locked does not extend it; once the whole cool-off has passed it opens.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
    )
    response = _login(client, "peer_b", PASSWORD)
    assert response.status_code == 302 and _logged_in(client)


def test_one_address_trying_many_accounts_is_locked_out_and_others_are_not(world):
    attacker = Client()
    for index in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, f"guess{index}", WRONG, address="203.0.113.9")
    response = _login(attacker, "sup_b", PASSWORD, address="203.0.113.9")
    assert response.status_code == 429
    someone_else = Client()
    assert _login(someone_else, "sup_b", PASSWORD, address="198.51.100.2").status_code == 302
    # Only an admin sees and unlocks addresses.
    hr = Client()
    hr.force_login(world.hr)
    assert "203.0.113.9" not in hr.get(reverse("peerwork:login_lockouts")).content.decode()
    hr.post(reverse("peerwork:login_unlock"), {"address": "203.0.113.9"})
    assert _login(attacker, "sup_b", PASSWORD, address="203.0.113.9").status_code == 429
    admin = Client()
    admin.force_login(world.admin)
    assert "203.0.113.9" in admin.get(reverse("peerwork:login_lockouts")).content.decode()
    admin.post(reverse("peerwork:login_unlock"), {"address": "203.0.113.9"})
    assert _login(attacker, "sup_b", PASSWORD, address="203.0.113.9").status_code == 302


def test_hr_of_another_agency_neither_sees_nor_unlocks(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "peer_a", WRONG)
    outsider = Client()
    outsider.force_login(world.outsider_hr)
    assert "peer_a" not in outsider.get(reverse("peerwork:login_lockouts")).content.decode()
    response = outsider.post(reverse("peerwork:login_unlock"), {"username": "peer_a"}, follow=True)
    assert "Nothing to unlock" in response.content.decode()
    assert _login(client, "peer_a", PASSWORD).status_code == 429


def test_the_log_names_the_account_and_never_the_password(world, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _login(client, "peer_a", WRONG)
    hr = Client()
    hr.force_login(world.hr)
    hr.post(reverse("peerwork:login_unlock"), {"username": "peer_a"})
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "Locking out" in text and "peer_a" in text
    assert "login unlocked for account 'peer_a' by 'hr'" in text
    assert WRONG not in text


@pytest.mark.parametrize(
    "password, code",
    [
        ("short-pw-1!", "password_too_short"),  # 11 characters
        ("peerwork-demo", "password_product_name"),
        ("P33rW0rk-rocks-2026", "password_product_name"),
        ("amani-walks-2026", "password_personal"),  # peer_a is Amani ...
        ("password1234", "password_too_common"),
        ("123456789012", "password_entirely_numeric"),
    ],
)
def test_password_rules_refuse(world, password, code):
    with pytest.raises(ValidationError) as caught:
        validate_password(password, world.peer_a)
    assert code in [error.code for error in caught.value.error_list]


def test_a_good_password_and_the_demo_password_pass(world):
    validate_password("tide-lantern-harbor-19", world.peer_a)
    assert len(demo.DEMO_PASSWORD) >= 12
    for user in (world.peer_a, world.sup_a, world.hr, world.admin):
        validate_password(demo.DEMO_PASSWORD, user)
