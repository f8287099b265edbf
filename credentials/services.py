"""Writes that span several rows, and what other apps read from credentials.

`supervision_requirements` and `supervised_hours_required` are read by supervision/ (its only
way into credentials): both read the person's current credential periods and their rules.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from credentials.models import (
    CECategory,
    CEEntry,
    CESource,
    CEStatus,
    CourseCECategory,
    Credential,
    CredentialPeriod,
    CredentialType,
    PeriodKind,
)
from peerwork.versioning import VersionStatus

# Hours of a course no mapping names count as this category.
DEFAULT_CATEGORY_CODE = "general"


class Conflict(Exception):
    """The record changed since the form was shown; nothing was saved."""


def current_rules(credential_type):
    """The newest published version of a type (the given one if none is newer)."""
    newest = (
        CredentialType.objects.filter(slug=credential_type.slug, status=VersionStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    return newest or credential_type


def _attach(period_or_entry, upload, content_type):
    if upload:
        period_or_entry.certificate = upload
        period_or_entry.certificate_name = upload.name[-200:]
        period_or_entry.certificate_type = content_type


@transaction.atomic
def issue_credential(
    *,
    staff,
    credential_type,
    number,
    state,
    category,
    specializations,
    starts_on,
    ends_on,
    initial,
    certificate=None,
    certificate_type="",
    user=None,
):
    credential = Credential.objects.create(
        staff=staff,
        credential_type=credential_type,
        number=number,
        state=state,
        category=category,
        specializations=specializations,
        issued_on=starts_on,
    )
    period = CredentialPeriod(
        credential=credential,
        sequence=1,
        rules=credential_type,
        kind=PeriodKind.INITIAL if initial else PeriodKind.STANDARD,
        starts_on=starts_on,
        ends_on=ends_on or credential_type.expiry_for(starts_on, initial=initial),
        created_by=user,
    )
    _attach(period, certificate, certificate_type)
    period.save()
    return credential


@transaction.atomic
def renew_credential(
    credential,
    *,
    expected_period_id,
    starts_on,
    ends_on=None,
    certificate=None,
    certificate_type="",
    user=None,
):
    """Start the next period. The current one is closed, never changed otherwise; a second
    submission of the same renewal form is a Conflict, not a second period."""
    current = (
        CredentialPeriod.objects.select_for_update()
        .filter(credential=credential, is_current=True)
        .first()
    )
    if current is None or current.pk != expected_period_id:
        raise Conflict
    rules = current_rules(credential.credential_type)
    current.is_current = False
    current.save(update_fields=["is_current"])
    period = CredentialPeriod(
        credential=credential,
        sequence=current.sequence + 1,
        rules=rules,
        kind=PeriodKind.STANDARD,
        starts_on=starts_on,
        ends_on=ends_on or rules.expiry_for(starts_on),
        created_by=user,
    )
    _attach(period, certificate, certificate_type)
    period.save()
    return period


@transaction.atomic
def update_credential(credential, *, revision, fields, user=None):
    """Save the edited fields if nobody else saved since `revision` was read."""
    changed = Credential.objects.filter(pk=credential.pk, revision=revision).update(
        revision=revision + 1, **fields
    )
    if not changed:
        raise Conflict
    for name, value in fields.items():
        setattr(credential, name, value)
    credential.revision = revision + 1
    return credential


def add_ce_entry(*, staff, user, certificate_type="", **fields):
    certificate = fields.pop("certificate", None)
    entry = CEEntry(staff=staff, source=CESource.ENTERED, entered_by=user, **fields)
    _attach(entry, certificate, certificate_type)
    entry.save()
    return entry


def set_ce_status(entry, status, user):
    """Verify or decline entered hours. Returns False when the entry was already decided
    (someone else did it first): a second click changes nothing."""
    changed = CEEntry.objects.filter(pk=entry.pk, status=CEStatus.PENDING).update(
        status=status, verified_by=user, verified_at=timezone.now()
    )
    return bool(changed)


def category_for_course(course_code):
    mapping = (
        CourseCECategory.objects.select_related("category").filter(course_code=course_code).first()
    )
    if mapping:
        return mapping.category
    # Created here too, so that training credits hours before the shipped rules are loaded.
    category, _created = CECategory.objects.get_or_create(
        code=DEFAULT_CATEGORY_CODE, defaults={"name": "General"}
    )
    return category


def record_attendance(attendance):
    """The CE entry of one attendance: created, updated, or removed when no hours remain.

    Hours from the agency's own training are verified by the attendance the trainer or HR
    took, so they count at once.
    """
    hours = attendance.hours_credited
    if not attendance.is_completion:
        CEEntry.objects.filter(attendance=attendance).delete()
        return None
    session = attendance.session
    course = session.course
    completed_on = timezone.localtime(session.ends_at).date()
    entry, _created = CEEntry.objects.update_or_create(
        attendance=attendance,
        defaults={
            "staff_id": attendance.staff_id,
            "source": CESource.TRAINING,
            "title": course.title,
            "provider": attendance.staff.agency.name,
            "completed_on": completed_on,
            "hours": hours,
            "category": category_for_course(course.code),
            "status": CEStatus.VERIFIED,
        },
    )
    return entry


def _current_periods(staff_ids, today):
    return (
        CredentialPeriod.objects.filter(
            is_current=True, credential__staff_id__in=list(staff_ids), starts_on__lte=today
        )
        .select_related("rules")
        .annotate(staff_pk=F("credential__staff_id"))
        .order_by("credential__staff_id", "pk")
    )


def supervision_requirements(staff_ids, today):
    """{staff_id: {"cadence_days", "reason", "initial"}} for the people whose current
    credential requires supervision at a cadence; the most frequent one wins. People whose
    credentials require none are left out. One query."""
    result = {}
    for period in _current_periods(staff_ids, today):
        rules = period.rules
        initial = period.kind == PeriodKind.INITIAL
        cadence = rules.initial_supervision_cadence_days if initial else None
        cadence = cadence or rules.supervision_cadence_days
        if not cadence:
            continue
        known = result.get(period.staff_pk)
        if known is not None and known["cadence_days"] <= cadence:
            continue
        reason = (
            _("%(type)s, initial certificate: supervision every %(days)s days (%(source)s)")
            if initial
            else _("%(type)s: supervision every %(days)s days (%(source)s)")
        ) % {"type": rules.name, "days": cadence, "source": rules.supervision_source}
        result[period.staff_pk] = {
            "cadence_days": cadence,
            "reason": reason,
            "initial": initial,
        }
    return result


def supervised_hours_required(staff_id, today=None):
    """The supervised work hours a person's current initial certificate needs, or None."""
    today = today or timezone.localdate()
    for period in _current_periods([staff_id], today):
        if period.kind == PeriodKind.INITIAL and period.rules.initial_supervised_hours:
            return period.rules.initial_supervised_hours
    return None
