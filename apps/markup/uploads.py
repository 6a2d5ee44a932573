"""Image uploads from the editor: validated by content, re-encoded, stored under a random name.

Every accepted image is decoded and encoded again by Pillow, and only its pixels (with their
transparency, and animation timing) are written: nothing else of the uploaded file survives,
neither bytes after the image's end (an HTML page appended to a GIF), nor comments, text
chunks, XMP or EXIF (the GPS position a phone records), nor a colour profile (the pixels are
converted to sRGB first, so photos keep their colours).

Animated GIF, WebP and PNG stay animated: every frame is re-encoded. Animations explain
things in this field (a gradient descent, a sampling chain) that a still cannot, so refusing
them would cost more than re-encoding; their frames count towards the size cap together.

Decoding is what costs memory and time (4 bytes a pixel and more), and a few KB of PNG can
declare a huge canvas: the declared size is checked before anything is decoded, and a process
decodes at most DECODES_AT_ONCE uploads at a time, so a burst of uploads cannot starve the
other requests it serves.
"""

from __future__ import annotations

import io
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

# Pillow format name -> the extension we store the file under.
ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}

# The decoded size of one upload, every frame of an animation counted (about 64 MB as RGBA).
MAX_IMAGE_PIXELS = 16_000_000
# Frames are counted before any is decoded: a GIF of 1x1 frames could hold 200,000 in 5 MB.
MAX_FRAMES = 500
DECODES_AT_ONCE = 2
# How long an upload waits for a turn to be decoded before it is refused (the page's request
# must still end well inside gunicorn's 30 s timeout).
DECODE_WAIT_SECONDS = 10

UPLOAD_DIRECTORY = "uploads"

_decode_slots = threading.BoundedSemaphore(DECODES_AT_ONCE)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class UploadRejected(Exception):
    """The upload is not an image we accept; `message` is translated and safe to show."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class StoredImage:
    name: str  # the storage name, e.g. "uploads/2025/01/<hex>.png"
    url: str


def _too_large() -> UploadRejected:
    return UploadRejected(
        _(
            "The image is too large: it may have at most %(megapixels)d megapixels (e.g. "
            "4000 × 4000 pixels), all the frames of an animation together."
        )
        % {"megapixels": MAX_IMAGE_PIXELS // 1_000_000}
    )


def _damaged() -> UploadRejected:
    return UploadRejected(_("The file is not a valid image, or it is damaged or incomplete."))


@contextmanager
def decode_slot() -> Iterator[None]:
    """One of the DECODES_AT_ONCE turns this process has for decoding an upload.

    Waits up to DECODE_WAIT_SECONDS for one, then refuses (503: the server is busy, the image
    itself was fine).
    """
    if not _decode_slots.acquire(timeout=DECODE_WAIT_SECONDS):
        raise UploadRejected(
            _("Many images are being processed right now. Please try again in a moment."),
            status=503,
        )
    try:
        yield
    finally:
        _decode_slots.release()


def _detect_image_format(upload: UploadedFile) -> str:
    """Return the Pillow format of a PNG/JPEG/GIF/WebP whose declared size is within the cap,
    or raise UploadRejected. Reads the header and checks the structure (`verify`, which for PNG
    includes chunk checksums); decodes nothing.

    The file's name and declared content type are ignored: only its bytes count.
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
                raise _too_large()
            image.verify()
    except UploadRejected:
        raise
    except Image.DecompressionBombError as error:
        raise _too_large() from error
    # Pillow reports unreadable or damaged data through many exception types (OSError,
    # SyntaxError, ValueError, EOFError, struct.error...).
    except Exception as error:
        raise _damaged() from error
    finally:
        upload.seek(0)
    return detected


def _pixels_only(image: Image.Image) -> Image.Image:
    """`image` (decoded) with nothing but its pixels: in sRGB, with its transparency."""
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        image = _in_srgb(image, icc_profile)
    transparency = image.info.get("transparency")
    image.info = {}
    if transparency is not None:
        image.info["transparency"] = transparency
    return image


def _in_srgb(image: Image.Image, icc_profile: bytes) -> Image.Image:
    """The pixels converted from their colour profile to sRGB, which browsers assume when a
    file has none (a phone's wide-gamut photo would look washed out otherwise)."""
    try:
        if image.has_transparency_data:
            image = image.convert("RGBA")  # a palette's or a single colour's transparency too
        elif image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        output = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a profile that does not fit the pixels: they are shown as they are


def _reencoded(upload: UploadedFile, detected: str) -> bytes:
    """Decode every frame of the upload and encode its pixels alone, in the same format."""
    upload.seek(0)
    with Image.open(upload) as image:
        frame_count = getattr(image, "n_frames", 1)
        if frame_count > MAX_FRAMES:
            raise UploadRejected(
                _("The animation has too many frames: at most %(limit)d.") % {"limit": MAX_FRAMES}
            )
        loop = image.info.get("loop")
        options: dict = {"format": detected}
        if detected in {"JPEG", "WEBP"}:
            options["quality"] = 90
        if frame_count == 1:
            image.load()
            # The orientation a camera records in EXIF goes into the pixels, so the photo still
            # stands upright once the EXIF is gone.
            ImageOps.exif_transpose(image, in_place=True)
            frames = [_pixels_only(image)]
        else:
            frames, durations, pixels = [], [], 0
            for index in range(frame_count):
                # A GIF frame may declare itself larger than the canvas: Pillow grows the
                # image when seeking to it, before decoding it.
                image.seek(index)
                width, height = image.size
                pixels += width * height
                if pixels > MAX_IMAGE_PIXELS:
                    raise _too_large()
                durations.append(image.info.get("duration", 0))
                frames.append(_pixels_only(image.copy()))
            options.update(save_all=True, append_images=frames[1:], duration=durations)
            if loop is not None:
                options["loop"] = loop
        if detected == "JPEG" and frames[0].mode not in ("RGB", "L", "CMYK"):
            frames[0] = frames[0].convert("RGB")
        buffer = io.BytesIO()
        frames[0].save(buffer, **options)
    return buffer.getvalue()


def save_uploaded_image(upload: UploadedFile | None) -> StoredImage:
    """Validate an image uploaded from the editor and store it; raise UploadRejected if refused.

    Accepted: PNG, JPEG, GIF or WebP as judged from the file's content by Pillow (so SVG, or
    HTML renamed to .png, is refused), at most settings.UPLOAD_MAX_BYTES (checked from the
    upload's size before Pillow reads anything) and MAX_IMAGE_PIXELS (checked from the declared
    size before decoding), decodable without error. What is stored is the image re-encoded
    from its pixels (see the module's docstring), with Django's default storage, as
    `uploads/YYYY/MM/<random hex>.<ext>`, the extension following the detected format.
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
    with decode_slot():
        try:
            data = _reencoded(upload, detected)
        except UploadRejected:
            raise
        except Image.DecompressionBombError as error:
            raise _too_large() from error
        except Exception as error:  # see _detect_image_format
            raise _damaged() from error
        finally:
            upload.seek(0)

    now = timezone.now()
    name = f"{UPLOAD_DIRECTORY}/{now:%Y/%m}/{uuid.uuid4().hex}.{ALLOWED_FORMATS[detected]}"
    stored_name = default_storage.save(name, ContentFile(data))
    return StoredImage(name=stored_name, url=default_storage.url(stored_name))
