"""peerwork/pdf.py, the shared renderer: real WeasyPrint output read back with pypdf."""

import io
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import engines
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader

from peerwork import pdf

SAMPLE = engines["django"].from_string(
    """{% extends "pdf/base.html" %}{% block content %}
    <h1>Sample document</h1>
    <p>Ünïcode names survive: José Núñez, Zoë, Łukasz ✔</p>
    {% for url in images %}<img src="{{ url }}" alt="">{% endfor %}
    <table><thead><tr><th>Repeated heading</th></tr></thead><tbody>
    {% for i in rows %}<tr><td>Row number {{ i }}</td></tr>{% endfor %}
    </tbody></table>
    {% endblock %}"""
)


def _render(rows=5, images=(), **meta):
    meta.setdefault("title", "Sample title")
    html = pdf.render_html(SAMPLE, {"rows": range(rows), "images": images}, **meta)
    return html, pdf.html_to_pdf(html)


def _reader(data):
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def _texts(reader):
    return [page.extract_text() for page in reader.pages]


def test_metadata_language_and_tagging():
    with translation.override("en"):
        _html, data = _render(title="Evaluation of Amani", author="Harbor Peer Services")
    reader = _reader(data)
    assert reader.metadata.title == "Evaluation of Amani"
    assert reader.metadata.author == "Harbor Peer Services"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert "Evaluation of Amani" in xmp


def test_language_follows_the_active_language():
    with translation.override("es"):
        html, data = _render()
    assert '<html lang="es">' in html
    assert _reader(data).trailer["/Root"]["/Lang"] == "es"


def test_vendored_fonts_are_embedded_and_text_is_extractable():
    _html, data = _render()
    reader = _reader(data)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert any(name.endswith("+PeerWork-Sans") for name in fonts), fonts
    assert any("PeerWork-Symbols" in name for name in fonts), fonts  # the check mark
    text = _texts(reader)[0]
    assert "José Núñez, Zoë, Łukasz ✔" in text


def test_page_count_footer_and_repeated_table_headers():
    _html, data = _render(rows=150, header="Running header text")
    reader = _reader(data)
    count = len(reader.pages)
    assert count >= 3
    for number, text in enumerate(_texts(reader), start=1):
        assert f"Page {number} of {count}" in text
        assert "Running header text" in text
        assert "Confidential personnel record" in text
        assert "Repeated heading" in text
    # Every row made it, once.
    everything = "\n".join(_texts(reader))
    for i in range(150):
        assert len(re.findall(rf"Row number {i}\b", everything)) == 1


def test_watermark_on_every_page_only_when_asked():
    _html, data = _render(rows=150, watermark="DRAFT")
    texts = _texts(_reader(data))
    assert len(texts) >= 3 and all("DRAFT" in text for text in texts)
    _html, data = _render(rows=150)
    assert not any("DRAFT" in text for text in _texts(_reader(data)))


def test_custom_confidentiality_line():
    _html, data = _render(confidentiality="Agency use only")
    text = _texts(_reader(data))[0]
    assert "Agency use only" in text
    assert "Confidential personnel record" not in text


def test_letter_by_default_a4_by_setting():
    _html, data = _render()
    box = _reader(data).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)
    with override_settings(PDF_PAGE_SIZE="A4"):
        _html, data = _render()
    box = _reader(data).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)


def test_an_unknown_page_size_is_a_clear_configuration_error():
    with override_settings(PDF_PAGE_SIZE="tabloid-ish"), pytest.raises(ImproperlyConfigured) as e:
        _render()
    assert "PDF_PAGE_SIZE" in str(e.value)


def test_header_text_cannot_break_out_of_the_stylesheet():
    nasty = 'Quote " back\\slash </style><p>injected</p>'
    html, data = _render(header=nasty)
    assert "<p>injected</p>" not in html
    assert 'Quote " back\\slash </style><p>injected</p>' in _texts(_reader(data))[0]


def test_rendering_fetches_only_static_files():
    fetcher = pdf.StaticFilesFetcher()
    for url in [
        "http://example.com/logo.png",
        "https://example.com/static/css/pdf.css",
        "file:///etc/passwd",
        "ftp://example.com/x",
        f"{pdf.BASE_URL}static/../peerwork/settings.py",
        f"{pdf.BASE_URL}static/%2e%2e/peerwork/settings.py",
        f"{pdf.BASE_URL}static//etc/passwd",
        f"{pdf.BASE_URL}static/css/missing.css",
        f"{pdf.BASE_URL}media/exports/x.zip",
    ]:
        with pytest.raises(pdf.ResourceRefused):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 9
    css = fetcher.fetch(f"{pdf.BASE_URL}static/css/pdf.css")
    assert b"@font-face" in css.read()
    assert css.content_type == "text/css"
    font = fetcher.fetch(f"{pdf.BASE_URL}static/fonts/LiberationSans-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_a_document_asking_for_the_network_still_renders_without_it():
    _html, data = _render(images=["http://203.0.113.1/tracker.png", "file:///etc/hostname"])
    reader = _reader(data)
    assert "SAMPLE DOCUMENT" in _texts(reader)[0]
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    assert not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("evaluation", "Amani Achebe", "2025-26"), "evaluation-amani-achebe-2025-26.pdf"),
        (("evaluation", "José Núñez", "Spring 2026"), "evaluation-jose-nunez-spring-2026.pdf"),
        (("evaluation", 'a/b\\c:"d"\r\n;e', "2026"), "evaluation-abcd-e-2026.pdf"),
        (("evaluation", "", None, "x"), "evaluation-x.pdf"),
        (("東京",), "document.pdf"),
        (("evaluation", "x" * 500), "evaluation-" + "x" * 109 + ".pdf"),
    ],
)
def test_pdf_filename_is_safe_to_download(parts, expected):
    name = pdf.pdf_filename(*parts)
    assert name == expected
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*\.pdf", name)


def test_pdf_response_is_an_attachment_never_cached():
    response = pdf.pdf_response(b"%PDF-1.7 test", "evaluation-x-2026.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evaluation-x-2026.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    inline = pdf.pdf_response(b"%PDF-", "x.pdf", inline=True)
    assert inline["Content-Disposition"].startswith("inline")
