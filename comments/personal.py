"""The reader's own parts of the discussion under an article (see articles.personal).

The threads are the same for everyone; around them each reader sees their own things:
their pending comments, edit and delete links for their public ones, the comment form
with its CSRF token, or the note that says how to join in.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from accounts.display import member_display_version
from articles.local_cache import rendered_pages
from articles.models import Article

from .access import can_comment
from .forms import CommentForm
from .models import Comment
from .moderation import edit_window_open

TEMPLATE = "comments/discussion.html"
# What the reader's parts show of their article (and the form's action and cache key).
PART_FIELDS = {
    "id",
    "slug",
    "discussion_prompt",
    "comments_open",
    "updated_at",
    "comments_changed_at",
}
# A member's own comments under an article, kept under its `comments_changed_at`, which every
# change to a comment moves (comments.services); this bounds the memory they hold.
OWN_COMMENTS_SECONDS = 10 * 60


def parts_article(article: Article) -> Article:
    """The article as the reader's parts see it: only the fields they show.

    The page members share is stored with its parts' arguments, so a copy this small
    saves loading the article for each member without storing its body twice.
    """
    return article.copy_with(PART_FIELDS)


def prompt(request, article) -> str:
    return _render("prompt", request, article)


def before_thread(request, article) -> str:
    return _render("before-thread", request, article)


def after_thread(request, article) -> str:
    return _render("after-thread", request, article)


def _render(partial: str, request, article) -> str:
    return render_to_string(
        f"{TEMPLATE}#{partial}", reader_context(request, article), request=request
    )


def reader_context(request, article: Article) -> dict:
    """What this reader's parts show, worked out once per request and article.

    ?reply_to=<id> names the comment a reader without JavaScript is replying to.
    """
    worked_out = request.__dict__.setdefault("_comment_readers", {})
    if article.pk in worked_out:
        return worked_out[article.pk]
    user = request.user
    reply_target = _reply_target(request.GET.get("reply_to", ""), article)
    may_comment = article.comments_open and can_comment(user)
    form = None
    if may_comment and reply_target:
        form = CommentForm(article=article, initial={"reply_to": reply_target.pk})
    own_pending, own_public = [], []
    if user.is_authenticated:
        now = timezone.now()
        for comment in own_comments(user, article):
            if comment.status == Comment.Status.PENDING:
                own_pending.append(comment)
            else:
                comment.editable = edit_window_open(comment, now)
                own_public.append(comment)
    worked_out[article.pk] = {
        "article": article,
        "may_comment": may_comment,
        "form": form,
        "blank_form": blank_comment_form(request, article) if may_comment and not form else "",
        "reply_target": reply_target,
        "reply_in_thread": bool(form),
        "own_pending": own_pending,
        "own_public": own_public,
    }
    return worked_out[article.pk]


@dataclass
class OwnComment:
    """What the member's own lists show of one of their comments: small enough to cache."""

    pk: int
    status: str
    created_at: datetime.datetime
    posted: str  # when, as its edit and delete links say to screen readers
    body_html: str  # a pending comment is shown whole
    excerpt: str  # a public one by its first words, linking to it in the thread
    editable: bool = False

    @classmethod
    def of(cls, comment: Comment) -> "OwnComment":
        pending = comment.status == Comment.Status.PENDING
        return cls(
            comment.pk,
            comment.status,
            comment.created_at,
            # Formatted once for the cache: the date filter on every page the member sees
            # cost more than the rest of the list.
            posted=date_format(timezone.localtime(comment.created_at), "j F, H:i"),
            body_html=comment.body_html if pending else "",
            excerpt="" if pending else Truncator(comment.body).words(12, truncate=" …"),
        )


def own_comments(user, article: Article) -> list[OwnComment]:
    """The member's latest pending and public comments under the article, newest first.

    Asked on every page the member sees, and changed only by what moves the article's
    `comments_changed_at`: from the cache, unless caches are off (settings.CACHE_FRAGMENTS).
    """

    def listed() -> list[OwnComment]:
        listing = Comment.objects.for_article(article).by(user).own_listing()
        return [OwnComment.of(comment) for comment in listing]

    if not settings.CACHE_FRAGMENTS:
        return listed()
    # The release is in the key: a new release may store these differently.
    key = f"own-comments:{article.pk}:{article.discussion_version}:{user.pk}:{settings.RELEASE_ID}"
    return cache.get_or_set(key, listed, OWN_COMMENTS_SECONDS)


# Stand-ins in the stored form for what each reader gets fresh.
CSRF_TOKEN_SLOT = "csrf-token-slot"
IDEMPOTENCY_KEY_SLOT = "idempotency-key-slot"
FORM_CACHE_SECONDS = 60 * 60


def blank_comment_form(request, article) -> str:
    """The comment form as every member first sees it, with its scripts.

    Building it (the skill picker, the editor widget) cost more than the rest of a member's
    page, yet only the CSRF token and the idempotency key differ between readers; the rest
    is stored under the article's and the skills' versions (skill changes move the members'
    display version).
    """
    updated = article.updated_at.timestamp() if article.updated_at else 0
    key = f"comment-form:{article.pk}:{updated}:{member_display_version()}:{settings.RELEASE_ID}"
    html = rendered_pages.get(key)
    if html is None:
        form = CommentForm(article=article, initial={"idempotency_key": IDEMPOTENCY_KEY_SLOT})
        html = render_to_string(
            "comments/comment_form.html#comment-form",
            {"article": article, "form": form, "csrf_token": CSRF_TOKEN_SLOT},
        ) + str(form.media)
        rendered_pages.set(key, html, FORM_CACHE_SECONDS)
    return mark_safe(
        html.replace(CSRF_TOKEN_SLOT, get_token(request)).replace(
            IDEMPOTENCY_KEY_SLOT, str(uuid.uuid4())
        )
    )


def _reply_target(value: str, article) -> Comment | None:
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return (
        Comment.objects.approved()
        .for_article(article)
        .select_related("author")
        .filter(pk=int(value))
        .first()
    )
