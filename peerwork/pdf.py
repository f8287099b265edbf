"""The one place PeerWork turns HTML into PDF. Every app calls it; none calls WeasyPrint.

A PDF is an HTML template that extends ``pdf/base.html`` (print CSS in ``static/css/pdf.css``,
the vendored fonts in ``static/fonts/``), rendered to a tagged PDF/UA-1 file by WeasyPrint.

The API::

    from peerwork import pdf

    html = pdf.render_html(
        "myapp/pdf/report.html",          # a template name (or a loaded Template)
        {"report": report},               # the template's own context
        title="Agency self-assessment",    # required: <title>, the PDF's title metadata
        author="Harbor Peer Services",     # the PDF's author metadata
        header="Self-assessment 2026",     # optional running header, top right of each page
        confidentiality=None,              # footer line; None = the default personnel line
        watermark="",                      # e.g. _("DRAFT"): shown across every page
    )
    data = pdf.html_to_pdf(html)           # WeasyPrint alone: bytes of a PDF/UA-1 document
    data = pdf.render_pdf("myapp/pdf/report.html", {...}, title=...)   # both steps at once
    name = pdf.pdf_filename("evaluation", staff.full_name, "2025-26")
    return pdf.pdf_response(data, name)    # a FileResponse: attachment, private, no-store

What the base template gives every document: US Letter pages (or A4 with the
``PDF_PAGE_SIZE`` setting), "Page X of Y" and a confidentiality line in the footer, the
language of the request in ``<html lang>``, title/author/creation-date metadata, and blocks
``content`` (the body) and ``extra_head``. Context inside the template: ``pdf`` (a dict with
``title``, ``author``, ``header``, ``lang``, ``page_size``, ``generated_at``, ``watermark``).

Rendering never touches the network or the file system outside the static files:
``StaticFilesFetcher`` serves the project's own static files (by their ``{% static %}`` URL)
and ``data:`` URLs, and refuses everything else (http, https, file, ftp ...). A refused
resource is logged and left out; the document still renders.
"""

import io
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.http import FileResponse
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)
# WeasyPrint narrates every rendering step at INFO; the server log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Documents are parsed against this made-up origin, so `{% static %}` URLs ("/static/...")
# become absolute URLs the fetcher recognises. `.invalid` can never resolve (RFC 2606).
BASE_URL = "https://peerwork-static.invalid/"

PAGE_SIZES = {"letter": "Letter", "a4": "A4", "legal": "Legal"}

FILENAME_MAX_LENGTH = 120


class ResourceRefused(ValueError):
    """A document asked for something outside the project's static files."""


class StaticFilesFetcher(URLFetcher):
    """Serves the project's static files and data: URLs; refuses everything else.

    `refused` lists every URL turned away, for tests and for the warning in the log.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"https", "data"}, allow_redirects=False)
        self.refused = []
        self._prefixes = [urljoin(BASE_URL, settings.STATIC_URL)]

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        for prefix in self._prefixes:
            if url.startswith(prefix):
                path = self._find(unquote(urlsplit(url[len(prefix) :]).path))
                if path is not None:
                    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), headers={"Content-Type": content_type}
                    )
        self.refused.append(url)
        logger.warning("PDF rendering refused a resource outside the static files: %s", url)
        raise ResourceRefused(f"Not one of the project's static files: {url}")

    @staticmethod
    def _find(name):
        if not name or name.startswith("/") or "\\" in name:
            return None
        try:
            # Source files first (development and tests), then collected ones (production,
            # where `{% static %}` names the hashed copy in STATIC_ROOT).
            found = finders.find(name)
            if not found and hasattr(staticfiles_storage, "path"):
                candidate = staticfiles_storage.path(name)
                found = candidate if Path(candidate).is_file() else None
        except (SuspiciousFileOperation, ValueError, NotImplementedError):
            return None
        return Path(found) if found and Path(found).is_file() else None


def page_size():
    """The CSS page size from settings.PDF_PAGE_SIZE (Letter unless an agency prints A4)."""
    value = str(getattr(settings, "PDF_PAGE_SIZE", "Letter") or "Letter").strip().lower()
    try:
        return PAGE_SIZES[value]
    except KeyError:
        raise ImproperlyConfigured(
            f"PDF_PAGE_SIZE must be one of {', '.join(PAGE_SIZES.values())}, not {value!r}."
        ) from None


def css_string(text):
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = (
        str(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\a ")
        .replace("<", "\\3c ")
        .replace(">", "\\3e ")
    )
    return f'"{escaped}"'


def page_counter_css():
    """CSS `content` for "Page X of Y", from one translatable sentence."""
    sentence = _("Page {page} of {pages}")
    parts = []
    for chunk in sentence.replace("{pages}", "\0pages\0").replace("{page}", "\0page\0").split("\0"):
        if chunk == "page":
            parts.append("counter(page)")
        elif chunk == "pages":
            parts.append("counter(pages)")
        elif chunk:
            parts.append(css_string(chunk))
    return " ".join(parts)


def default_confidentiality():
    return _(
        "Confidential personnel record. Share only with the staff member, their supervisors and HR."
    )


def render_html(
    template,
    context=None,
    *,
    title,
    author="",
    header="",
    confidentiality=None,
    watermark="",
):
    """The HTML of a document: `template` (a name or a loaded Template) extending
    `pdf/base.html`, rendered with `context` plus the `pdf` dict the base template reads."""
    if isinstance(template, str):
        template = get_template(template)
    footer = default_confidentiality() if confidentiality is None else confidentiality
    meta = {
        "title": str(title),
        "author": str(author),
        "header": str(header),
        "watermark": str(watermark),
        "lang": translation.get_language() or settings.LANGUAGE_CODE,
        "page_size": page_size(),
        "generated_at": timezone.localtime(),
        # Margin boxes take CSS strings; these are escaped here, so templates print them |safe.
        "page_counter_css": page_counter_css(),
        "header_css": css_string(header),
        "footer_css": css_string(footer),
    }
    return template.render({**(context or {}), "pdf": meta})


def html_to_pdf(html):
    """WeasyPrint alone: a tagged PDF/UA-1 document from `html`, fetching only static files."""
    fetcher = StaticFilesFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")


def setup_pool_process():
    """Initializer for a process pool that runs `html_to_pdf` (bulk exports): a spawned
    process starts bare, so it loads the settings (DJANGO_SETTINGS_MODULE) first."""
    import django

    django.setup()


def render_pdf(template, context=None, **meta):
    """`render_html` then `html_to_pdf`: the bytes of the PDF. See the module docstring."""
    return html_to_pdf(render_html(template, context, **meta))


def pdf_filename(*parts):
    """A download name every browser and file system accepts: `evaluation-ana-lopez-2025.pdf`.

    Each part is slugified to ASCII (accents folded, a dot read as a hyphen so that version
    "2019.2" stays readable, anything else dropped); empty parts are left out; the name is
    cut to a sane length.
    """
    words = [slugify(str(part).replace(".", "-")) for part in parts if part is not None]
    stem = "-".join(word for word in words if word)[:FILENAME_MAX_LENGTH].strip("-")
    return f"{stem or 'document'}.pdf"


def pdf_response(data, filename, *, inline=False):
    """A FileResponse for PDF bytes. Personnel records: never cached by shared caches."""
    response = FileResponse(
        io.BytesIO(data),
        content_type="application/pdf",
        as_attachment=not inline,
        filename=filename,
    )
    response["Cache-Control"] = "private, no-store"
    return response
