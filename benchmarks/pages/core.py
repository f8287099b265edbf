"""The core's pages (sign-in, home for each role, the staff directory) and its data:
logins for the generated team supervisors, so other areas' records have real authors."""

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from benchmarks import data
from benchmarks.registry import builder, get, page, url
from peerwork import demo
from peerwork.models import Role, RoleAssignment, StaffMember, User


def floor_probe(world):
    return get("floor", world.users[data.PEER], reverse("bench_floor"))


def floor_layout_probe(world):
    return get("floor_layout", world.users[data.PEER], reverse("bench_floor_layout"))


@builder
def team_supervisor_logins(world):
    """Generated team supervisors get logins, so their evaluations have real authors."""
    supervisors = list(
        StaffMember.objects.filter(
            agency=world.agency, user__isnull=True, direct_reports__isnull=False
        ).distinct()
    )
    if not supervisors:
        return
    password = make_password(demo.DEMO_PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-supervisor-{staff.pk}",
                first_name=staff.full_name.split(" ")[0],
                last_name=staff.full_name.split(" ")[-1],
                agency=world.agency,
                password=password,
            )
            for staff in supervisors
        ],
        batch_size=500,
    )
    users = User.objects.filter(username__in=[user.username for user in users])
    by_name = {user.username: user for user in users}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=user, role=role)
            for user in by_name.values()
            for role in (Role.SUPERVISOR, Role.PEER_STAFF)
        ],
        batch_size=500,
    )
    for staff in supervisors:
        staff.user = by_name[f"bench-supervisor-{staff.pk}"]
    StaffMember.objects.bulk_update(supervisors, ["user"], batch_size=500)


# --- foundation -------------------------------------------------------------------------------


@page("login")
def login_page(world):
    return get("login", None, url("login"))


@page("home_peer")
def home_peer(world):
    return get("home_peer", world.users[data.PEER], url("peerwork:home"))


@page("home_supervisor")
def home_supervisor(world):
    return get("home_supervisor", world.users[data.SUPERVISOR], url("peerwork:home"))


@page("home_hr")
def home_hr(world):
    return get("home_hr", world.users[data.HR], url("peerwork:home"))


@page("home_admin")
def home_admin(world):
    return get("home_admin", world.users[data.ADMIN], url("peerwork:home"))


@page("staff_list")
def staff_list(world):
    return get("staff_list", world.users[data.HR], url("peerwork:staff_list"))


@page("staff_search")
def staff_search(world):
    query = {"q": "peer", "program": world.programs[0].pk, "status": "active"}
    return get("staff_search", world.users[data.HR], url("peerwork:staff_list"), query)


@page("staff_list_supervisor")
def staff_list_supervisor(world):
    # The top supervisor's directory walks every reporting line below them.
    return get("staff_list_supervisor", world.users[data.SUPERVISOR], url("peerwork:staff_list"))


@page("staff_detail")
def staff_detail(world):
    person = world.staff[data.PEER]
    return get("staff_detail", world.users[data.HR], url("peerwork:staff_detail", person.pk))
