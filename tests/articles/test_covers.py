"""Covers and social cards: an editor gives an article a cover in the admin and readers see
it on the article, the home page and in feeds; a shared link shows the cover, or a card
with the title drawn by the task worker and drawn again when the title changes."""

from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from articles.cards import HEIGHT, WIDTH, draw_card, title_lines
from articles.models import Article
from tests.factories import make_article
from tests.images import HOSTILE, carries_metadata, phone_photo, stored

pytestmark = pytest.mark.django_db


def change_form(article: Article, **changes) -> dict:
    """What the admin's change form posts for this article, with some fields changed."""
    data = {
        "title": article.title, "slug": article.slug, "summary": article.summary,
        "body": article.body, "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "discussion_prompt": article.discussion_prompt, "comments_open": "on",
        "cover_alt": article.cover_alt,
    }  # fmt: skip
    data.update(changes)
    return data


def give_cover(admin_client, article, data=None, name="desk.jpg", alt="A desk by a window"):
    upload = SimpleUploadedFile(name, data or phone_photo())
    return admin_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form(article, cover_upload=upload, cover_alt=alt),
    )


def test_an_editor_gives_an_article_a_cover_that_readers_see_everywhere(admin_client, client):
    article = make_article(title="Pricing in the age of AI", summary="What to charge now.")
    response = give_cover(admin_client, article)
    assert response.status_code == 302, response.text
    article.refresh_from_db()
    cover = article.cover_image
    assert (cover.width, cover.height) == (1000, 2000)  # upright, as the phone was held
    assert cover.url.startswith("/media/covers/") and "480w" in cover.srcset

    page = client.get(article.get_absolute_url()).text
    figure = f'<figure class="article-cover"><img src="{cover.url}" srcset="{cover.srcset}"'
    assert figure in page
    assert 'width="1000" height="2000" alt="A desk by a window"' in page
    assert f'<meta property="og:image" content="{settings.SITE_URL}{cover.url}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert f'class="article-card-cover" src="{cover.url}"' in client.get("/").text
    feed = client.get("/feeds/atom/").text
    assert f'img src="{settings.SITE_URL}{cover.url}"' in feed  # absolute, for feed readers
    assert f"{settings.SITE_URL}{cover.url.replace('-1000.', '-480.')} 480w" in feed


def test_the_cover_is_served_without_the_photos_location(admin_client, client, media):
    give_cover(admin_client, make_article())
    files = stored(media / "covers")
    assert files
    for path in files:
        assert not carries_metadata(path.read_bytes())


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_cover_is_refused_with_its_reason_and_nothing_changes(admin_client, media, case):
    data, name, reason = HOSTILE[case]
    article = make_article(title="Unchanged")
    response = give_cover(admin_client, article, data, name)
    assert response.status_code == 200
    assert reason in response.text
    article.refresh_from_db()
    assert article.cover == {}
    assert stored(media / "covers") == []


def test_a_cover_needs_a_description(admin_client, media):
    article = make_article()
    response = give_cover(admin_client, article, alt="")
    assert "Describe the cover for readers who cannot see it." in response.text
    article.refresh_from_db()
    assert article.cover == {} and stored(media / "covers") == []


def test_an_editor_removes_the_cover(admin_client, client):
    article = make_article()
    give_cover(admin_client, article)
    article.refresh_from_db()
    response = admin_client.post(
        f"/admin/articles/article/{article.pk}/change/", change_form(article, remove_cover="on")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.cover == {} and article.cover_alt == ""
    assert "article-cover" not in client.get(article.get_absolute_url()).text


def saved_and_committed(django_capture_on_commit_callbacks, article, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        for field, value in changes.items():
            setattr(article, field, value)
        article.save()
    article.refresh_from_db()
    return article


def test_an_article_without_a_cover_gets_a_card_with_its_title(
    django_capture_on_commit_callbacks, client, media
):
    article = make_article(title="Ten clients, one calendar")
    saved_and_committed(django_capture_on_commit_callbacks, article)
    assert article.social_card.startswith(f"cards/{article.pk}-")
    with Image.open(media / article.social_card) as card:
        assert (card.format, card.size) == ("PNG", (WIDTH, HEIGHT))
    page = client.get(article.get_absolute_url()).text
    assert f'<meta property="og:image" content="{article.social_image["url"]}">' in page
    assert article.social_image["url"].endswith(article.social_card)
    assert f'<meta property="og:image:width" content="{WIDTH}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def test_a_new_title_draws_a_new_card_and_drops_the_old_one(
    django_capture_on_commit_callbacks, media
):
    article = saved_and_committed(
        django_capture_on_commit_callbacks, make_article(title="Old title")
    )
    old_card = media / article.social_card
    old_pixels = old_card.read_bytes()
    saved_and_committed(django_capture_on_commit_callbacks, article, summary="Only the summary")
    assert (media / article.social_card) == old_card  # same title: the same card is kept
    saved_and_committed(django_capture_on_commit_callbacks, article, title="A much better title")
    new_card = media / article.social_card
    assert new_card != old_card and not old_card.exists()
    assert new_card.read_bytes() != old_pixels


def test_cards_are_queued_for_articles_made_before_them(capsys):
    Article.objects.all().delete()
    first, second = make_article(), make_article()
    Article.objects.filter(pk=first.pk).update(cover={"url": "/media/c.jpg", "width": 1,
                                                      "height": 1, "srcset": ""})  # fmt: skip
    call_command("social_cards")
    out = capsys.readouterr().out
    assert "1 social card(s) queued" in out and "1 of 2 article(s) have a cover" in out
    second.refresh_from_db()
    assert second.social_card  # the immediate backend of the tests drew it at once
    call_command("social_cards")
    assert "0 social card(s) queued" in capsys.readouterr().out


def test_a_card_fits_a_long_title_in_four_lines_and_cuts_a_longer_one():
    long_title = "AI and the Gig Economy: Navigating the Opportunities and Challenges for Workers"
    lines, font = title_lines(long_title)
    assert " ".join(lines) == long_title and font.size == 72
    lines, font = title_lines("Independent " * 40)
    assert len(lines) == 4 and lines[-1].endswith("…") and font.size == 42
    with Image.open(BytesIO(draw_card("Independent " * 40))) as card:
        assert card.size == (WIDTH, HEIGHT)
