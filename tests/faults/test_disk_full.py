"""The disk full for media uploads: an editor's image and a member's picture, stored in
several sizes on a real filesystem that runs out of room part-way (a 1 MB tmpfs, filled up
to a few kilobytes). The uploader is told in words, with 507, never a 500; no file of the
upload is left behind, not even one cut short; and once there is room again the same upload
stores every size, whole."""

import os
import random
import subprocess
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.articles.test_covers import give_cover
from tests.conftest import IN_CI
from tests.factories import make_article
from tests.images import stored

pytestmark = pytest.mark.django_db

NO_ROOM = "no room left for uploads"


@pytest.fixture
def disk(media):
    """MEDIA_ROOT on a filesystem of its own, 1 MB, that `fill` leaves nearly full."""
    media.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(media)],
        capture_output=True, text=True,
    )  # fmt: skip
    if mounted.returncode:
        message = f"cannot mount a small tmpfs (needs root): {mounted.stderr.strip()}"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    filler = media / "filler"

    def fill(leave: int) -> None:
        """Take all the room but `leave` bytes."""
        stats = os.statvfs(media)
        filler.write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - leave))

    yield fill
    subprocess.run(["umount", str(media)], check=True)


def photo(width: int, height: int) -> bytes:
    """A JPEG of noise: each size stored of it takes about as much room as its pixels say."""
    pixels = random.Random(width).randbytes(width * height * 3)
    out = BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(out, "JPEG", quality=90)
    return out.getvalue()


def whole_images(media) -> dict[str, tuple[int, int]]:
    """Every stored file, read to its last pixel: a file cut short raises here."""
    sizes = {}
    for path in stored(media):
        with Image.open(path) as image:
            image.load()
            sizes[path.name] = image.size
    return sizes


def test_an_editor_upload_on_a_full_disk_is_refused_in_words_and_leaves_no_file(disk, media, staff):
    disk(leave=100_000)  # the 480 px width fits, the 960 px one does not
    client = Client()
    client.force_login(staff)
    upload = lambda: client.post(  # noqa: E731
        "/markdown/images/", {"image": SimpleUploadedFile("photo.jpg", photo(1000, 500))}
    )
    refused = upload()
    assert refused.status_code == 507
    assert NO_ROOM in refused.json()["error"]
    assert stored(media) == []

    (media / "filler").unlink()  # room again: the same picture, every width, whole
    taken = upload()
    assert taken.status_code == 200, taken.content
    assert "srcset" in taken.json()["image_code"]
    assert sorted(whole_images(media).values()) == [(480, 240), (960, 480), (1000, 500)]


def test_a_member_picture_on_a_full_disk_keeps_the_old_one_and_leaves_no_file(
    disk, media, member, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(member)
    upload = lambda data: client.post(  # noqa: E731
        "/accounts/profile/picture/", {"picture": SimpleUploadedFile("me.jpg", data)}
    )
    assert upload(photo(300, 300)).status_code == 302
    member.refresh_from_db()
    before, files_before = dict(member.avatar), whole_images(media)
    assert len(files_before) == 3

    disk(leave=10_000)  # the 48 and 96 px squares fit, the 192 px one does not
    refused = upload(photo(400, 300))
    assert refused.status_code == 507
    assert NO_ROOM in refused.text
    member.refresh_from_db()
    assert member.avatar == before  # the picture members see is still the old one
    (media / "filler").unlink()
    assert whole_images(media) == files_before  # nothing of the new one

    with django_capture_on_commit_callbacks(execute=True):  # the old files go after commit
        assert upload(photo(400, 300)).status_code == 302
    member.refresh_from_db()
    assert member.avatar != before
    assert sorted(whole_images(media).values()) == [(48, 48), (96, 96), (192, 192)]


def test_a_cover_on_a_full_disk_is_a_message_on_the_form_and_leaves_no_file(
    disk, media, admin_client
):
    article = make_article(title="Pricing after AI")
    disk(leave=100_000)
    refused = give_cover(admin_client, article, photo(1000, 500))
    assert refused.status_code == 200  # the admin's form, shown again with the message
    assert NO_ROOM in refused.text
    article.refresh_from_db()
    assert article.cover == {} and article.title == "Pricing after AI"
    (media / "filler").unlink()
    assert stored(media) == []
    assert give_cover(admin_client, article, photo(1000, 500)).status_code == 302
    article.refresh_from_db()
    assert article.cover["width"] == 1000
