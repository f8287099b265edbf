"""A synthetic demo agency. Every name here is invented; no real person's data.

`build_demo_agency()` is idempotent: it finds what exists by natural keys (agency slug,
usernames, staff names) and only adds what is missing. Apps add their own demo data
(cycles, onboarding plans ...) by registering a function in `extensions` from their
AppConfig.ready(); each receives the agency and must be idempotent too.
"""

import datetime
import itertools

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from peerwork import services
from peerwork.models import (
    Agency,
    EmploymentType,
    LeaveReason,
    PeerRole,
    Population,
    Program,
    Role,
    RoleAssignment,
    StaffMember,
    StaffStatus,
    User,
)

DEMO_AGENCY_SLUG = "riverbend"
DEMO_PASSWORD = "recovery-works-2026"

PROGRAMS = [
    ("Adult Peer Support", "adult-mental-health"),
    ("Transition-Age Youth Drop-In", "transition-age-youth"),
    ("Family Partners", "family-of-adults"),
]

# (username, full name, preferred, pronouns, position, peer?, volunteer?, program idx,
#  supervisor username, roles)
PEOPLE = [
    (
        "admin",
        "Taylor Brooks",
        "",
        "they/them",
        "Systems Administrator",
        False,
        False,
        None,
        None,
        [Role.ADMIN],
    ),
    (
        "hr",
        "Morgan Patel",
        "",
        "she/her",
        "Human Resources Generalist",
        False,
        False,
        None,
        None,
        [Role.HR],
    ),
    (
        "alex",
        "Alexandra Rivera",
        "Alex",
        "she/her",
        "Director of Peer Services",
        True,
        False,
        0,
        None,
        [Role.SUPERVISOR, Role.PEER_STAFF],
    ),
    (
        "jordan",
        "Jordan Lee",
        "",
        "he/him",
        "Peer Services Supervisor",
        True,
        False,
        0,
        "alex",
        [Role.SUPERVISOR, Role.PEER_STAFF],
    ),
    (
        "riley",
        "Riley Chen",
        "",
        "she/her",
        "Youth and Family Programs Supervisor",
        False,
        False,
        1,
        None,
        [Role.SUPERVISOR],
    ),
    (
        "casey",
        "Casey Morgan",
        "",
        "they/them",
        "Peer Support Specialist",
        True,
        False,
        0,
        "jordan",
        [Role.PEER_STAFF],
    ),
    (
        "dana",
        "Dana Whitfield",
        "",
        "she/her",
        "Peer Support Specialist",
        True,
        False,
        0,
        "jordan",
        [Role.PEER_STAFF],
    ),
    (
        "eli",
        "Elias Navarro",
        "Eli",
        "he/him",
        "Peer Recovery Coach",
        True,
        False,
        0,
        "jordan",
        [Role.PEER_STAFF],
    ),
    (
        "frankie",
        "Francesca Okafor",
        "Frankie",
        "she/her",
        "Peer Support Specialist",
        True,
        True,
        0,
        "jordan",
        [Role.PEER_STAFF],
    ),
    (
        "gabe",
        "Gabriel Santos",
        "Gabe",
        "he/him",
        "Youth Peer Advocate",
        True,
        False,
        1,
        "riley",
        [Role.PEER_STAFF],
    ),
    (
        "harper",
        "Harper Quinn",
        "",
        "she/they",
        "Youth Peer Advocate",
        True,
        False,
        1,
        "riley",
        [Role.PEER_STAFF],
    ),
    (
        "indira",
        "Indira Haddad",
        "",
        "she/her",
        "Youth Peer Advocate",
        True,
        True,
        1,
        "riley",
        [Role.PEER_STAFF],
    ),
    (
        "jamie",
        "Jamie Fontaine",
        "",
        "he/him",
        "Family Peer Partner",
        True,
        False,
        2,
        "riley",
        [Role.PEER_STAFF],
    ),
    (
        "kai",
        "Kai Nakamura",
        "",
        "he/him",
        "Peer Wellness Coach",
        True,
        True,
        0,
        "alex",
        [Role.PEER_STAFF],
    ),
    (
        "lee",
        "Lee Abernathy",
        "",
        "they/them",
        "Peer Support Specialist",
        True,
        False,
        0,
        "alex",
        [Role.PEER_STAFF],
    ),
]

# Staff without a login of their own: clinicians and other team members.
TEAM = [
    ("Priya Raman", "Licensed Clinical Social Worker", 0, "alex"),
    ("Marcus Bell", "Care Coordinator", 0, "jordan"),
    ("Sofia Alvarez", "Psychiatric Nurse Practitioner", 0, "alex"),
    ("Tom Becker", "Program Assistant", 0, "jordan"),
    ("Nadia Farouk", "Marriage and Family Therapist", 2, "riley"),
    ("Owen Castillo", "Youth Counselor", 1, "riley"),
    ("Grace Holloway", "Intake Coordinator", 1, "riley"),
    ("Victor Osei", "Family Services Coordinator", 2, "riley"),
    ("Ruth Lindqvist", "Employment Specialist", 0, "alex"),
    ("Samir Aziz", "Housing Navigator", 0, "jordan"),
]

FIRST_NAMES = [
    "Avery",
    "Blake",
    "Cameron",
    "Devon",
    "Emerson",
    "Finley",
    "Greer",
    "Hayden",
    "Jesse",
    "Kendall",
    "Logan",
    "Marlowe",
    "Noel",
    "Oakley",
    "Parker",
    "Quincy",
    "Reese",
    "Sage",
    "Tatum",
    "Umberto",
    "Valentina",
    "Wren",
    "Ximena",
    "Yusuf",
    "Zion",
    "Amara",
    "Bruno",
    "Chiara",
    "Dmitri",
    "Esme",
    "Farid",
    "Gwen",
    "Hugo",
    "Ines",
    "Jonah",
    "Keiko",
]
LAST_NAMES = [
    "Acosta",
    "Baptiste",
    "Calloway",
    "Delgado",
    "Eriksen",
    "Fairbanks",
    "Gallagher",
    "Hargrove",
    "Ibarra",
    "Jablonski",
    "Kowalczyk",
    "Lindgren",
    "Mbeki",
    "Novak",
    "Oyelaran",
    "Pemberton",
    "Quintero",
    "Rosenthal",
    "Szabo",
    "Takahashi",
    "Umarov",
    "Vasquez",
    "Whitaker",
    "Xiong",
    "Yamamoto",
    "Zielinski",
    "Albright",
    "Brennan",
    "Cortez",
]
PEER_POSITIONS = ["Peer Support Specialist", "Peer Recovery Coach", "Peer Navigator"]
TEAM_POSITIONS = ["Care Coordinator", "Clinician", "Program Assistant", "Case Aide"]


def demo_logins():
    """(username, password, what the login shows) for the README and load_demo."""
    described = {
        "admin": "admin: everything, plus the Django admin",
        "hr": "HR: every staff member and hire",
        "alex": "supervisor (and peer staff): Jordan's team through Jordan",
        "jordan": "supervisor who reports to Alex, and peer staff",
        "riley": "supervisor of the youth and family programs",
        "casey": "peer staff: their own record",
    }
    return [(name, DEMO_PASSWORD, text) for name, text in described.items()]


@transaction.atomic
def build_demo_agency(staff_count=None, today=None):
    """Create (or complete) the demo agency; `staff_count` adds generated staff up to N."""
    today = today or timezone.localdate()
    agency, _ = Agency.objects.get_or_create(
        slug=DEMO_AGENCY_SLUG, defaults={"name": "Riverbend Community Wellness"}
    )
    programs = []
    populations = Population.objects.in_bulk([code for _, code in PROGRAMS], field_name="code")
    for name, code in PROGRAMS:
        program, _ = Program.objects.get_or_create(
            agency=agency, name=name, defaults={"population_served": populations[code]}
        )
        programs.append(program)

    password_hash = make_password(DEMO_PASSWORD)
    staff_by_username = {}
    for index, person in enumerate(PEOPLE):
        (
            username,
            full,
            preferred,
            pronouns,
            position,
            peer,
            volunteer,
            program_idx,
            supervisor_username,
            roles,
        ) = person
        first, _, last = full.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": preferred or first,
                "last_name": last,
                "email": f"{username}@riverbend.example",
                "agency": agency,
                "password": password_hash,
            },
        )
        for role in roles:
            RoleAssignment.objects.get_or_create(user=user, role=role)
        staff, _ = StaffMember.objects.get_or_create(
            agency=agency,
            user=user,
            defaults={
                "full_name": full,
                "preferred_name": preferred,
                "pronouns": pronouns,
                "email": user.email,
                "position_title": position,
                "peer_role": PeerRole.PEER if peer else PeerRole.NON_PEER,
                "employment_type": EmploymentType.VOLUNTEER
                if volunteer
                else EmploymentType.EMPLOYEE,
                "program": programs[program_idx] if program_idx is not None else None,
                "start_date": today - datetime.timedelta(days=120 + 45 * index),
                "status": StaffStatus.ACTIVE,
            },
        )
        staff_by_username[username] = (staff, supervisor_username)
    for staff, supervisor_username in staff_by_username.values():
        if supervisor_username and staff.supervisor_id is None:
            staff.supervisor = staff_by_username[supervisor_username][0]
            staff.save(update_fields=["supervisor"])

    for index, (full, position, program_idx, supervisor_username) in enumerate(TEAM):
        StaffMember.objects.get_or_create(
            agency=agency,
            full_name=full,
            defaults={
                "position_title": position,
                "peer_role": PeerRole.NON_PEER,
                "program": programs[program_idx],
                "supervisor": staff_by_username[supervisor_username][0],
                "start_date": today - datetime.timedelta(days=200 + 30 * index),
            },
        )

    if staff_count:
        _add_generated_staff(agency, programs, staff_by_username, staff_count, today)
    services.start_missing_histories(StaffMember.objects.filter(agency=agency))
    return agency


def _add_generated_staff(agency, programs, staff_by_username, staff_count, today):
    """Grow the agency to `staff_count` staff: teams of about 12 under generated supervisors."""
    existing = StaffMember.objects.filter(agency=agency).count()
    missing = staff_count - existing
    if missing <= 0:
        return
    names = (f"{first} {last}" for last, first in itertools.product(LAST_NAMES, FIRST_NAMES))
    taken = set(StaffMember.objects.filter(agency=agency).values_list("full_name", flat=True))
    top = staff_by_username["alex"][0]
    supervisor = None
    serial = existing
    new_staff = []
    while missing > 0:
        serial += 1
        base = next(names, None) or f"Team Member {serial}"
        name = base if base not in taken else f"{base} {serial}"
        taken.add(name)
        if supervisor is None or len(new_staff) % 12 == 0:
            supervisor = StaffMember.objects.create(
                agency=agency,
                full_name=name,
                position_title="Team Supervisor",
                peer_role=PeerRole.PEER,
                program=programs[serial % len(programs)],
                supervisor=top,
                start_date=today - datetime.timedelta(days=365 + serial % 700),
            )
            missing -= 1
            new_staff.append(supervisor)
            continue
        peer = serial % 2 == 0
        staff = StaffMember(
            agency=agency,
            full_name=name,
            position_title=(PEER_POSITIONS if peer else TEAM_POSITIONS)[serial % 3],
            peer_role=PeerRole.PEER if peer else PeerRole.NON_PEER,
            employment_type=(
                EmploymentType.VOLUNTEER if serial % 7 == 0 else EmploymentType.EMPLOYEE
            ),
            program=programs[serial % len(programs)],
            supervisor=supervisor,
            start_date=today - datetime.timedelta(days=30 + serial % 900),
            status=StaffStatus.FORMER if serial % 23 == 0 else StaffStatus.ACTIVE,
            leave_date=today - datetime.timedelta(days=serial % 20) if serial % 23 == 0 else None,
            leave_reason=LeaveReason.RESIGNED if serial % 23 == 0 else "",
        )
        new_staff.append(staff)
        missing -= 1
    StaffMember.objects.bulk_create([s for s in new_staff if s.pk is None], batch_size=500)


# Apps register fn(agency) here from AppConfig.ready() to add their demo data.
extensions = []
