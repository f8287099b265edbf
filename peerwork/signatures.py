"""Signatures and signed copies: the one way anything in PeerWork is signed.

A signature is the logged-in account re-entering its password and typing a name that matches
its name on record (case, accents and spaces aside). At that moment the signed content is
frozen: a JSON snapshot, its SHA-256 digest (over the canonical JSON), and a PDF rendered once
from the snapshot and stored in private storage (``MEDIA_ROOT/private/``, no URL: it is
served only through an access-checked view of the app). One ``Signature`` row holds all of
it, linked to the signed object through a generic relation.

How an app signs something
--------------------------

1. The form: subclass ``SignatureForm`` (or put one beside your own form, with a prefix)
   and pass ``signer=request.user``. It adds "type your full name" and "your password",
   and ``is_valid()`` refuses another name or a wrong password with a clear message. A
   failing signature form loses nothing: re-render both forms with the posted data (the
   password is never rendered back)::

       class AcknowledgeNoteForm(signatures.SignatureForm):
           comments = forms.CharField(label=_("Your comments"), required=False)

       form = AcknowledgeNoteForm(request.POST or None, signer=request.user)

2. The snapshot: a dict of everything the signed document shows, in plain JSON types
   (strings, numbers, lists, dicts; dates as ISO strings): the text of the questions as well
   as the answers, so that the copy reads the same after the form changes. Build it from
   the saved content *and* the signature being made (``form.signing(meaning)`` gives the
   typed name and time to put in it).

3. Sign: ``signatures.sign(target, signing, snapshot, render)`` where ``render(snapshot,
   digest)`` returns the PDF bytes (through ``peerwork/pdf.py``), rendered from the snapshot
   only, never from the database. Rendering is slow, so ``sign`` renders first and then
   writes the row; call it inside the transaction that changes your object's state (after
   the conditional UPDATE that proves the content is still what you snapshotted), or use
   ``prepare(...)`` before the transaction and ``record(...)`` inside it::

       signing = form.signing(signatures.Meaning.AUTHOR)
       prepared = signatures.prepare(snapshot, render_note_pdf, signing)   # renders the PDF
       with transaction.atomic():
           ...conditional UPDATE of your object...
           signature = signatures.record(note, prepared)                   # stores file + row
       # if the UPDATE failed, drop `prepared`: nothing was stored yet

   A supervision session: ``Meaning.AUTHOR`` by the supervisor, ``Meaning.ACKNOWLEDGEMENT``
   by each supervisee; a work plan: ``Meaning.AGREEMENT`` by each person.

4. Read: ``signatures.for_object(target)`` lists every signature, oldest first;
   ``current(target)`` those of the current round. Reopening something signed:
   ``signatures.supersede(target, user, reason)`` marks the current signatures as
   superseded (with the reason and time) and the next ones start a new ``round``; earlier
   signed copies stay listed and downloadable. Serve a copy with
   ``signatures.file_response(signature)`` from a view that checked access.
   ``verify(signature)`` recomputes both digests.
"""

import dataclasses
import hashlib
import json
import os
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from peerwork import limits

NAME_MAX_LENGTH = limits.TEXT_LIMITS[limits.NAME]


# --- private storage -------------------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Files under ``MEDIA_ROOT/private/`` that have no URL: an access-checked view serves
    them (``file_response``). MEDIA_URL is never routed, so nothing here is public."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, os.path.join(settings.MEDIA_ROOT, "private"))

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through an access-checked view.")


def private_storage():
    return storages["private"]


# --- names -----------------------------------------------------------------------------------


def normalize_name(name):
    """A name compared case, accents and spacing aside: "  josé   DE la Cruz" == "Jose de la
    cruz". NFKD, combining marks dropped, casefolded, runs of white space collapsed."""
    decomposed = unicodedata.normalize("NFKD", str(name or ""))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def name_on_record(user):
    """The name a signer must type: their staff record's full name, else the account's."""
    staff = getattr(user, "staff_record", None)
    if staff is not None and staff.full_name.strip():
        return staff.full_name.strip()
    return user.get_full_name().strip()


def names_match(typed, user):
    record = name_on_record(user)
    return bool(record) and normalize_name(typed) == normalize_name(record)


# --- the model -------------------------------------------------------------------------------


class Meaning(models.TextChoices):
    AUTHOR = "author", _("Author sign-off")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement (read, not necessarily agreed)")
    AGREEMENT = "agreement", _("Agreement")


class Signature(models.Model):
    """One signature and the signed copy it froze."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    target = GenericForeignKey("content_type", "object_id")
    # Reopening starts a new round; earlier rounds stay, superseded.
    round = models.PositiveIntegerField(_("round"), default=1)
    meaning = models.CharField(_("meaning"), max_length=20, choices=Meaning.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by (account)"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    typed_name = models.CharField(_("typed name"), max_length=NAME_MAX_LENGTH)
    name_on_record = models.CharField(_("name on record"), max_length=NAME_MAX_LENGTH)
    signed_at = models.DateTimeField(_("signed at"))
    snapshot = models.JSONField(_("signed content"))
    digest = models.CharField(_("SHA-256 of the signed content"), max_length=64)
    pdf_file = models.FileField(_("signed copy (PDF)"), storage=private_storage, max_length=300)
    pdf_digest = models.CharField(_("SHA-256 of the PDF file"), max_length=64)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("superseded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    superseded_reason = models.TextField(_("reason it was reopened"), blank=True)

    class Meta:
        app_label = "peerwork"
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "round"], name="signature_target_idx")
        ]
        constraints = [
            # Each signer signs a record once per meaning and round. Not once per meaning: a
            # group supervision session is acknowledged by every supervisee, a work plan is
            # agreed by both people. Which meanings a record takes, and how many times, is
            # its app's rule (evaluations: one author sign-off, one acknowledgement, each
            # held by the status change that records it).
            models.UniqueConstraint(
                fields=["content_type", "object_id", "round", "meaning", "signer"],
                name="one_signature_per_signer_meaning_round",
            ),
            models.CheckConstraint(
                condition=~models.Q(typed_name="")
                & ~models.Q(digest="")
                & ~models.Q(pdf_digest=""),
                name="signature_is_complete",
            ),
        ]

    def __str__(self):
        return f"{self.get_meaning_display()}: {self.typed_name} ({self.signed_at:%Y-%m-%d %H:%M})"

    @property
    def is_current(self):
        return self.superseded_at is None

    @property
    def short_digest(self):
        return self.digest[:16]


# --- digests ---------------------------------------------------------------------------------


def canonical_json(snapshot):
    """The bytes the digest is taken over: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        snapshot, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def digest_of(snapshot):
    return sha256(canonical_json(snapshot))


def verify(signature):
    """(content digest matches, file digest matches) for a stored signature."""
    content_ok = digest_of(signature.snapshot) == signature.digest
    try:
        with signature.pdf_file.open("rb") as handle:
            file_ok = sha256(handle.read()) == signature.pdf_digest
    except (FileNotFoundError, OSError, ValueError):
        file_ok = False
    return content_ok, file_ok


# --- the form --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Signing:
    """Who signs, with which typed name, when, meaning what: ready to be frozen."""

    signer: object
    typed_name: str
    name_on_record: str
    meaning: str
    signed_at: object

    def as_dict(self):
        """How a snapshot records the signature being made."""
        return {
            "typed_name": self.typed_name,
            "signed_at": timezone.localtime(self.signed_at).isoformat(),
            "meaning": str(self.meaning),
            "account": self.signer.get_username(),
        }


class SignatureForm(forms.Form):
    """Type your full name + re-enter your password. Subclass it, or use it beside your form
    with a prefix; pass `signer=request.user`."""

    sign_name = limits.text_field(
        limits.NAME,
        _("Type your full name to sign"),
        required=True,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    sign_password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("The password you log in with: it confirms that you are signing."),
    )

    def __init__(self, *args, signer, **kwargs):
        super().__init__(*args, **kwargs)
        self.signer = signer

    def clean_sign_name(self):
        typed = " ".join(self.cleaned_data["sign_name"].split())
        record = name_on_record(self.signer)
        if not record:
            raise forms.ValidationError(
                _("Your account has no name on record, so it cannot sign. Ask HR to add it.")
            )
        if normalize_name(typed) != normalize_name(record):
            raise forms.ValidationError(
                _(
                    "The name you typed does not match the name on your record (“%(name)s”). "
                    "Type your full name as it is on your record."
                ),
                params={"name": record},
                code="name_mismatch",
            )
        return typed

    def clean_sign_password(self):
        password = self.cleaned_data["sign_password"]
        if not self.signer.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Signing needs the password you log in with."),
                code="wrong_password",
            )
        return password

    def signing(self, meaning):
        """The validated signature (call after is_valid())."""
        return Signing(
            signer=self.signer,
            typed_name=self.cleaned_data["sign_name"],
            name_on_record=name_on_record(self.signer),
            meaning=meaning,
            signed_at=timezone.now(),
        )


# --- signing ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Prepared:
    """A snapshot frozen and its PDF rendered, not stored yet."""

    signing: Signing
    snapshot: dict
    digest: str
    pdf: bytes

    @property
    def pdf_digest(self):
        return sha256(self.pdf)


def prepare(snapshot, render, signing):
    """Freeze `snapshot` (as the JSON it is stored as) and render its PDF once:
    `render(snapshot, digest)` -> bytes."""
    frozen = json.loads(canonical_json(snapshot))
    digest = digest_of(frozen)
    return Prepared(signing=signing, snapshot=frozen, digest=digest, pdf=render(frozen, digest))


def current_round(target):
    """The round new signatures of `target` belong to: one past the last superseded one."""
    content_type = ContentType.objects.get_for_model(target)
    last = (
        Signature.objects.filter(
            content_type=content_type, object_id=target.pk, superseded_at__isnull=False
        )
        .order_by("-round")
        .values_list("round", flat=True)
        .first()
    )
    return (last or 0) + 1


def record(target, prepared, *, filename=""):
    """Store the prepared copy's PDF and the signature row. Call inside your transaction."""
    signing = prepared.signing
    content_type = ContentType.objects.get_for_model(target)
    round_number = current_round(target)
    stem = slugify(filename.removesuffix(".pdf"))[:80] or "signed-copy"
    name = (
        f"signatures/{content_type.app_label}/{content_type.model}/{target.pk}/"
        f"r{round_number}-{signing.meaning}-{prepared.digest[:12]}-{stem}.pdf"
    )
    storage = private_storage()
    # Written before the row: a rolled-back transaction leaves a file no row names, which
    # nothing ever serves; a row never names a missing file.
    stored = storage.save(name, ContentFile(prepared.pdf))
    return Signature.objects.create(
        content_type=content_type,
        object_id=target.pk,
        round=round_number,
        meaning=signing.meaning,
        signer=signing.signer,
        typed_name=signing.typed_name,
        name_on_record=signing.name_on_record,
        signed_at=signing.signed_at,
        snapshot=prepared.snapshot,
        digest=prepared.digest,
        pdf_file=stored,
        pdf_digest=prepared.pdf_digest,
    )


def sign(target, signing, snapshot, render, *, filename=""):
    """`prepare` and `record` at once (see the module docstring)."""
    return record(target, prepare(snapshot, render, signing), filename=filename)


# --- reading ---------------------------------------------------------------------------------


def for_object(target):
    content_type = ContentType.objects.get_for_model(target)
    return Signature.objects.filter(content_type=content_type, object_id=target.pk).select_related(
        "signer", "superseded_by"
    )


def for_objects(model, ids):
    """{object id: [signatures, oldest first]} for many objects in one query."""
    content_type = ContentType.objects.get_for_model(model)
    by_id = {}
    for signature in Signature.objects.filter(
        content_type=content_type, object_id__in=list(ids)
    ).order_by("signed_at", "pk"):
        by_id.setdefault(signature.object_id, []).append(signature)
    return by_id


def current(target):
    return for_object(target).filter(superseded_at__isnull=True)


def supersede(target, user, reason):
    """Reopening: the current signatures become history (with the reason and time)."""
    return current(target).update(
        superseded_at=timezone.now(), superseded_by=user, superseded_reason=reason
    )


def file_response(signature, filename):
    """The stored signed copy as a download. Call only after checking access."""
    try:
        handle = signature.pdf_file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
