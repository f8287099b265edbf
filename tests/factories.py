"""Factories for tests. Build the smallest world a test needs; `world` in conftest is the
named set most tests share."""

import datetime
import io

import factory
from django.contrib.auth.hashers import make_password
from django.core.management import call_command

from peerwork import services
from peerwork.models import (
    Agency,
    EmploymentType,
    Invitation,
    PeerRole,
    Population,
    Program,
    ReportingLine,
    RoleAssignment,
    StaffMember,
    StaffStatus,
    User,
)

PASSWORD = "test-pass-1234"
_PASSWORD_HASH = make_password(PASSWORD)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")


def default_population():
    """The shipped "Adult Mental Health" population. A migration creates the four; a
    transactional test (threads, the live server) empties every table after it runs, so they
    are loaded again when missing."""
    if not Population.objects.exists():
        call_command("load_populations", stdout=io.StringIO())
    return Population.objects.get(code="adult-mental-health")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Program {n}")
    population_served = factory.LazyFunction(lambda: default_population())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = _PASSWORD_HASH
    agency = factory.SubFactory(AgencyFactory)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            RoleAssignment.objects.create(user=self, role=role)


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    full_name = factory.Sequence(lambda n: f"Staff Member {n}")
    position_title = "Peer Support Specialist"
    peer_role = PeerRole.PEER
    employment_type = EmploymentType.EMPLOYEE
    status = StaffStatus.ACTIVE
    start_date = datetime.date(2025, 1, 6)

    @factory.post_generation
    def reporting_line(self, create, extracted, **kwargs):
        """The first line of the history, as `peerwork.services.create_staff` makes it."""
        if create and extracted is not False:
            ReportingLine.objects.create(
                staff=self,
                supervisor=self.supervisor,
                program=self.program,
                effective_from=self.start_date or datetime.date(2025, 1, 6),
            )


def grow_agency(world, size):
    """Grow the agency to `size` staff; one in ten has a login with a pending invitation."""
    start = StaffMember.objects.filter(agency=world.agency).count()
    created = StaffMember.objects.bulk_create(
        StaffMember(
            agency=world.agency,
            full_name=f"Extra Person {n}",
            email=f"extra{n}@example.org",
            position_title="Peer",
            program=world.program,
            supervisor=world.sup_a_staff,
        )
        for n in range(start, size)
    )
    services.start_missing_histories(StaffMember.objects.filter(agency=world.agency))
    for extra in created[::10]:
        user = services.give_account(
            extra, username=f"extra{extra.pk}", roles=["peer_staff"], by=world.hr
        )
        Invitation.objects.filter(user=user).update(times_sent=1)


def query_counts(client, url, world, sizes=(30, 300)):
    """The queries a GET of `url` makes with the agency grown to each size (status 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in sizes:
        grow_agency(world, size)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(captured))
    return counts


def logs_in(client, username, password):
    """True when the login page accepts this username and password (a real POST, through
    every authentication backend, login throttling included); the client is then logged in."""
    from django.urls import reverse

    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302
