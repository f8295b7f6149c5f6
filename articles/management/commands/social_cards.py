"""Queue a social card for every article that has neither a cover nor a card for its title:
after a deploy that changed the card's design (articles.cards.DESIGN_VERSION), the site's
name, or for articles made before cards existed. The task worker draws them."""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.tasks import make_social_card


class Command(BaseCommand):
    help = "Queue the social cards that articles without a cover still need."

    def handle(self, *args, **options):
        articles = Article.objects.only("pk", "title", "social_card", "cover")
        total = articles.count()
        queued = 0
        for number, article in enumerate(articles.iterator(), start=1):
            if article.needs_social_card():
                make_social_card.enqueue(article.pk)
                queued += 1
            if number % 500 == 0:
                self.stdout.write(f"  {number:,} of {total:,} articles looked at")
        self.stdout.write(
            self.style.SUCCESS(
                f"{queued:,} social card(s) queued for the task worker; "
                f"{total - queued:,} of {total:,} article(s) have a cover or their card."
            )
        )
