"""Files people upload (certificates, rosters): checked from their content, stored privately.

Nothing here trusts the file's name or the browser's content type. Private files live under
MEDIA_ROOT/private, which no URL maps: they are served only by a view that has first fetched
their record through `peerwork/access/`, with `private_file_response`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private, read when used so that tests may point MEDIA_ROOT elsewhere."""

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        return settings.MEDIA_ROOT / "private"

    @property
    def location(self):
        return str(self.base_location)

    @property
    def base_url(self):
        return None


private_storage = PrivateStorage()

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
DOCUMENT_TYPES = (PDF, PNG, JPEG, WEBP)
_PILLOW_FORMATS = {"PNG": PNG, "JPEG": JPEG, "WEBP": WEBP}
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", WEBP: "webp"}


def _read_head(upload, size):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _image_type(upload):
    from PIL import Image, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = _PILLOW_FORMATS.get(image.format)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return kind


def check_document(upload, max_bytes=MAX_DOCUMENT_BYTES):
    """The content type of a PDF or image upload, from its bytes; ValidationError otherwise."""
    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty. Choose the PDF or picture of the certificate."))
    if size > max_bytes:
        raise ValidationError(
            _(
                "The file is %(size)s MB; the limit is %(limit)s MB. Scan at a lower resolution "
                "or save it as a smaller PDF."
            ),
            params={"size": f"{size / 1024 / 1024:.1f}", "limit": max_bytes // 1024 // 1024},
        )
    head = _read_head(upload, 1024)
    # PDF readers accept the signature anywhere in the first kilobyte.
    if b"%PDF-" in head and b"%%EOF" in _tail(upload):
        return PDF
    kind = _image_type(upload)
    if kind:
        return kind
    raise ValidationError(
        _(
            "This file is not a PDF or a picture (PNG, JPEG or WebP), whatever its name says. "
            "Upload the certificate as a PDF or a photo."
        )
    )


def _tail(upload, size=2048):
    upload.seek(max(upload.size - size, 0))
    tail = upload.read(size)
    upload.seek(0)
    return tail


def private_file_response(field_file, content_type, download_name):
    """Serve a private file the caller has already checked the user may see."""
    # Always a download: the browser never renders an upload inside the site's origin.
    response = FileResponse(
        field_file.open("rb"),
        content_type=content_type or "application/octet-stream",
        as_attachment=True,
        filename=download_name or None,
    )
    response["Cache-Control"] = "private, no-store"
    return response
