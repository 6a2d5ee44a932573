"""The editor's preview and upload endpoints, through Django's test client."""

import io
import random
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from markdownx import settings as markdownx_settings
from PIL import Image

from apps.markup.rendering import render_markdown
from tests.markup.inspect_html import find

PREVIEW_URL = reverse("markdownx_markdownify")
UPLOAD_URL = reverse("markdownx_upload")
# Messages are translated (Korean by default); exact-text assertions ask for English.
IMAGE_CODE = re.compile(r"!\[\]\(/media/(uploads/\d{4}/\d{2}/[0-9a-f]{32}\.(png|jpg|gif|webp))\)")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.MEDIA_URL = "/media/"
    return root


@pytest.fixture
def member_client(client, make_user, settings) -> Client:
    """A member allowed images in posts (newer members are refused at upload)."""
    client.force_login(make_user(reputation=settings.NEW_USER_REPUTATION))
    return client


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def image_bytes(image_format: str, size: tuple[int, int] = (24, 16)) -> bytes:
    image = Image.new("RGB", size, (40, 90, 200))
    for x in range(size[0]):
        image.putpixel((x, x % size[1]), (250, 200, 10))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def noise_png(side: int) -> bytes:
    # Random pixels do not compress, so the file is about 3 bytes a pixel.
    pixels = random.Random(side).randbytes(side * side * 3)
    image = Image.frombytes("RGB", (side, side), pixels)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- URLs ----------------------------------------------------------------------------------------


def test_urls_are_where_the_markdownx_widget_posts():
    # The widget takes its URLs from markdownx settings, not from the URL names.
    assert PREVIEW_URL == markdownx_settings.MARKDOWNX_URLS_PATH
    assert UPLOAD_URL == markdownx_settings.MARKDOWNX_UPLOAD_URLS_PATH


# --- Access --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [PREVIEW_URL, UPLOAD_URL])
def test_anonymous_is_refused_with_json_403(client, url, media_root):
    data = {"content": "x"} if url == PREVIEW_URL else {"image": _png_upload()}
    response = client.post(url, data)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]
    assert stored_files(media_root) == []


@pytest.mark.parametrize("url", [PREVIEW_URL, UPLOAD_URL])
@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_is_accepted(member_client, url, method):
    response = getattr(member_client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["error"]


@pytest.mark.parametrize("url", [PREVIEW_URL, UPLOAD_URL])
def test_csrf_token_is_required(make_user, url, media_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    data = {"content": "x"} if url == PREVIEW_URL else {"image": _png_upload()}
    response = client.post(url, data)
    assert response.status_code == 403
    assert stored_files(media_root) == []


def test_csrf_token_sent_the_way_the_markdownx_widget_sends_it_is_accepted(make_user):
    # The widget copies the csrftoken cookie into a `csrfmiddlewaretoken` form field.
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    token = "a" * 32
    client.cookies["csrftoken"] = token
    response = client.post(PREVIEW_URL, {"content": "$x$", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert find(response.content.decode(), "math")


# --- Preview -------------------------------------------------------------------------------------


def test_preview_renders_with_the_saving_pipeline(member_client):
    content = "**bold** $a_1 * b_2$\n\n```python\nx = 1\n```\n\n<script>alert(1)</script>"
    response = member_client.post(PREVIEW_URL, {"content": content})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert html == render_markdown(content)
    assert find(html, "strong")
    assert find(html, "msub")
    assert not find(html, "script")


def test_preview_of_empty_content_is_empty(member_client):
    response = member_client.post(PREVIEW_URL, {"content": ""})
    assert response.status_code == 200
    assert response.content == b""


def test_preview_without_content_is_a_400(member_client):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = member_client.post(PREVIEW_URL, {"text": "wrong field"})
    assert response.status_code == 400
    assert response.content.decode() == (
        '<p class="preview-error" role="alert">The text to preview is missing.</p>'
    )


def test_preview_longer_than_a_post_may_be_is_a_400(member_client, settings):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    from apps.markup.rendering import MAX_SOURCE_LENGTH

    response = member_client.post(PREVIEW_URL, {"content": "가" * (MAX_SOURCE_LENGTH + 1)})
    assert response.status_code == 400
    assert "too long to preview" in find(response.content.decode(), "p")[0].text


# --- Upload --------------------------------------------------------------------------------------


def _png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


@pytest.mark.parametrize(
    ("image_format", "extension", "content_type"),
    [
        ("PNG", "png", "image/png"),
        ("JPEG", "jpg", "image/jpeg"),
        ("GIF", "gif", "image/gif"),
        ("WEBP", "webp", "image/webp"),
    ],
)
def test_upload_stores_a_real_image_under_a_random_name(
    member_client, media_root, image_format, extension, content_type
):
    data = image_bytes(image_format)
    upload = SimpleUploadedFile("my holiday photo.png", data, content_type=content_type)
    response = member_client.post(UPLOAD_URL, {"image": upload})
    assert response.status_code == 200
    match = IMAGE_CODE.fullmatch(response.json()["image_code"])
    assert match, response.json()
    name = match[1]
    assert name.endswith(f".{extension}")
    assert "holiday" not in name
    assert default_storage.exists(name)
    with Image.open(media_root / name) as stored:
        assert (stored.format, stored.size) == (image_format, (24, 16))
    assert stored_files(media_root) == [media_root / name]


def test_upload_judges_the_format_by_content_not_name_or_declared_type(member_client, media_root):
    upload = SimpleUploadedFile("picture.gif", image_bytes("JPEG"), content_type="text/plain")
    response = member_client.post(UPLOAD_URL, {"image": upload})
    assert response.status_code == 200
    assert IMAGE_CODE.fullmatch(response.json()["image_code"])[2] == "jpg"


def test_upload_strips_exif_such_as_gps_position_and_keeps_the_photo_upright(
    member_client, media_root
):
    image = Image.new("RGB", (30, 10), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to display
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (37.0, 33.0, 59.0)  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")

    response = member_client.post(UPLOAD_URL, {"image": upload})

    name = IMAGE_CODE.fullmatch(response.json()["image_code"])[1]
    with Image.open(media_root / name) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info
        assert stored.size == (10, 30)
    assert b"PhoneMaker" not in (media_root / name).read_bytes()


def test_two_uploads_of_the_same_file_get_different_names(member_client):
    first = member_client.post(UPLOAD_URL, {"image": _png_upload()}).json()["image_code"]
    second = member_client.post(UPLOAD_URL, {"image": _png_upload()}).json()["image_code"]
    assert first != second


def _truncated(image_format: str) -> bytes:
    data = image_bytes(image_format, size=(64, 64))
    return data[: len(data) // 2]


REFUSED_UPLOADS = {
    "svg": (
        "drawing.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        "image/svg+xml",
    ),
    "svg named png": (
        "drawing.png",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        "image/png",
    ),
    "html named png": (
        "page.png",
        b"<!doctype html><html><body><script>alert(1)</script></body></html>",
        "image/png",
    ),
    "png signature then html": (
        "page.png",
        b"\x89PNG\r\n\x1a\n<script>alert(1)</script>",
        "image/png",
    ),
    "truncated png": ("cut.png", _truncated("PNG"), "image/png"),
    "truncated jpeg": ("cut.jpg", _truncated("JPEG"), "image/jpeg"),
    "bmp": ("old.bmp", image_bytes("BMP"), "image/bmp"),
    "tiff": ("scan.tiff", image_bytes("TIFF"), "image/tiff"),
    "text": ("notes.txt", b"just some text", "text/plain"),
}


@pytest.mark.parametrize("case", REFUSED_UPLOADS)
def test_upload_refuses_what_is_not_an_accepted_image(member_client, media_root, case):
    name, content, content_type = REFUSED_UPLOADS[case]
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = member_client.post(UPLOAD_URL, {"image": upload})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]
    assert "image_code" not in response.json()
    assert stored_files(media_root) == []


def test_upload_refuses_oversize_files(member_client, media_root, settings):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.UPLOAD_MAX_BYTES = 10_000
    data = noise_png(80)
    assert len(data) > 10_000
    response = member_client.post(
        UPLOAD_URL,
        {"image": SimpleUploadedFile("big.png", data, content_type="image/png")},
    )
    assert response.status_code == 400
    assert "too large" in response.json()["error"]
    assert stored_files(media_root) == []


def test_upload_accepts_a_file_at_the_size_limit(member_client, settings):
    data = image_bytes("PNG")
    settings.UPLOAD_MAX_BYTES = len(data)
    response = member_client.post(
        UPLOAD_URL, {"image": SimpleUploadedFile("ok.png", data, content_type="image/png")}
    )
    assert response.status_code == 200


def test_upload_refuses_images_with_huge_dimensions(member_client, media_root):
    # A few KB of PNG that would decode to 48 megapixels.
    image = Image.new("1", (8000, 6000))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    response = member_client.post(UPLOAD_URL, {"image": upload})
    assert response.status_code == 400
    assert stored_files(media_root) == []


def test_upload_without_an_image_field_is_a_400(member_client, media_root):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = member_client.post(UPLOAD_URL, {"file": _png_upload()})
    assert response.status_code == 400
    assert response.json() == {"error": "No image was sent."}
    assert stored_files(media_root) == []
