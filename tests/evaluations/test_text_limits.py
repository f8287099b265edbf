"""The issue's case on the real page: an over-long comment is refused whole, never cut."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_24000_character_comment_is_refused_whole_not_cut(world, evals, login):
    """The issue's case: the page keeps all 24,000 characters and says why it did not save."""
    structure = evals.structure
    category = structure.categories[0]
    text = ("Ready to lead the Tuesday group. " * 800)[:24_000]
    client = login(world.sup_a2)
    url = reverse("evaluations:evaluation_detail", args=[evals.sup_a.pk])
    page = client.get(url).content.decode()
    assert "maxlength" not in page
    assert 'data-limit="10000"' in page and "Up to 10,000 characters." in page
    response = client.post(
        url,
        {
            "revision": str(evals.sup_a.revision),
            "goal_slots": "1",
            "goal_0_text": "Co-facilitate WRAP",
            "action": "save",
            f"c_{category.pk}": text,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This text is 24000 characters long; the limit is 10000." in html
    assert text in html and "Co-facilitate WRAP" in html
    evals.sup_a.refresh_from_db()
    assert not evals.sup_a.category_comments.exclude(text="").exists()
