"""Bad uploads: every hostile fixture file gets a message on the upload page, never a 500,
and nothing is saved (on SQLite and PostgreSQL alike)."""

import json

import pytest

from competencies.models import Framework, FrameworkVersion, RatingLevel
from tests.competencies.factories import small_document
from tests.competencies.test_admin import admin_client, upload  # noqa: F401

pytestmark = pytest.mark.django_db


def _with_score(score_text):
    """The small document with the first level's score written as raw JSON text."""
    text = json.dumps(small_document())
    return text.replace('"score": 1', f'"score": {score_text}', 1).encode()


def _hostile():
    nul_statement = small_document()
    nul_statement["version"]["categories"][0]["competencies"][0]["statement"] = "Lis\x00tens."
    nul_key = small_document()
    nul_key["framework"]["\x00extra"] = "x"
    return [
        (
            "deeply nested JSON",
            b"[" * 100_000 + b"]" * 100_000,
            "nests lists or objects too deeply",
        ),
        (
            "nested less deeply, still too deep",
            ("[" * 200 + "]" * 200).encode(),
            "nested more deeply than a PeerWork document is",
        ),
        (
            "a 5,000-digit number",
            _with_score("9" * 5000),
            "a number with thousands of digits, too long to read",
        ),
        (
            "a number beyond the database's range",
            _with_score(str(2**40)),
            "the number is outside what can be stored (-2147483648 to 2147483647)",
        ),
        (
            "a negative number beyond the range",
            _with_score(str(-(2**31) - 1)),
            "the number is outside what can be stored",
        ),
        ("NaN", _with_score("NaN"), "NaN, which is not a number a document can hold"),
        ("Infinity", _with_score("Infinity"), "Infinity, which is not a number"),
        (
            "a NUL character in a text",
            json.dumps(nul_statement).encode(),
            "the text contains a NUL character",
        ),
        (
            "a NUL character in a name",
            json.dumps(nul_key).encode(),
            "a name contains a NUL character",
        ),
    ]


def test_the_score_placeholder_is_where_the_tests_put_numbers():
    assert b'"score": 1' in json.dumps(small_document()).encode()


@pytest.mark.parametrize(
    "content, message", [(c, m) for _, c, m in _hostile()], ids=[n for n, _, _ in _hostile()]
)
def test_a_hostile_upload_gets_a_message_and_saves_nothing(admin_client, content, message):  # noqa: F811
    response = upload(admin_client, content)
    assert response.status_code == 400  # the upload page again, with the problems listed
    html = response.content.decode()
    assert message in html, html[html.find("<main") :][:3000]
    assert not Framework.objects.exists()
    assert not FrameworkVersion.objects.exists()
    assert not RatingLevel.objects.exists()


def test_the_biggest_storable_number_still_loads(admin_client):  # noqa: F811
    response = upload(admin_client, _with_score(str(2**31 - 1)))
    assert "Loaded form.json" in response.content.decode()
    assert RatingLevel.objects.filter(score=2**31 - 1).exists()
