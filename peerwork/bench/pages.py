"""The pages the benchmark measures, each as a user reaches it.

A page is a function `fn(world) -> Probe`. It raises `Unavailable` when the app that serves
it has not shipped it (the benchmark reports it as missing and carries on).
"""

from django.urls import NoReverseMatch, reverse

from peerwork.bench import data
from peerwork.bench.runner import Probe, Unavailable, client_for

PAGES = {}  # name -> fn(world) -> Probe, in the order they are reported


def page(name):
    def register(function):
        PAGES[name] = function
        return function

    return register


def url(name, *args, **kwargs):
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        raise Unavailable(f"no URL named {name!r}") from None


def get(name, user, path, query=None, **probe):
    return Probe(name, client_for(user), lambda client: client.get(path, query or {}), **probe)


def floor_probe(world):
    return get("floor", world.users[data.PEER], reverse("bench_floor"))


def floor_layout_probe(world):
    return get("floor_layout", world.users[data.PEER], reverse("bench_floor_layout"))


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


# --- evaluations ------------------------------------------------------------------------------


def _evaluation(world):
    evaluation = getattr(world, "evaluation", None)
    if evaluation is None:
        raise Unavailable("the evaluations app has no evaluations to measure yet")
    return evaluation


def admin_inline_probe(world):
    """The Django admin change page of the measured evaluation, ratings as an inline."""
    evaluation = _evaluation(world)
    path = url(
        f"admin:{evaluation._meta.app_label}_{evaluation._meta.model_name}_change",
        evaluation.pk,
    )
    return get("admin_inline", world.users[data.ADMIN], path)


def weasyprint_alone(world):
    """fn() rendering, with WeasyPrint alone, the HTML string the PDF view renders."""
    _evaluation(world)
    raise Unavailable("the evaluation PDF has not shipped yet")
