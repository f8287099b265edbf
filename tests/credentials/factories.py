"""Credentials test data: the shipped credential rules, credentials issued through the real
service, CE entries and certificate files made here."""

import datetime
import functools
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from credentials import fixtures_io, services
from credentials.models import CECategory, CEEntry, CEStatus, CredentialType
from peerwork.versioning import VersionStatus

CA = "ca-medi-cal-peer-support-specialist"
ICRC = "icrc-peer-recovery"
PA = "pa-certified-peer-specialist"
TX = "tx-peer-specialist"
WI_CPS = "wi-certified-peer-specialist"
WI_CPPS = "wi-certified-parent-peer-specialist"


def load_types():
    """{slug: published CredentialType} of the shipped fixture, loaded into the test DB."""
    if not CredentialType.objects.filter(slug=CA).exists():
        fixtures_io.load_all()
    return {t.slug: t for t in CredentialType.objects.filter(status=VersionStatus.PUBLISHED)}


def category(code):
    return CECategory.objects.get(code=code)


def issue(staff, slug, starts_on, *, ends_on=None, initial=False, number=None, **extra):
    types = load_types()
    credential_type = types[slug]
    return services.issue_credential(
        staff=staff,
        credential_type=credential_type,
        number=number or f"{slug[:2].upper()}-{staff.pk}-{starts_on:%Y%m%d}",
        state=credential_type.state,
        category=extra.get("category", ""),
        specializations=extra.get("specializations", []),
        starts_on=starts_on,
        ends_on=ends_on,
        initial=initial,
        certificate=extra.get("certificate"),
        certificate_type=extra.get("certificate_type", ""),
    )


def ce(staff, day, hours, code="general", status=CEStatus.VERIFIED, **fields):
    return CEEntry.objects.create(
        staff=staff,
        title=fields.pop("title", "Peer practice workshop"),
        provider=fields.pop("provider", "Harbor Training Collaborative"),
        completed_on=day,
        hours=Decimal(str(hours)),
        category=category(code),
        status=status,
        **fields,
    )


@functools.cache
def pdf_bytes():
    """A real (tiny) PDF made by WeasyPrint, once per test process."""
    from weasyprint import HTML

    return HTML(string="<p>Certificate of completion</p>").write_pdf()


def png_bytes(size=(40, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def day(text):
    return datetime.date.fromisoformat(text)
