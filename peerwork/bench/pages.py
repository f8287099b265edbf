"""The pages the benchmark measures, each as a user reaches it.

A page is a function `fn(world) -> Probe`. It raises `Unavailable` when the app that serves
it has not shipped it (the benchmark reports it as missing and carries on).
"""

from django.urls import NoReverseMatch, reverse

from peerwork.bench import data
from peerwork.bench.runner import PageError, Probe, Unavailable, client_for, find_form

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


def _world_object(world, name, builder="evaluations"):
    value = getattr(world, name, None)
    if value is None:
        reason = world.unavailable.get(builder) or world.build_errors.get(builder)
        raise Unavailable(reason or f"the {builder} data were not built")
    return value


def _author_form(world):
    """The measured evaluation's edit form, as its author's browser has it."""
    evaluation = _world_object(world, "evaluation")
    path = url("evaluations:evaluation_detail", evaluation.pk)
    client = client_for(evaluation.author)
    response = client.get(path)
    if response.status_code != 200:
        raise PageError(f"evaluation form: HTTP {response.status_code} for its author")
    form = find_form(
        response.content.decode(),
        lambda form: form.method == "post" and "revision" in form.field_names,
    )
    return evaluation, client, path, form


def _first_level(name, values):
    return values[0]


def _button(form, value):
    for name, button_value in form.buttons:
        if name == "action" and button_value == value:
            return (name, button_value)
    raise PageError(f"the evaluation form has no {value!r} button")


@page("evaluation_form")
def evaluation_form(world):
    evaluation = _world_object(world, "evaluation")
    path = url("evaluations:evaluation_detail", evaluation.pk)
    return get("evaluation_form", evaluation.author, path)


def _saved_as(evaluation, status, revision_at_least):
    """A check that the POST really saved (a redirect alone could be a refusal)."""

    def verify(response):
        saved = type(evaluation).objects.get(pk=evaluation.pk)
        if saved.status != status or saved.revision < revision_at_least:
            raise PageError(
                f"the POST redirected without saving (status {saved.status}, "
                f"revision {saved.revision})"
            )

    return verify


@page("evaluation_draft_save")
def evaluation_draft_save(world):
    evaluation, client, path, form = _author_form(world)
    body = form.data(button=_button(form, "save"), fill_radios=_first_level)
    return Probe(
        "evaluation_draft_save",
        client,
        lambda client: client.post(form.action or path, body),
        expect=(302,),
        rollback=True,
        content_type="",
        verify=_saved_as(evaluation, "draft", evaluation.revision + 1),
    )


@page("evaluation_submit")
def evaluation_submit(world):
    evaluation, client, path, form = _author_form(world)
    signature = evaluation.author.get_full_name() or evaluation.author.username
    body = form.data(
        button=_button(form, "submit"),
        fill_radios=_first_level,
        overrides={"signature": signature},
    )
    return Probe(
        "evaluation_submit",
        client,
        lambda client: client.post(form.action or path, body),
        expect=(302,),
        rollback=True,
        content_type="",
        verify=_saved_as(evaluation, "submitted", evaluation.revision),
    )


@page("evaluation_compare")
def evaluation_compare(world):
    evaluation = _world_object(world, "evaluation")
    path = url("evaluations:evaluation_compare", evaluation.pk)
    return get("evaluation_compare", evaluation.author, path)


@page("evaluation_list")
def evaluation_list(world):
    _world_object(world, "evaluation")
    path = url("evaluations:evaluation_list")
    return get("evaluation_list", world.users[data.SUPERVISOR], path)


@page("cycle_dashboard")
def cycle_dashboard(world):
    cycle = _world_object(world, "current_cycle")
    path = url("evaluations:cycle_detail", cycle.pk)
    return get("cycle_dashboard", world.users[data.HR], path)


# --- onboarding -------------------------------------------------------------------------------


@page("onboarding_dashboard")
def onboarding_dashboard(world):
    _world_object(world, "plan", "onboarding_plans")
    return get("onboarding_dashboard", world.users[data.HR], url("onboarding:dashboard"))


@page("onboarding_plan")
def onboarding_plan(world):
    plan = _world_object(world, "plan", "onboarding_plans")
    path = url("onboarding:plan_detail", plan.pk)
    return get("onboarding_plan", world.users[data.HR], path)


# --- the PDF (measured with fewer runs; compared with WeasyPrint alone) -----------------------


@page("evaluation_pdf")
def evaluation_pdf(world):
    evaluation = _world_object(world, "signed_evaluation")
    path = url("evaluations:evaluation_pdf", evaluation.pk)
    return get("evaluation_pdf", evaluation.author, path, content_type="application/pdf")


def admin_inline_probe(world):
    """The Django admin change page of the measured evaluation, ratings as an inline."""
    evaluation = _world_object(world, "evaluation")
    path = url(
        f"admin:{evaluation._meta.app_label}_{evaluation._meta.model_name}_change",
        evaluation.pk,
    )
    return get("admin_inline", world.users[data.ADMIN], path)


def weasyprint_alone(world):
    """fn() rendering, with WeasyPrint alone, the HTML string the PDF view renders."""
    evaluation = _world_object(world, "signed_evaluation")
    try:
        from evaluations.pdf import render_evaluation_html
    except ImportError:
        raise Unavailable("evaluations.pdf.render_evaluation_html has not shipped yet") from None
    from peerwork.pdf import html_to_pdf

    html = render_evaluation_html(evaluation)
    return lambda: html_to_pdf(html)
