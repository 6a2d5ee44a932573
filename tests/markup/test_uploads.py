"""Uploads are re-encoded from their pixels (nothing else of the file survives), capped in
decoded size before decoding, decoded a few at a time, and refused to members who may not put
images in posts yet. Files are crafted here in memory, as an attacker or a phone would."""

import io
import struct
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageCms, ImageFile, ImageSequence, PngImagePlugin

from apps.markup import uploads
from apps.markup.uploads import (
    DECODES_AT_ONCE,
    MAX_FRAMES,
    MAX_IMAGE_PIXELS,
    UploadRejected,
    decode_slot,
    save_uploaded_image,
)
from apps.trust.newcomers import post_content_problems

UPLOAD_URL = reverse("markdownx_upload")
TOO_LARGE = "The image is too large: it may have at most 16 megapixels"

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
GPS_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="37,33.59N" exif:GPSLongitude="126,58.46E"/></rdf:RDF></x:xmpmeta>'
)
# What must not be found in any stored file.
LEFTOVERS = (b"<script", b"<html", b"GPSLatitude", b"xmpmeta", b"PhoneMaker", b"Exif\x00")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_URL = "/media/"
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def upload_of(data: bytes, name: str = "image") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def store(data: bytes, media_root: Path) -> bytes:
    """Upload through the real service; the bytes it stored."""
    stored = save_uploaded_image(upload_of(data))
    return (media_root / stored.name).read_bytes()


def assert_clean(stored: bytes) -> None:
    for leftover in LEFTOVERS:
        assert leftover not in stored, leftover


def frames_of(colours: list[tuple[int, int, int]], size=(32, 24)) -> list[Image.Image]:
    frames = []
    for colour in colours:
        frame = Image.new("RGB", size, colour)
        frame.putpixel((1, 1), (255, 255, 255))
        frames.append(frame)
    return frames


COLOURS = [(200, 0, 0), (0, 160, 0), (0, 0, 220)]


def gif_with_a_comment_and_xmp() -> bytes:
    """An animated GIF carrying HTML in a comment block and XMP (an application extension)."""
    buffer = io.BytesIO()
    frames = frames_of(COLOURS)
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=[100, 200, 300],
        loop=0,
        comment=HTML,
    )
    data = buffer.getvalue()
    assert HTML in data
    xmp = b"\x21\xff\x0bXMP DataXMP" + _sub_blocks(GPS_XMP) + b"\x00"
    data = data[:-1] + xmp + b";"  # before the trailer
    with Image.open(io.BytesIO(data)) as check:
        assert check.n_frames == 3
    return data


def _sub_blocks(data: bytes) -> bytes:
    return b"".join(
        bytes([len(data[i : i + 255])]) + data[i : i + 255] for i in range(0, len(data), 255)
    )


# --- Nothing but pixels survives ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_gif_with_html_after_its_end_is_stored_without_it(media_root):
    buffer = io.BytesIO()
    frames_of(COLOURS[:1])[0].save(buffer, format="GIF")
    stored = store(buffer.getvalue() + HTML, media_root)
    assert_clean(stored)
    assert stored.endswith(b";")
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "GIF"
        assert image.convert("RGB").getpixel((5, 5)) == COLOURS[0]


@pytest.mark.django_db
def test_an_animated_gif_keeps_its_frames_and_timing_but_no_comment_or_xmp(media_root):
    data = gif_with_a_comment_and_xmp() + HTML
    assert GPS_XMP in data

    stored = store(data, media_root)

    assert_clean(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "GIF"
        assert "comment" not in image.info
        seen = [
            (frame.convert("RGB").getpixel((5, 5)), frame.info["duration"])
            for frame in ImageSequence.Iterator(image)
        ]
        assert seen == list(zip(COLOURS, [100, 200, 300], strict=True))
        assert image.info["loop"] == 0


@pytest.mark.django_db
def test_an_animated_webp_keeps_its_frames_but_no_exif_or_xmp(media_root):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    frames = frames_of(COLOURS)
    frames[0].save(
        buffer,
        format="WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=[100, 200, 300],
        lossless=True,
        exif=exif,
        xmp=GPS_XMP,
    )
    data = buffer.getvalue()
    assert GPS_XMP in data and b"PhoneMaker" in data

    stored = store(data + HTML, media_root)

    assert_clean(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "WEBP"
        assert image.n_frames == 3
        assert not image.getexif() and "xmp" not in image.info
        for frame, colour in zip(ImageSequence.Iterator(image), COLOURS, strict=True):
            assert all(
                abs(a - b) < 12
                for a, b in zip(frame.convert("RGB").getpixel((5, 5)), colour, strict=True)
            )


@pytest.mark.django_db
def test_an_animated_png_stays_animated_without_its_text_chunks(media_root):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", HTML.decode())
    info.add_itxt("XML:com.adobe.xmp", GPS_XMP.decode())
    buffer = io.BytesIO()
    frames = frames_of(COLOURS)
    frames[0].save(
        buffer, format="PNG", save_all=True, append_images=frames[1:], duration=100, pnginfo=info
    )

    stored = store(buffer.getvalue() + HTML, media_root)

    assert_clean(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.n_frames) == ("PNG", 3)


@pytest.mark.django_db
def test_a_png_keeps_its_transparency_but_no_text_or_trailing_bytes(media_root):
    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    image.putpixel((3, 3), (10, 20, 30, 255))
    info = PngImagePlugin.PngInfo()
    info.add_text("Description", HTML.decode())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)

    stored = store(buffer.getvalue() + HTML, media_root)

    assert_clean(stored)
    with Image.open(io.BytesIO(stored)) as result:
        assert result.getpixel((3, 3)) == (10, 20, 30, 255)
        assert result.getpixel((0, 0))[3] == 0
        assert not result.text


@pytest.mark.django_db
def test_a_jpeg_loses_its_comment_xmp_and_colour_profile_but_not_its_colours(media_root):
    image = Image.new("RGB", (16, 16), (30, 120, 200))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", comment=HTML, xmp=GPS_XMP, icc_profile=srgb, quality=95)
    data = buffer.getvalue()
    assert HTML in data and GPS_XMP in data

    stored = store(data, media_root)

    assert_clean(stored)
    with Image.open(io.BytesIO(stored)) as result:
        assert "icc_profile" not in result.info and "comment" not in result.info
        assert all(
            abs(a - b) < 6 for a, b in zip(result.getpixel((8, 8)), (30, 120, 200), strict=True)
        )


# --- Decoded size, checked before decoding ------------------------------------------------------


def png_declaring(width: int, height: int) -> bytes:
    """A PNG header that declares a canvas, then no pixel data at all (and a proper end)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        import zlib

        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.mark.django_db
def test_a_small_png_declaring_6300_by_6300_is_refused_from_its_header(member_client, media_root):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # About 40 megapixels of black: a few dozen KB of PNG, 160 MB once decoded.
    buffer = io.BytesIO()
    Image.new("L", (6300, 6300)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 200_000

    response = member_client.post(UPLOAD_URL, {"image": upload_of(buffer.getvalue())})

    assert response.status_code == 400
    assert response.json()["error"].startswith(TOO_LARGE)
    assert stored_files(media_root) == []


def test_the_size_is_judged_before_any_pixel_is_decoded():
    # The same declared size with no pixel data at all: had it been decoded (about a second
    # and 160 MB for the real one above), it would have been refused as damaged instead.
    with pytest.raises(UploadRejected) as refused:
        save_uploaded_image(upload_of(png_declaring(6300, 6300)))
    assert refused.value.message.startswith("이미지가 너무 커요")
    with pytest.raises(UploadRejected) as damaged:
        save_uploaded_image(upload_of(png_declaring(100, 100)))
    assert "손상" in damaged.value.message


@pytest.mark.django_db
def test_an_image_at_the_cap_is_accepted(media_root):
    buffer = io.BytesIO()
    Image.new("L", (4000, MAX_IMAGE_PIXELS // 4000)).save(buffer, format="PNG")
    assert store(buffer.getvalue(), media_root)


@pytest.mark.django_db
def test_an_animation_is_capped_on_all_its_frames_together(media_root):
    # Five frames of 2000 x 2000: each under the cap, 20 megapixels together.
    buffer = io.BytesIO()
    frames = [Image.new("L", (2000, 2000), shade) for shade in (0, 60, 120, 180, 240)]
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(UploadRejected) as refused:
        store(buffer.getvalue(), media_root)
    assert refused.value.message.startswith("이미지가 너무 커요")
    assert stored_files(media_root) == []


def gif_of_frames(count: int, first=(1, 1), later=(1, 1)) -> bytes:
    """A GIF of `count` frames on a 1x1 canvas; frames after the first declare `later`."""
    data = bytearray(b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff")
    for index in range(count):
        width, height = first if index == 0 else later
        data += b"\x21\xf9\x04\x00\x01\x00\x00\x00"  # graphic control: 10 ms
        data += b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
        data += b"\x02\x02\x44\x01\x00"  # one pixel's LZW data
    return bytes(data + b";")


@pytest.mark.django_db
def test_a_gif_frame_larger_than_its_canvas_is_refused_before_it_is_decoded(media_root):
    with pytest.raises(UploadRejected) as refused:
        store(gif_of_frames(2, later=(5000, 5000)), media_root)
    assert refused.value.message.startswith("이미지가 너무 커요")


@pytest.mark.django_db
def test_too_many_frames_are_refused_before_decoding(media_root):
    assert store(gif_of_frames(MAX_FRAMES), media_root)
    with pytest.raises(UploadRejected) as refused:
        store(gif_of_frames(MAX_FRAMES + 1), media_root)
    assert str(MAX_FRAMES) in refused.value.message


# --- Decoding a few at a time ------------------------------------------------------------------


def noise_png(side: int, seed: int) -> bytes:
    import random

    pixels = random.Random(seed).randbytes(side * side * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
def test_at_most_two_uploads_are_decoded_at_once(media_root, monkeypatch):
    """Six uploads at once, each decoded by Pillow for real. Pillow's decoding is instrumented
    (slowed a little, and counted), not replaced: no more than DECODES_AT_ONCE are inside it at
    any moment, and all six are stored."""
    assert DECODES_AT_ONCE == 2
    real_load = ImageFile.ImageFile.load
    lock = threading.Lock()
    inside = {"now": 0, "most": 0}

    def counted_load(image):
        with lock:
            inside["now"] += 1
            inside["most"] = max(inside["most"], inside["now"])
        try:
            time.sleep(0.05)
            return real_load(image)
        finally:
            with lock:
                inside["now"] -= 1

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted_load)
    files = [noise_png(64, seed) for seed in range(6)]
    start = threading.Barrier(len(files))
    results: list = []

    def upload(data: bytes) -> None:
        start.wait()
        try:
            results.append(save_uploaded_image(upload_of(data)))
        except Exception as error:  # recorded, and failed on below
            results.append(error)

    threads = [threading.Thread(target=upload, args=(data,)) for data in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert all(isinstance(result, uploads.StoredImage) for result in results), results
    assert len(stored_files(media_root)) == 6
    assert inside["most"] == DECODES_AT_ONCE


def test_an_upload_waits_for_a_turn_and_is_refused_when_none_comes(monkeypatch, media_root):
    monkeypatch.setattr(uploads, "DECODE_WAIT_SECONDS", 0.2)
    data = noise_png(8, 1)
    # This process's turns, all taken:
    with decode_slot(), decode_slot(), pytest.raises(UploadRejected) as refused:
        save_uploaded_image(upload_of(data))
    assert refused.value.status == 503
    assert stored_files(media_root) == []
    # The turns are given back: the next upload goes through.
    with decode_slot():
        assert save_uploaded_image(upload_of(data))


# --- Newcomers ----------------------------------------------------------------------------------


@pytest.fixture
def member_client(client, make_user, settings) -> Client:
    client.force_login(make_user(reputation=settings.NEW_USER_REPUTATION))
    return client


@pytest.mark.django_db
def test_a_member_who_may_not_post_images_yet_is_refused_at_upload(client, make_user, media_root):
    newcomer = make_user()
    client.force_login(newcomer)
    response = client.post(UPLOAD_URL, {"image": upload_of(noise_png(8, 2))})
    assert response.status_code == 403
    # The very words the post form would give for a post holding an image.
    (form_message,) = post_content_problems(user=newcomer, html='<p><img src="/media/x.png"></p>')
    assert response.json() == {"error": form_message}
    assert "이미지" in form_message
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_a_member_allowed_images_uploads(member_client, media_root):
    response = member_client.post(UPLOAD_URL, {"image": upload_of(noise_png(8, 3))})
    assert response.status_code == 200
    assert len(stored_files(media_root)) == 1


def test_the_deploy_guide_serves_uploads_with_nosniff_and_a_sandbox():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text()
    start = guide.index("location /media/ {")
    block = guide[start : guide.index("}", start)]
    assert 'add_header X-Content-Type-Options "nosniff" always;' in block
    assert 'add_header Content-Security-Policy "sandbox" always;' in block
