"""The core signature mechanism (peerwork/signatures.py): names, passwords, digests, storage."""

import pytest
from django.contrib.contenttypes.models import ContentType

from peerwork import signatures
from tests.factories import PASSWORD


@pytest.mark.parametrize(
    ("typed", "record"),
    [
        ("aiden azoulay", "Aiden Azoulay"),
        ("  AIDEN   Azoulay ", "Aiden Azoulay"),
        ("Jose de la Cruz", "José de la Cruz"),
        ("JOSÉ DE LA CRUZ", "Jose de la Cruz"),
        ("Zoë Ångström", "zoe angstrom"),
    ],
)
def test_names_match_case_accents_and_spaces_aside(typed, record):
    assert signatures.normalize_name(typed) == signatures.normalize_name(record)


@pytest.mark.parametrize(
    ("typed", "record"),
    [("Bob", "Aiden Azoulay"), ("Aiden", "Aiden Azoulay"), ("Aiden Azoulayy", "Aiden Azoulay")],
)
def test_other_names_do_not_match(typed, record):
    assert signatures.normalize_name(typed) != signatures.normalize_name(record)


def _form(user, name, password):
    return signatures.SignatureForm({"sign_name": name, "sign_password": password}, signer=user)


def test_signing_with_another_name_is_refused(world):
    form = _form(world.sup_a2, "Bob", PASSWORD)
    assert not form.is_valid()
    assert "does not match the name on your record (“Aiden Azoulay”)" in form.errors["sign_name"][0]
    assert "sign_password" not in form.errors


def test_signing_with_a_wrong_password_is_refused(world):
    form = _form(world.sup_a2, "Aiden Azoulay", "not-the-password")
    assert not form.is_valid()
    assert form.errors["sign_password"] == [
        "That is not your password. Signing needs the password you log in with."
    ]
    # Someone else's password is just as wrong.
    world.peer_a.set_password("another-pass-5678")
    world.peer_a.save(update_fields=["password"])
    assert not _form(world.sup_a2, "Aiden Azoulay", "another-pass-5678").is_valid()


def test_the_right_name_and_password_sign(world):
    form = _form(world.sup_a2, "  aiden   AZOULAY ", PASSWORD)
    assert form.is_valid(), form.errors
    signing = form.signing(signatures.Meaning.AUTHOR)
    assert signing.signer == world.sup_a2
    assert signing.typed_name == "aiden AZOULAY"
    assert signing.name_on_record == "Aiden Azoulay"


def test_an_account_without_a_name_on_record_cannot_sign(world):
    form = _form(world.admin, "Anyone", PASSWORD)
    assert not form.is_valid()
    assert "no name on record" in form.errors["sign_name"][0]


def test_the_password_is_never_rendered_back(world):
    form = _form(world.sup_a2, "Bob", PASSWORD)
    form.is_valid()
    assert PASSWORD not in str(form["sign_password"])


def test_sign_stores_the_snapshot_its_digest_and_the_private_file(world, settings):
    snapshot = {"text": "Zoë signs", "items": [3, 1, 2], "when": "2026-07-01"}
    rendered = []

    def render(frozen, digest):
        rendered.append((frozen, digest))
        return f"%PDF-1.7 {digest}".encode()

    signing = _form(world.sup_a2, "Aiden Azoulay", PASSWORD)
    assert signing.is_valid()
    signature = signatures.sign(
        world.peer_a_staff, signing.signing(signatures.Meaning.AUTHOR), snapshot, render
    )
    signature.refresh_from_db()
    assert len(rendered) == 1
    assert signature.snapshot == snapshot
    assert signature.digest == signatures.sha256(signatures.canonical_json(snapshot))
    assert signature.digest == rendered[0][1]
    assert signatures.verify(signature) == (True, True)
    assert signature.target == world.peer_a_staff
    assert signature.content_type == ContentType.objects.get_for_model(world.peer_a_staff)
    path = signature.pdf_file.path
    assert path.startswith(str(settings.MEDIA_ROOT / "private"))
    with pytest.raises(ValueError):
        signature.pdf_file.url  # noqa: B018 (no public URL, ever)
    # A tampered file no longer verifies.
    with open(path, "ab") as handle:
        handle.write(b"x")
    assert signatures.verify(signature) == (True, False)


def test_supersede_starts_a_new_round_and_keeps_the_old(world):
    def render(frozen, digest):
        return digest.encode()

    signing = signatures.Signing(
        signer=world.sup_a2,
        typed_name="Aiden Azoulay",
        name_on_record="Aiden Azoulay",
        meaning=signatures.Meaning.AUTHOR,
        signed_at=signatures.timezone.now(),
    )
    first = signatures.sign(world.peer_a_staff, signing, {"v": 1}, render)
    assert signatures.supersede(world.peer_a_staff, world.hr, "Wrong period.") == 1
    second = signatures.sign(world.peer_a_staff, signing, {"v": 2}, render)
    first.refresh_from_db()
    assert (first.round, second.round) == (1, 2)
    assert not first.is_current and first.superseded_reason == "Wrong period."
    assert first.superseded_by == world.hr
    assert list(signatures.current(world.peer_a_staff)) == [second]
    assert list(signatures.for_object(world.peer_a_staff)) == [first, second]
