"""Media on an object store over the S3 API (django-storages), as a site on several machines
runs it: the settings the environment selects, then uploads, pictures and cards going to a
real S3 API server over HTTP (moto's, started here: no MinIO or Ceph gateway installs from
the package registries) and coming back from the addresses pages link."""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer
from PIL import Image

from core.markdown import Profile, render
from tests.factories import make_user
from tests.images import carries_metadata, phone_photo, picture

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
BUCKET = "site-media"


def settings_for(environment: dict) -> dict:
    """STORAGES["default"] and MEDIA_URL as config/settings.py makes them from this
    environment, read in a fresh process, as the site would start."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'storage': settings.STORAGES['default'], "
        "'media_url': settings.MEDIA_URL, 'img_src': settings.SECURE_CSP['img-src'][1:]}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **environment}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_a_bucket_media_stay_on_this_machines_disk():
    chosen = settings_for({"MEDIA_S3_BUCKET": ""})
    assert chosen["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert chosen["media_url"] == "/media/"


def test_a_bucket_on_aws_behind_a_cdn():
    chosen = settings_for(
        {"MEDIA_S3_BUCKET": "adapting-media", "MEDIA_S3_PUBLIC_URL": "https://media.example.org"}
    )
    options = chosen["storage"]["OPTIONS"]
    assert chosen["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "adapting-media" and options["endpoint_url"] is None
    assert options["custom_domain"] == "media.example.org"
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    assert chosen["media_url"] == "https://media.example.org/"
    assert chosen["img_src"] == ["https:"]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def object_store(s3_endpoint, settings, monkeypatch):
    """The site's settings for this store, as the environment selects them."""
    credentials = {"AWS_ACCESS_KEY_ID": "site", "AWS_SECRET_ACCESS_KEY": "site-secret"}
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    chosen = settings_for(
        {"MEDIA_S3_BUCKET": BUCKET, "MEDIA_S3_ENDPOINT_URL": s3_endpoint} | credentials
    )
    assert chosen["media_url"] == f"{s3_endpoint}/{BUCKET}/"
    assert chosen["img_src"] == ["https:", chosen["media_url"]]
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    # As the README asks of a site's bucket: everyone may read, only the site may write.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{BUCKET}/*"}],
    }  # fmt: skip
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    settings.STORAGES = {**settings.STORAGES, "default": chosen["storage"]}
    settings.MEDIA_URL = chosen["media_url"]
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def stored_keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers


def test_an_editors_image_goes_to_the_store_and_readers_fetch_it_from_there(
    object_store, client, s3_endpoint
):
    client.force_login(make_user(is_staff=True))
    response = client.post(
        "/markdown/images/", {"image": SimpleUploadedFile("a.jpg", phone_photo())}
    )
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert f'src="{s3_endpoint}/{BUCKET}/articles/' in code
    assert len(stored_keys(object_store)) == 3

    html = render(f"Photo:\n\n{code}", Profile.ARTICLE).html  # the sanitiser keeps its own
    address = html.split('src="', 1)[1].split('"', 1)[0]
    data, headers = fetch(address)
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert not carries_metadata(data)
    assert Image.open(urllib.request.urlopen(address)).size == (1000, 2000)


def test_a_members_picture_is_stored_and_deleted_on_the_store(
    object_store, client, django_capture_on_commit_callbacks
):
    member = make_user(username="rosa")
    client.force_login(member)
    data = picture("PNG", size=(300, 300))
    client.post("/accounts/profile/picture/", {"picture": SimpleUploadedFile("me.png", data)})
    keys = stored_keys(object_store)
    assert [key.rsplit("-", 1)[1] for key in keys] == ["192.png", "48.png", "96.png"]
    assert all(key.startswith(f"avatars/{member.pk}/") for key in keys)
    member.refresh_from_db()
    assert fetch(member.picture.small)[0].startswith(b"\x89PNG")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/profile/picture/", {"remove": "on"})
    assert stored_keys(object_store) == []
