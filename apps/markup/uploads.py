"""Image uploads from the editor: validated by content, stored under a random name."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# Pillow format name -> the extension we store the file under.
ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}

# Decoding is what costs memory (4 bytes a pixel and more), and a few KB of compressed PNG can
# claim a huge canvas; Pillow's own bomb check only warns below ~179 megapixels.
MAX_IMAGE_PIXELS = 40_000_000

UPLOAD_DIRECTORY = "uploads"


class UploadRejected(Exception):
    """The upload is not an image we accept; `message` is translated and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class StoredImage:
    name: str  # the storage name, e.g. "uploads/2025/01/<hex>.png"
    url: str


def _detect_image_format(upload: UploadedFile) -> str:
    """Return the Pillow format of a fully decodable PNG/JPEG/GIF/WebP, or raise UploadRejected.

    The file's name and declared content type are ignored: only its bytes count. The image is
    checked structurally (`verify`, which for PNG includes chunk checksums) and then decoded,
    which is what catches a truncated JPEG.
    """
    unsupported = UploadRejected(_("Only PNG, JPEG, GIF and WebP images can be uploaded."))
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            detected = image.format
            if detected not in ALLOWED_FORMATS:
                raise unsupported
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise UploadRejected(_("The image's dimensions are too large."))
            image.verify()
        # verify() leaves the image unusable, so decoding needs a fresh open.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except UploadRejected:
        raise
    except Image.DecompressionBombError as error:
        raise UploadRejected(_("The image's dimensions are too large.")) from error
    # Pillow reports unreadable or damaged data through many exception types (OSError,
    # SyntaxError, ValueError, EOFError, struct.error, DecompressionBombError...).
    except Exception as error:
        raise UploadRejected(
            _("The file is not a valid image, or it is damaged or incomplete.")
        ) from error
    finally:
        upload.seek(0)
    return detected


def _without_metadata(upload: UploadedFile, detected: str) -> UploadedFile | ContentFile:
    """Re-encode a still image without its metadata; return animations untouched.

    Phone photos carry EXIF: the GPS position where they were taken, the device, the time.
    The orientation EXIF records is applied to the pixels first, so the photo still stands
    upright once the tag is gone. GIF carries no EXIF, and animations keep their frames.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        if detected == "GIF" or getattr(image, "is_animated", False):
            upload.seek(0)
            return upload
        upright = ImageOps.exif_transpose(image)
        options: dict = {"format": detected}
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]  # colours, not personal data
        if detected in {"JPEG", "WEBP"}:
            options["quality"] = 90
        buffer = io.BytesIO()
        upright.save(buffer, **options)
    return ContentFile(buffer.getvalue())


def save_uploaded_image(upload: UploadedFile | None) -> StoredImage:
    """Validate an image uploaded from the editor and store it; raise UploadRejected if refused.

    Accepted: PNG, JPEG, GIF or WebP as judged from the file's content by Pillow (so SVG, or
    HTML renamed to .png, is refused), at most settings.UPLOAD_MAX_BYTES (checked from the
    upload's size before Pillow reads anything), decodable without error. Still images are
    re-encoded without their EXIF metadata; the result is stored with Django's default storage
    as `uploads/YYYY/MM/<random hex>.<ext>`, the extension following the detected format.
    Nothing is stored when the upload is refused.
    """
    if upload is None:
        raise UploadRejected(_("No image was sent."))
    max_bytes = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > max_bytes:
        raise UploadRejected(
            _("The image is too large: the limit is %(limit)s.")
            % {"limit": filesizeformat(max_bytes)}
        )
    if upload.size == 0:
        raise UploadRejected(_("The file is empty."))

    detected = _detect_image_format(upload)

    now = timezone.now()
    name = f"{UPLOAD_DIRECTORY}/{now:%Y/%m}/{uuid.uuid4().hex}.{ALLOWED_FORMATS[detected]}"
    stored_name = default_storage.save(name, _without_metadata(upload, detected))
    return StoredImage(name=stored_name, url=default_storage.url(stored_name))
