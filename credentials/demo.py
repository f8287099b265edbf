"""Demo credentials for the synthetic agency: one expiring next month, one expired, one short
of hours for the days left, and some on track. Idempotent."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from credentials import fixtures_io, services
from credentials.models import (
    CECategory,
    CEEntry,
    CEStatus,
    Credential,
    CredentialType,
)
from peerwork.models import StaffMember, User
from peerwork.versioning import VersionStatus

CA = "ca-medi-cal-peer-support-specialist"
ICRC = "icrc-peer-recovery"
TX = "tx-peer-specialist"

# (full name, type slug, number, category, specializations, issued days ago, expires in days
#  (None: from the rules), [(days ago, hours, category code, title, verified?)])
CREDENTIALS = [
    (
        "Casey Morgan",
        CA,
        "CA-PSS-104233",
        "Adult Peer Support Specialists",
        ["Crisis Care"],
        None,
        35,
        [
            (200, "6", "peer-recovery", "Motivational interviewing basics", True),
            (150, "2", "ethics", "Confidentiality in peer work", True),
            (40, "3", "general", "Trauma-informed care refresher", False),
        ],
    ),
    (
        "Dana Whitfield",
        CA,
        "CA-PSS-100871",
        "Adult Peer Support Specialists",
        [],
        None,
        -12,
        [(400, "8", "peer-recovery", "Whole-person wellness planning", True)],
    ),
    (
        "Elias Navarro",
        ICRC,
        "PR-55120",
        "",
        [],
        None,
        120,
        [(300, "4", "peer-recovery", "Recovery coaching in emergency settings", True)],
    ),
    (
        "Jamie Fontaine",
        CA,
        "CA-PSS-109912",
        "Parent Peer Support Specialists",
        ["Parent/Caregiver/Family Member"],
        None,
        400,
        [
            (200, "10", "peer-recovery", "Family partnership practice", True),
            (120, "6", "ethics", "Law and ethics for peer providers", True),
        ],
    ),
    ("Gabriel Santos", TX, "TX-PS-20931", "", [], 40, None, []),
]


def _types():
    types = {t.slug: t for t in CredentialType.objects.filter(status=VersionStatus.PUBLISHED)}
    if CA not in types:
        fixtures_io.load_all()
        types = {t.slug: t for t in CredentialType.objects.filter(status=VersionStatus.PUBLISHED)}
    return types


@transaction.atomic
def add_demo_credentials(agency):
    types = _types()
    today = timezone.localdate()
    staff = {s.full_name: s for s in StaffMember.objects.filter(agency=agency)}
    hr_user = User.objects.filter(username="hr", agency=agency).first()
    categories = {c.code: c for c in CECategory.objects.all()}
    for name, slug, number, category, specializations, issued_ago, expires_in, hours in CREDENTIALS:
        person = staff.get(name)
        credential_type = types.get(slug)
        if person is None or credential_type is None:
            continue
        if Credential.objects.filter(staff=person, credential_type__slug=slug).exists():
            continue
        initial = issued_ago is not None and credential_type.has_initial_certificate
        if expires_in is not None:
            ends_on = today + datetime.timedelta(days=expires_in)
            starts_on = ends_on - datetime.timedelta(days=729)
        else:
            starts_on = today - datetime.timedelta(days=issued_ago)
            ends_on = None
        services.issue_credential(
            staff=person,
            credential_type=credential_type,
            number=number,
            state=credential_type.state,
            category=category,
            specializations=specializations,
            starts_on=starts_on,
            ends_on=ends_on,
            initial=initial,
            user=hr_user,
        )
        CEEntry.objects.bulk_create(
            CEEntry(
                staff=person,
                title=title,
                provider="Bay Area Peer Training Collaborative",
                completed_on=today - datetime.timedelta(days=days_ago),
                hours=Decimal(amount),
                category=categories[code],
                status=CEStatus.VERIFIED if verified else CEStatus.PENDING,
                entered_by=person.user,
                verified_by=hr_user if verified else None,
                verified_at=timezone.now() if verified else None,
            )
            for days_ago, amount, code, title, verified in hours
        )
