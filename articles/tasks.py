"""Work on articles that leaves the request: the social card of an article without a cover."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from core.http_cache import purge

from .cards import card_name, draw_card
from .models import ARTICLES_TAG, Article


@task
def make_social_card(article_id: int) -> str:
    """Draw and store the card for the article's current title, replacing the old one. A
    title changed again meanwhile queues its own run; a card already made is kept."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None or not article.needs_social_card():
        return "nothing to do"
    name = card_name(article.pk, article.title)
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(draw_card(article.title)))
    with transaction.atomic():
        previous, title = (
            Article.objects.select_for_update()
            .filter(pk=article_id)
            .values_list("social_card", "title")
            .first()
        )
        if card_name(article_id, title) != name:
            return "the title changed again: its own run draws its card"
        # update(), not save(): no signal, so no new card is queued for this one. The new
        # updated_at changes the page's validators and fragments; the purge its shared copy.
        Article.objects.filter(pk=article_id).update(social_card=name, updated_at=timezone.now())
        purge(ARTICLES_TAG, Article.cache_tag_for(article_id))
    if previous and previous != name:
        default_storage.delete(previous)
    return name
