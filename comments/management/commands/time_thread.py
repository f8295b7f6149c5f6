"""Time one article page's thread: uncached (queries + render), and its discussion from the cache.

Builds a throwaway article with N comments (a third thread starts, the rest replies down
to the depth cap) inside a transaction that is rolled back, so it leaves nothing behind.
"""

import random
import time
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.services import touch_article
from comments.thread import ThreadRequest, load_page, render_threads, stored_discussion

BODY = (
    "I moved from transcription to **AI training** work last year. What helped:\n\n"
    "- a short course on [data annotation](https://example.com/course)\n"
    "- pairing with someone who already did it\n\n"
    "The hardest part was pricing: `hourly` versus per-task. {n}"
)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time rendering one page of an article's comment thread (µs per comment)."

    def add_arguments(self, parser):
        parser.add_argument("--comments", type=int, default=300)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, comments, repeat, **options):
        try:
            with transaction.atomic():
                article = self._build(comments)
                self._measure(article, repeat)
                raise Rollback
        except Rollback:
            pass

    def _build(self, total: int) -> Article:
        tag = uuid.uuid4().hex[:8]
        article = Article.objects.create(
            title=f"Timing {tag}", slug=f"timing-{tag}", body="x", status="published",
            published_at=timezone.now(),
        )  # fmt: skip
        members = [
            get_user_model().objects.create_user(
                username=f"t{tag}{n}", email=f"t{tag}{n}@example.com", display_name=f"Member {n}",
                skill_chips=[{"name": "AI", "slug": "ai-training", "learning": n % 2 == 0}],
            )
            for n in range(100)
        ]  # fmt: skip
        rng = random.Random(1)
        made = []
        for n in range(total):
            comment = Comment(
                article=article, author=rng.choice(members), body=BODY.format(n=n),
                status="approved",
            )  # fmt: skip
            if made and n % 3:
                target = rng.choice(made)
                comment.reply_to = target
                comment.parent, comment.root, comment.depth = target.tree_position_for_reply()
            comment.save()
            made.append(comment)
        touch_article(article.pk, timezone.now())
        article.refresh_from_db()
        return article

    def _measure(self, article: Article, repeat: int) -> None:
        wanted = ThreadRequest()
        with CaptureQueriesContext(connection) as queries:
            page = load_page(article, wanted)
        shown = _count(page.threads)
        start = time.perf_counter()
        for _ in range(repeat):
            page = load_page(article, wanted)
        loaded = (time.perf_counter() - start) / repeat
        start = time.perf_counter()
        for _ in range(repeat):
            render_threads(page, wanted)
        rendered = (time.perf_counter() - start) / repeat
        request = RequestFactory().get(article.get_absolute_url())
        request.user = AnonymousUser()
        stored_discussion(request, article, wanted)
        start = time.perf_counter()
        for _ in range(repeat):
            stored_discussion(request, article, wanted)
        hit = (time.perf_counter() - start) / repeat
        self.stdout.write(
            f"{shown} comments on the page, {len(queries)} queries\n"
            f"uncached: load {loaded * 1e3:.2f} ms + render {rendered * 1e3:.2f} ms = "
            f"{(loaded + rendered) * 1e6 / shown:.1f} µs/comment "
            f"(render alone {rendered * 1e6 / shown:.1f} µs/comment)\n"
            f"discussion from the cache: {hit * 1e3:.3f} ms = {hit * 1e6 / shown:.2f} µs/comment"
        )


def _count(nodes) -> int:
    return sum(1 + _count(node["children"]) for node in nodes)
