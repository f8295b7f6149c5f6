"""Fill a database with a realistic discussion for the benchmark.

    manage.py bench_data --comments 300 3000 10000 --members 100

The essay gets the first size; each further size gets a copy of the essay
(`ai-and-the-gig-economy-<n>`), so one server run measures every size. One third of
the comments start threads, the rest reply down to the depth cap.
"""

import random
import time
from dataclasses import asdict
from datetime import timedelta
from io import BytesIO

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import Profile, Skill, SkillEntry
from accounts.skills import chips_for, ensure_skills
from articles.models import Article
from articles.seed import ensure_essay
from bench.corpus import HEADLINES, comment_body
from comments.models import MAX_DEPTH, Comment
from comments.services import touch_article
from core.images import check_upload, store_widths
from core.markdown import Profile as MarkdownProfile
from core.markdown import render

BENCH_PASSWORD = "bench-password-not-secret"


def photo(rng: random.Random, name: str) -> SimpleUploadedFile:
    """A 1,600 × 900 JPEG of soft colour bands, as a camera would upload it."""
    picture = Image.new("RGB", (1600, 900))
    draw = ImageDraw.Draw(picture)
    for band in range(0, 900, 30):
        shade = tuple(rng.randrange(60, 230) for _ in range(3))
        draw.rectangle((0, band, 1600, band + 30), fill=shade)
    out = BytesIO()
    picture.save(out, "JPEG", quality=90)
    return SimpleUploadedFile(f"{name}.jpg", out.getvalue())


BATCH = 1000


class Command(BaseCommand):
    help = "Generate members, profiles, skills and threaded comments for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--comments", type=int, nargs="+", default=[300])
        parser.add_argument("--members", type=int, default=100)
        parser.add_argument("--follow-ups", type=int, default=3)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, comments, members, follow_ups, seed, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        ensure_skills()
        essay = ensure_essay()
        users = self.create_members(members, rng)
        articles = [essay] + [self.copy_of(essay, size) for size in comments[1:]]
        total = 0
        for article, size in zip(articles, comments, strict=True):
            total += self.create_discussion(article, size, users, rng)
        follow_up_articles = self.create_follow_ups(essay, follow_ups)
        self.illustrate(articles + follow_up_articles, rng)
        self.gather_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f}s: {len(users)} members, "
                f"{total} comments on {len(articles)} article(s), {follow_ups} follow-ups."
            )
        )

    def gather_statistics(self) -> None:
        """What autovacuum does on a live PostgreSQL database, before anything is measured.

        Tables filled a moment ago have no statistics yet, and without them the planner
        scans every comment where an index finds the 150 a page shows (5 ms instead of 0.5).
        """
        if connection.vendor == "postgresql":
            self.stdout.write("  analyzing the tables…")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def progress(self, label: str, done: int, total: int) -> None:
        self.stdout.write(f"\r  {label}: {done}/{total}", ending="")
        if done >= total:
            self.stdout.write("")
        self.stdout.flush()

    @transaction.atomic
    def create_members(self, count: int, rng: random.Random) -> list:
        User = get_user_model()
        existing = list(User.objects.filter(username__startswith="bench-"))
        if len(existing) >= count:
            self.stdout.write(f"  members: {len(existing)} already present")
            return existing[:count]
        password = make_password(BENCH_PASSWORD)
        users = User.objects.bulk_create(
            User(
                username=f"bench-{n}",
                email=f"bench-{n}@example.com",
                display_name=f"Member {n}",
                password=password,
            )
            for n in range(len(existing), count)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        skills = list(Skill.objects.approved())
        now = timezone.now()
        profiles, entries = [], []
        for done, user in enumerate(users, 1):
            bio = f"{rng.choice(HEADLINES)}. I write about what [works](https://example.org)."
            profiles.append(
                Profile(
                    user=user,
                    headline=rng.choice(HEADLINES),
                    bio=bio,
                    bio_html=render(bio, MarkdownProfile.BIO).html,
                )
            )
            chosen = rng.sample(skills, rng.randint(3, 8))
            user_entries = []
            for position, skill in enumerate(chosen):
                learning = rng.random() < 0.5
                started = now - timedelta(days=rng.randint(1, 400))
                user_entries.append(
                    SkillEntry(
                        user=user,
                        skill=skill,
                        level="learning" if learning else "have",
                        position=position,
                        started_learning_at=started,
                        learned_at=None if learning else started + timedelta(days=30),
                    )
                )
            entries += user_entries
            user.skill_chips = chips_for(user_entries)
            if done % 50 == 0 or done == len(users):
                self.progress("members", done, len(users))
        Profile.objects.bulk_create(profiles)
        SkillEntry.objects.bulk_create(entries)
        User.objects.bulk_update(users, ["skill_chips"])
        return existing + users

    def copy_of(self, essay: Article, size: int) -> Article:
        article, _ = Article.objects.get_or_create(
            slug=f"{essay.slug}-{size}",
            defaults={
                "title": f"{essay.title} ({size:,} comments)",
                "summary": essay.summary,
                "body": essay.body,
                "status": Article.Status.PUBLISHED,
                "published_at": essay.published_at,
                "discussion_prompt": essay.discussion_prompt,
            },
        )
        return article

    @transaction.atomic
    def create_discussion(self, article: Article, size: int, users: list, rng) -> int:
        if article.comments.exists():
            self.stdout.write(f"  {article.slug}: comments already present")
            return 0
        skills = list(Skill.objects.approved())
        top_level = size // 3
        made: list[Comment] = []
        by_depth: dict[int, list[Comment]] = {depth: [] for depth in range(1, MAX_DEPTH + 1)}

        def build(parent: Comment | None, reply_to: Comment | None) -> Comment:
            body = comment_body(rng)
            rendered = render(body, MarkdownProfile.COMMENT)
            return Comment(
                article=article,
                author=rng.choice(users),
                parent=parent,
                reply_to=reply_to,
                root=None if parent is None else (parent.root or parent),
                depth=1 if parent is None else parent.depth + 1,
                status=Comment.Status.APPROVED,
                body=body,
                body_html=rendered.html,
                link_count=rendered.link_count,
                helpful_count=rng.choice([0, 0, 0, 1, 2, 5]),
            )

        # Each depth is saved before the next, so replies can point at real ids.
        pending = [build(None, None) for _ in range(top_level)]
        remaining = size - top_level
        for depth in range(1, MAX_DEPTH + 1):
            saved = Comment.objects.bulk_create(pending, batch_size=BATCH)
            by_depth[depth] = saved
            made += saved
            self.progress(f"{article.slug} comments", len(made), size)
            if remaining <= 0:
                break
            if depth == MAX_DEPTH:
                break
            # Half the replies answer thread starters, most of the rest answer those.
            share = remaining // 2 if depth == 1 else remaining * 2 // 3
            pending = []
            for _ in range(share):
                answered = rng.choice(by_depth[depth])
                pending.append(build(answered, answered))
            remaining -= share
        # Replies to depth-3 comments stay at depth 3, beside the comment they answer.
        if remaining > 0:
            extra = []
            for _ in range(remaining):
                answered = rng.choice(by_depth[MAX_DEPTH])
                extra.append(build(answered.parent, answered))
            made += Comment.objects.bulk_create(extra, batch_size=BATCH)
            self.progress(f"{article.slug} comments", len(made), size)
        through = Comment.skills.through
        through.objects.bulk_create(
            (
                through(comment_id=comment.pk, skill_id=skill.pk)
                for comment in made
                if rng.random() < 0.4
                for skill in rng.sample(skills, rng.randint(1, 3))
            ),
            batch_size=BATCH,
        )
        touch_article(article.pk, timezone.now())
        return len(made)

    def create_follow_ups(self, essay: Article, count: int) -> list[Article]:
        made = []
        for n in range(1, count + 1):
            article, _ = Article.objects.get_or_create(
                slug=f"follow-up-{n}",
                defaults={
                    "title": f"What you told us, part {n}",
                    "summary": "A follow-up built from the discussion under the essay.",
                    "body": "## What we heard\n\nMembers shared what worked for them.\n",
                    "status": Article.Status.PUBLISHED,
                    "published_at": essay.published_at + timedelta(days=n),
                },
            )
            made.append(article)
        return made

    def illustrate(self, articles: list[Article], rng: random.Random) -> None:
        """A cover for every article and two inline images in each follow-up, through the
        editors' upload path (core.images), so pages carry what real ones do. Articles that
        already have a cover are left as they are."""
        for done, article in enumerate(articles, start=1):
            if article.cover:
                continue
            cover = store_widths(check_upload(photo(rng, f"cover-{article.slug}")), "covers")
            article.cover, article.cover_alt = asdict(cover), "A desk with a laptop by a window"
            if article.slug.startswith("follow-up-"):
                for number in (1, 2):
                    inline = store_widths(check_upload(photo(rng, f"inline-{number}")), "articles")
                    article.body += f"\n{inline.as_html(f'Chart {number}')}\n"
            # Only these: the discussion's counts were written after `article` was read.
            article.save(update_fields=["cover", "cover_alt", "body", "updated_at"])
            self.progress("illustrated articles", done, len(articles))
