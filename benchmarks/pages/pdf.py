"""PDFs: the evaluation PDF as its author downloads it, and WeasyPrint alone on the same HTML
(the floor it is compared with)."""

from benchmarks.registry import get, page, url, world_object
from benchmarks.runner import Unavailable


@page("evaluation_pdf")
def evaluation_pdf(world):
    evaluation = world_object(world, "signed_evaluation")
    path = url("evaluations:evaluation_pdf", evaluation.pk)
    return get("evaluation_pdf", evaluation.author, path, content_type="application/pdf")


def weasyprint_alone(world):
    """fn() rendering, with WeasyPrint alone, the HTML string the PDF view renders."""
    evaluation = world_object(world, "signed_evaluation")
    try:
        from evaluations.pdf import render_evaluation_html
    except ImportError:
        raise Unavailable("evaluations.pdf.render_evaluation_html has not shipped yet") from None
    from peerwork.pdf import html_to_pdf

    html = render_evaluation_html(evaluation)
    return lambda: html_to_pdf(html)
