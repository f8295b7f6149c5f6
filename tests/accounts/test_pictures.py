"""Members may upload a picture in place of their generated avatar: checked like every
upload, cropped square, stored in three sizes, shown in threads and on their page; removing
it, or deleting the account, deletes its files."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.deletion import anonymise_member
from comments.models import Suspension
from tests.factories import make_comment, make_user
from tests.images import HOSTILE, carries_metadata, phone_photo, picture, stored

pytestmark = pytest.mark.django_db
PICTURE = "/accounts/profile/picture/"


@pytest.fixture
def member(client):
    member = make_user(username="ines", display_name="Ines Duarte")
    client.force_login(member)
    return member


def upload(client, data: bytes, name="me.jpg"):
    return client.post(PICTURE, {"picture": SimpleUploadedFile(name, data)}, follow=True)


def test_a_member_uploads_a_picture_that_shows_in_threads_and_on_their_page(
    client, member, media, article
):
    response = upload(client, phone_photo(size=(1200, 800)))
    assert response.redirect_chain == [("/accounts/profile/", 302)]
    assert "Your picture is saved." in response.text
    member.refresh_from_db()
    assert sorted(member.avatar, key=int) == ["48", "96", "192"]
    for size, name in member.avatar.items():
        path = media / name
        assert not carries_metadata(path.read_bytes())
        with Image.open(path) as saved:
            assert saved.size == (int(size), int(size))

    make_comment(member, article, body="Learning prompt design.")
    client.logout()
    thread = client.get(article.get_absolute_url()).text
    small, small_2x = (f"/media/{member.avatar[size]}" for size in ("48", "96"))
    assert f'<img class="avatar avatar-picture" src="{small}" srcset="{small_2x} 2x"' in thread
    page = client.get(member.get_absolute_url()).text
    assert f'avatar-large avatar-picture" src="{small_2x}"' in page


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_picture_is_refused_with_its_reason_and_nothing_is_kept(
    client, member, media, case
):
    data, name, reason = HOSTILE[case]
    response = client.post(PICTURE, {"picture": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert reason in response.text
    member.refresh_from_db()
    assert member.avatar == {} and stored(media) == []


def test_the_form_says_what_is_missing(client, member):
    response = client.post(PICTURE, {})
    assert response.status_code == 400
    assert "Choose a picture to upload, or tick the box to remove yours." in response.text


def test_a_new_picture_replaces_the_old_files_and_removing_brings_the_avatar_back(
    client, member, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, picture("PNG", size=(300, 300)), "first.png")
    member.refresh_from_db()
    first = {media / name for name in member.avatar.values()}
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, picture("JPEG", size=(400, 300)), "second.jpg")
    member.refresh_from_db()
    assert not any(path.exists() for path in first)
    assert len(stored(media)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PICTURE, {"remove": "on"}, follow=True)
    assert "the generated avatar is back" in response.text
    member.refresh_from_db()
    assert member.avatar == {} and stored(media) == []
    assert (
        f'<span class="avatar avatar-large {member.avatar_class}"'
        in client.get(member.get_absolute_url()).text
    )


def test_deleting_the_account_deletes_the_picture(
    client, member, media, django_capture_on_commit_callbacks
):
    upload(client, picture("PNG", size=(300, 300)))
    member.refresh_from_db()
    assert len(stored(media)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_member(member, now=timezone.now())
    member.refresh_from_db()
    assert member.avatar == {} and stored(media) == []


def test_the_export_lists_the_pictures_addresses(client, member):
    upload(client, picture("PNG", size=(300, 300)))
    member.refresh_from_db()
    exported = client.get("/accounts/settings/data/").json()["account"]["picture"]
    assert list(exported) == ["192", "96", "48"]
    assert exported["48"] == f"/media/{member.avatar['48']}"


def test_a_suspended_member_cannot_change_their_picture(client, member, media):
    Suspension.objects.create(
        user=member, starts_at=timezone.now() - timedelta(hours=1),
        until=timezone.now() + timedelta(days=1), reason="Impersonation",
    )  # fmt: skip
    response = client.post(PICTURE, {"picture": SimpleUploadedFile("a.png", picture("PNG"))})
    assert response.status_code == 403 and "Impersonation" in response.text
    assert stored(media) == []


def test_only_members_upload_pictures(client, media):
    response = client.post(PICTURE, {"picture": SimpleUploadedFile("a.png", picture("PNG"))})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert stored(media) == []
