"""What the benchmark measures: pages, and the data they need, registered by area.

A page is a function `fn(world) -> Probe` registered with `@page("name")`; it raises
`Unavailable` when the app that serves it has not shipped it (the benchmark reports it as
missing and carries on). A builder is a function `fn(world)` registered with `@builder`: it
adds data in proportion to `world.staff_count` (idempotent: a second call grows what the
first made) and sets on `world` the objects its pages need. Pages are reported, and builders
run, in the order their modules are listed in `benchmarks.pages.AREAS`.
"""

from django.urls import NoReverseMatch, reverse

from benchmarks.runner import Probe, Unavailable, client_for

PAGES = {}  # name -> fn(world) -> Probe, in the order they are reported
PDF_PAGES = set()  # names of PAGES that answer with a PDF (fewer runs, no HTML targets)
BUILDERS = []  # fn(world), in the order they run


def page(name, *, pdf=False):
    def register(function):
        PAGES[name] = function
        if pdf:
            PDF_PAGES.add(name)
        return function

    return register


def builder(function):
    BUILDERS.append(function)
    return function


def url(name, *args, **kwargs):
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        raise Unavailable(f"no URL named {name!r}") from None


def get(name, user, path, query=None, **probe):
    return Probe(name, client_for(user), lambda client: client.get(path, query or {}), **probe)


def world_object(world, name, builder="evaluations"):
    """`world.<name>`, set by the builder named `builder`, or Unavailable saying why not."""
    value = getattr(world, name, None)
    if value is None:
        reason = world.unavailable.get(builder) or world.build_errors.get(builder)
        raise Unavailable(reason or f"the {builder} data were not built")
    return value
