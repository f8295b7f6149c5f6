"""Pages link the hashed static files whitenoise serves, and follow STATIC_URL."""

import re

from django.templatetags.static import static


def test_a_static_address_is_the_hashed_file_every_time():
    first = static("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", first)
    assert static("css/site.css") == first


def test_a_new_static_url_gives_new_addresses(settings):
    hashed_name = static("css/site.css").removeprefix("/static/")
    settings.STATIC_URL = "https://cdn.example.org/assets/"
    assert static("css/site.css") == f"https://cdn.example.org/assets/{hashed_name}"
