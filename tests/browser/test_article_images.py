"""An editor drops an image into an article's editor in the admin: it is uploaded, shows in
the preview, and appears on the published page, served from the site's media."""

import base64
from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_user

pytestmark = pytest.mark.browser

DROP_AN_IMAGE = """([box, data]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], "team.png", { type: "image/png" }));
  box.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true }));
}"""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(size=(640, 320)) -> str:
    out = BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


def test_an_image_dropped_into_the_editor_is_previewed_and_published(open_page, sign_in):
    editor = make_user(username="ines", is_staff=True, is_superuser=True)
    page = open_page()
    sign_in(page, editor)
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title").fill("A picture of the team")
    page.get_by_label("Summary").fill("Our first meetup, in one picture.")
    body = page.locator("textarea[name=body]")
    body.fill("Our first meetup.\n\n")
    page.evaluate(DROP_AN_IMAGE, [body.element_handle(), png()])
    page.wait_for_function(
        "box => box.value.includes('<img src=\"/media/articles/')", arg=body.element_handle()
    )
    expect(page.locator(".markdownx-preview img")).to_have_attribute("width", "640")
    page.get_by_role("button", name="Save", exact=True).click()

    article = Article.objects.get(title="A picture of the team")
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )
    page.goto(article.get_absolute_url())
    shown = page.locator("main img").first
    expect(shown).to_have_attribute("height", "320")
    # Loaded from the site's media, in one of the widths stored (srcset picks it).
    source = page.evaluate(
        "img => img.complete && img.naturalWidth > 0 && img.currentSrc", shown.element_handle()
    )
    assert "/media/articles/" in source
