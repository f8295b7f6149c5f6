"""Editors drop images into an article: only real JPEG, PNG, WebP or GIF pictures are
stored, cleaned of metadata, turned upright, in a few widths; hostile files are refused
with a clear message and nothing of them is kept."""

import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.markdown import Profile, render
from tests.factories import make_user
from tests.images import HOSTILE, carries_metadata, phone_photo, picture, stored

pytestmark = pytest.mark.django_db
UPLOAD = "/markdown/images/"


@pytest.fixture
def editor(client):
    client.force_login(make_user(is_staff=True))
    return client


def upload(client, data: bytes, name: str = "photo.jpg"):
    return client.post(UPLOAD, {"image": SimpleUploadedFile(name, data)})


def test_a_photo_is_stored_upright_without_its_metadata_in_three_widths(editor, media):
    response = upload(editor, phone_photo())
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert 'width="1000" height="2000"' in code  # upright: the sides swapped
    assert code.count(" 480w") == code.count(" 960w") == 1 and "1000w" in code
    files = stored(media)
    assert len(files) == 3
    for path in files:
        assert not carries_metadata(path.read_bytes())
        with Image.open(path) as saved:
            assert not saved.getexif()
            assert saved.height > saved.width


def test_the_code_inserted_survives_the_article_pipeline(editor):
    code = upload(editor, picture("PNG", size=(600, 300)), "chart.png").json()["image_code"]
    html = render(f"Before.\n\n{code}\n\nAfter.", Profile.ARTICLE).html
    assert '<img src="/media/articles/' in html
    assert 'width="600" height="300"' in html and "srcset=" in html


def test_the_pipeline_drops_image_addresses_that_are_not_the_sites_or_https():
    hostile = (
        '<img src="/media/../../etc/passwd"> <img src="http://plain.example/a.png">'
        '<img src="https://ok.example/a.png" srcset="javascript:alert(1) 1x">'
        '<img src="/media/a.png" width="100%" height="50%">'
        '<img src="/media/b.png" srcset="/media/b.png 1x, http://plain.example/b.png 2x">'
    )
    html = render(hostile, Profile.ARTICLE).html
    assert "passwd" not in html and "plain.example" not in html
    assert "javascript" not in html and "%" not in html
    assert '<img src="https://ok.example/a.png">' in html


def test_a_gif_keeps_its_first_frame_as_a_still_picture(editor, media):
    frames = [Image.new("RGB", (300, 200), color) for color in ((255, 0, 0), (0, 0, 255))]
    out = BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    assert upload(editor, out.getvalue(), "anim.gif").status_code == 200
    (path,) = stored(media)
    with Image.open(path) as still:
        assert still.format == "PNG" and still.getpixel((5, 5))[:3] == (255, 0, 0)


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_files_are_refused_with_a_reason_and_nothing_is_kept(editor, media, case):
    data, name, reason = HOSTILE[case]
    response = upload(editor, data, name)
    assert response.status_code == 400
    assert reason in json.loads(response.content)["error"]
    assert stored(media) == []


def test_a_file_over_the_size_cap_is_refused(editor, media, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1_000_000
    response = upload(editor, b"\xff\xd8" + b"0" * 1_500_000)
    assert response.status_code == 400
    assert "at most 1 MB" in response.json()["error"]
    assert stored(media) == []


def test_only_editors_upload(client, media):
    data = picture("PNG", size=(50, 50))
    assert upload(client, data).status_code == 403
    client.force_login(make_user())
    assert upload(client, data).status_code == 403
    assert stored(media) == []


def test_the_article_editor_offers_uploads_and_comment_boxes_do_not(admin_client, client):
    form = admin_client.get("/admin/articles/article/add/").text
    assert 'data-markdownx-upload-urls-path="/markdown/images/"' in form
    client.force_login(make_user())
    assert "data-markdownx-upload-urls-path" not in client.get("/accounts/profile/").text


def test_a_stored_image_is_served_for_every_cache_to_keep(editor, client):
    code = upload(editor, picture("PNG", size=(300, 200)), "chart.png").json()["image_code"]
    address = code.split('src="', 1)[1].split('"', 1)[0]
    client.logout()
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client.get("/media/articles/missing.png").status_code == 404
    assert client.get("/media/../config/settings.py").status_code == 404
