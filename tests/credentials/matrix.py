"""Who may open each credentials URL. See tests/matrix.py.

peer_a holds a California credential (with its certificate) and entered CE hours waiting for
verification; sup_a2 supervises peer_a, sup_a through sup_a2. peer_b (sup_b's team) and the
other agency's outsider hold credentials of their own.
"""

import datetime

from django.utils import timezone

from credentials.models import CEStatus
from tests.credentials.factories import CA, ICRC, ce, issue, pdf_bytes, upload
from tests.matrix import Case, allowed

VIEWERS_A = ("peer_a", "sup_a", "sup_a2", "hr", "admin")
RECORDERS_A = ("peer_a", "hr", "admin")
VERIFIERS_A = ("sup_a", "sup_a2", "hr", "admin")
DASHBOARD = ("sup_a", "sup_a2", "sup_b", "hr", "admin")
WITH_STAFF_RECORD = ("peer_a", "peer_b", "sup_a", "sup_a2", "sup_b", "hr")


def add_credentials(w):
    today = timezone.localdate()
    w.credential_a = issue(
        w.peer_a_staff,
        CA,
        today - datetime.timedelta(days=400),
        certificate=upload("certificate.pdf", pdf_bytes()),
        certificate_type="application/pdf",
    )
    w.period_a = w.credential_a.periods.get()
    w.entry_a = ce(
        w.peer_a_staff,
        today - datetime.timedelta(days=30),
        2,
        "ethics",
        status=CEStatus.PENDING,
        certificate=upload("ce.pdf", pdf_bytes()),
        certificate_type="application/pdf",
    )
    w.credential_b = issue(w.peer_b_staff, ICRC, today - datetime.timedelta(days=100))
    w.credential_other = issue(w.outsider_staff, CA, today - datetime.timedelta(days=100))


def staff_a(w):
    return {"staff_id": w.peer_a_staff.pk}


def credential_a(w):
    return {"credential_id": w.credential_a.pk}


CASES = [
    Case("credentials:dashboard", allowed(*DASHBOARD), setup=add_credentials),
    Case(
        "credentials:dashboard",
        allowed(*DASHBOARD),
        setup=add_credentials,
        query="program=abc&show=%00&page=-4",
        note="malformed query string",
    ),
    Case("credentials:dashboard_csv", allowed(*DASHBOARD), setup=add_credentials),
    # The admin has no staff record, so no credentials of their own.
    Case("credentials:mine", allowed(*WITH_STAFF_RECORD, ok=302)),
    Case(
        "credentials:staff_credentials",
        allowed(*VIEWERS_A),
        kwargs=staff_a,
        setup=add_credentials,
    ),
    Case(
        "credentials:staff_credentials",
        allowed("admin"),
        kwargs=lambda w: {"staff_id": w.outsider_staff.pk},
        setup=add_credentials,
        note="another agency's person",
    ),
    Case("credentials:credential_add", allowed(*RECORDERS_A), kwargs=staff_a),
    Case(
        "credentials:credential_add",
        allowed(*RECORDERS_A),
        kwargs=staff_a,
        method="post",
        data=lambda w: {"number": "", "starts_on": "not a date"},
        note="invalid form",
    ),
    Case("credentials:ce_add", allowed(*RECORDERS_A), kwargs=staff_a),
    Case(
        "credentials:ce_add",
        allowed(*RECORDERS_A),
        kwargs=staff_a,
        method="post",
        data=lambda w: {"hours": "-3"},
        note="invalid form",
    ),
    Case(
        "credentials:credential_detail",
        allowed(*VIEWERS_A),
        kwargs=credential_a,
        setup=add_credentials,
    ),
    Case(
        "credentials:credential_detail",
        allowed("peer_b", "sup_b", "hr", "admin"),
        kwargs=lambda w: {"credential_id": w.credential_b.pk},
        setup=add_credentials,
        note="another team's credential",
    ),
    Case(
        "credentials:credential_detail",
        allowed("admin"),
        kwargs=lambda w: {"credential_id": w.credential_other.pk},
        setup=add_credentials,
        note="another agency's credential",
    ),
    Case(
        "credentials:credential_detail",
        allowed(),
        kwargs=lambda w: {"credential_id": 999999},
        note="unknown id",
    ),
    Case(
        "credentials:credential_edit",
        allowed(*RECORDERS_A),
        kwargs=credential_a,
        setup=add_credentials,
    ),
    Case(
        "credentials:credential_renew",
        allowed(*RECORDERS_A),
        kwargs=credential_a,
        setup=add_credentials,
    ),
    Case(
        "credentials:credential_renew",
        allowed(*RECORDERS_A),
        kwargs=credential_a,
        setup=add_credentials,
        method="post",
        data=lambda w: {"period": w.period_a.pk, "starts_on": "2001-13-45"},
        note="invalid form",
    ),
    Case(
        "credentials:period_certificate",
        allowed(*VIEWERS_A),
        kwargs=lambda w: {"period_id": w.period_a.pk},
        setup=add_credentials,
    ),
    Case(
        "credentials:period_certificate",
        allowed(),
        kwargs=lambda w: {"period_id": w.credential_b.periods.get().pk},
        setup=add_credentials,
        note="a period without a certificate",
    ),
    Case(
        "credentials:ce_verify",
        allowed(*VERIFIERS_A, ok=302),
        kwargs=lambda w: {"entry_id": w.entry_a.pk},
        setup=add_credentials,
        method="post",
        data=lambda w: {"decision": "verify"},
    ),
    Case(
        "credentials:ce_verify",
        allowed(*VERIFIERS_A, ok=302),
        kwargs=lambda w: {"entry_id": w.entry_a.pk},
        setup=add_credentials,
        method="post",
        data=lambda w: {"decision": "<script>"},
        note="unknown decision",
    ),
    Case(
        "credentials:ce_certificate",
        allowed(*VIEWERS_A),
        kwargs=lambda w: {"entry_id": w.entry_a.pk},
        setup=add_credentials,
    ),
]
