"""Credentials: a credential for one in three active peer staff, expiring over the next two
years (some overdue), and the expiry dashboard HR works from."""

import datetime

from django.utils import timezone

from benchmarks import data
from benchmarks.registry import builder, get, page, url, world_object
from benchmarks.runner import Unavailable
from peerwork.models import PeerRole, StaffMember, StaffStatus

CREDENTIALED_SHARE = 3  # one in three peers holds a state peer certification


@builder
def credentials(world):
    try:
        from credentials import services
        from credentials.models import Credential, CredentialType
    except ImportError:
        raise Unavailable("the credentials app has not shipped yet") from None
    from peerwork.versioning import VersionStatus

    credential_type = (
        CredentialType.objects.filter(status=VersionStatus.PUBLISHED).order_by("slug").first()
    )
    if credential_type is None:
        raise Unavailable("no published credential type is loaded")
    today = timezone.localdate()
    peers = StaffMember.objects.filter(
        agency=world.agency, peer_role=PeerRole.PEER, status=StaffStatus.ACTIVE
    ).order_by("pk")
    held = set(
        Credential.objects.filter(staff__agency=world.agency).values_list("staff_id", flat=True)
    )
    wanted = world.staff_count // CREDENTIALED_SHARE
    have = len(held)
    for index, person in enumerate(peers.exclude(pk__in=held)[: max(0, wanted - have)]):
        ends_on = today + datetime.timedelta(days=(have + index) * 7 % 760 - 30)
        services.issue_credential(
            staff=person,
            credential_type=credential_type,
            number=f"BENCH-{person.pk}",
            state=credential_type.state,
            category="",
            specializations=[],
            starts_on=ends_on - datetime.timedelta(days=729),
            ends_on=ends_on,
            initial=False,
            user=world.users[data.HR],
        )
    world.credentials_built = True


@page("credentials_dashboard")
def credentials_dashboard(world):
    world_object(world, "credentials_built", "credentials")
    return get("credentials_dashboard", world.users[data.HR], url("credentials:dashboard"))


@page("credentials_staff")
def credentials_staff(world):
    world_object(world, "credentials_built", "credentials")
    path = url("credentials:staff_credentials", world.staff[data.PEER].pk)
    return get("credentials_staff", world.users[data.HR], path)
