"""No response can be traced to its author: not on any page, export or URL, not in the admin.

The respondents have distinctive names, usernames and emails; each writes a distinctive
comment. Then an admin walks every admin page of the app and every results page and export,
and we look for any page that shows both who and what.
"""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments import services
from assessments.models import AssessmentRound, Invitation, RespondentGroup, Response
from tests.assessments.factories import answer_all, instrument, level, open_round, person

RESPONDENTS = [
    ("qmarchetti", "Quillon Marchetti", False),
    ("zbeauregard", "Zephyrine Beauregard", False),
    ("ovanterpool", "Oswin Vanterpool", False),
    ("lkettleworth", "Lysandra Kettleworth", True),
    ("tfairweather", "Thaddeus Fairweather", True),
]


def _identities(user):
    return [user.username, user.first_name, user.last_name, user.email]


@pytest.fixture
def survey(world):
    version = instrument(items=3)
    people = [
        person(world.agency, username, name, peer=peer) for username, name, peer in RESPONDENTS
    ]
    groups = [RespondentGroup.NON_PEER, RespondentGroup.PEER]
    closed = open_round(world.agency, version, groups=groups, title="Closed round")
    still_open = open_round(world.agency, version, groups=groups, title="Open round")
    comments = {}
    for index, (user, staff) in enumerate(people):
        for round_ in (closed, still_open):
            invitation = Invitation.objects.select_related("round__framework_version").get(
                round=round_, staff=staff
            )
            # Nothing in the remark itself names its author.
            comment = f"Remark-{'ABCDE'[index]}-{round_.pk}"
            comments[(user.username, round_.pk)] = comment
            answer_all(invitation, level(version, "partly"), comment=comment)
    services.close_round(closed)
    return {
        "version": version,
        "people": people,
        "closed": AssessmentRound.objects.get(pk=closed.pk),
        "open": still_open,
        "comments": comments,
    }


def _texts(survey):
    return set(survey["comments"].values())


def _response_refs():
    refs = set()
    for pk in Response.objects.values_list("pk", flat=True):
        refs |= {str(pk), str(pk)[:8], pk.hex}
    return refs


def _admin_urls(survey):
    urls = [reverse("admin:index"), reverse("admin:app_list", args=["assessments"])]
    for model in ("assessmentround", "invitation", "response"):
        changelist = reverse(f"admin:assessments_{model}_changelist")
        urls += [changelist, f"{changelist}?q=Remark", f"{changelist}?o=1", f"{changelist}?o=-1"]
    for group in RespondentGroup.values:
        urls.append(reverse("admin:assessments_invitation_changelist") + f"?group={group}")
    for round_ in AssessmentRound.objects.all():
        urls.append(
            reverse("admin:assessments_response_changelist") + f"?round__id__exact={round_.pk}"
        )
        urls.append(reverse("admin:assessments_assessmentround_change", args=[round_.pk]))
    # (Their delete pages are refused outright: tests/assessments/test_storage_order.py.)
    for pk in Response.objects.values_list("pk", flat=True):
        for view in ("change", "history"):
            urls.append(reverse(f"admin:assessments_response_{view}", args=[pk]))
    for pk in Invitation.objects.values_list("pk", flat=True):
        urls.append(reverse("admin:assessments_invitation_change", args=[pk]))
    return urls


def test_an_admin_cannot_link_a_response_to_a_person(world, survey, login):
    client = login(world.admin)
    identities = [text for user, _staff in survey["people"] for text in _identities(user)]
    texts = _texts(survey)
    refs = _response_refs()
    group_labels = [label for _value, label in RespondentGroup.choices]
    walked = 0
    for url in _admin_urls(survey):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        walked += 1
        shows_who = [text for text in identities if text in page]
        shows_what = [text for text in texts if text in page]
        # What was answered never appears in the admin at all ...
        assert not shows_what, (url, shows_what)
        if "/response/" in url:
            # ... and a response's pages show no person and not even the group.
            assert not shows_who, (url, shows_who)
            assert not [label for label in group_labels if f">{label}<" in page], url
        if "/invitation/" in url or "/assessmentround/" in url:
            # Who was asked is no secret; which response is theirs is.
            assert not [ref for ref in refs if ref in page], url
            assert "secret" not in page.lower()
    assert walked > 30


def test_results_pages_and_exports_show_no_one(world, survey, login):
    client = login(world.hr)
    closed = survey["closed"]
    identities = [text for user, _staff in survey["people"] for text in _identities(user)]
    results = client.get(reverse("assessments:round_results", args=[closed.pk])).content.decode()
    # The closed round's remarks are all there, without their authors.
    for (username, round_pk), text in survey["comments"].items():
        if round_pk == closed.pk and username not in ("lkettleworth", "tfairweather"):
            assert text in results
    assert not [text for text in identities if text in results]
    # Peer staff are two: withheld, their remarks too.
    assert survey["comments"][("lkettleworth", closed.pk)] not in results
    assert "Peer staff: withheld" in results

    pdf = client.get(reverse("assessments:round_report", args=[closed.pk]))
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert survey["comments"][("qmarchetti", closed.pk)] in text.replace("\n", "")
    assert not [item for item in identities if item in text]

    # The round page names who answered (for reminders) but never what they said.
    detail = client.get(closed.get_absolute_url()).content.decode()
    assert "Quillon Marchetti" in detail
    assert not [text for text in _texts(survey) if text in detail]
    # Results of an open round are not shown at all: no watching them change.
    still_open = client.get(
        reverse("assessments:round_results", args=[survey["open"].pk])
    ).content.decode()
    assert not [text for text in _texts(survey) if text in still_open]


def test_remarks_are_not_in_the_order_they_were_written(world, survey):
    from assessments.results import build_results

    item = build_results(survey["closed"]).items[0]
    written = [text for _label, text in item.comments]
    assert written == sorted(written, key=str.casefold)


def test_no_url_carries_a_response_id(world, survey, login):
    """Every page a respondent or HR sees: no response id in any link or form."""
    refs = _response_refs()
    marchetti = survey["people"][0][0]
    own_open = Invitation.objects.get(round=survey["open"], staff__user=marchetti)
    pages = [
        (marchetti, reverse("assessments:respond", args=[own_open.pk])),
        (marchetti, reverse("assessments:round_list")),
        (marchetti, "/"),
        (world.hr, reverse("assessments:round_list")),
        (world.hr, survey["closed"].get_absolute_url()),
        (world.hr, reverse("assessments:round_results", args=[survey["closed"].pk])),
        (world.hr, "/"),
    ]
    for user, url in pages:
        page = login(user).get(url).content.decode()
        hrefs = " ".join(re.findall(r'(?:href|action|value)="([^"]*)"', page))
        assert not [ref for ref in refs if ref in hrefs], url
    # The respondent sees their own open-round answers, and only theirs.
    own = login(marchetti).get(reverse("assessments:respond", args=[own_open.pk]))
    page = own.content.decode()
    assert survey["comments"][("qmarchetti", survey["open"].pk)] in page
    assert survey["comments"][("zbeauregard", survey["open"].pk)] not in page


def test_after_closing_not_even_the_database_links_them(survey):
    closed = survey["closed"]
    assert not Response.objects.filter(round=closed, owner_digest__isnull=False).exists()
    assert not Invitation.objects.filter(round=closed).exclude(secret="").exists()
    for invitation in Invitation.objects.filter(round=closed):
        assert services.find_response(invitation) is None
