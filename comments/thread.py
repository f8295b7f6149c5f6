"""Reading an article's discussion: a page of threads as plain dicts, rendered once, cached.

The query count does not depend on the number of comments: the page's thread starts (a
slice of ids, the number of threads being kept on the article; counted only when a skill
filters them), then every comment of those threads with its author in one query, then
their skill tags in one. The tree is assembled in Python and rendered by a Jinja2
template (autoescaped) that sees only dicts and strings. The result, with the counts, sort
links and pager around it, is the same for every reader: it is kept in the cache framework
under a key made of what it shows (`shared_threads`), and each reader's own parts are
rendered around it (comments/reader.py).
"""

import math
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db.models import Q
from django.http import QueryDict
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from markupsafe import Markup

from accounts.avatars import avatar_class, initials
from accounts.models import DELETED_MEMBER_NAME, Skill
from accounts.pictures import Picture

from .models import Comment

THREADS_PER_PAGE = 50
# Replies shown before the rest of a branch folds behind "show N more replies".
REPLIES_SHOWN = 3
SORTS = {
    "oldest": ("created_at", "pk"),
    "newest": ("-created_at", "-pk"),
    "helpful": ("-helpful_count", "created_at", "pk"),
}
SORT_LABELS = {"oldest": "Oldest first", "newest": "Newest first", "helpful": "Most helpful"}
DEFAULT_SORT = "oldest"
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDERS = {Comment.Status.REMOVED: "[deleted]"}
HIDDEN_PLACEHOLDER = "[hidden by the moderators]"


@dataclass(frozen=True)
class ThreadRequest:
    """What the reader asked for, already made safe: unknown values fall back to defaults."""

    page: int = 1
    sort: str = DEFAULT_SORT
    skill: Skill | None = None

    @classmethod
    def from_query(cls, query) -> "ThreadRequest":
        sort = query.get("sort", DEFAULT_SORT)
        try:
            page = max(1, int(query.get("page", 1)))
        except (TypeError, ValueError):
            page = 1
        skill = None
        slug = query.get("skill", "")
        # Only what a slug can be reaches the database (PostgreSQL refuses a NUL outright).
        if slug and len(slug) <= 60 and SLUG.fullmatch(slug):
            skill = Skill.objects.approved().filter(slug=slug).first()
        return cls(page=page, sort=sort if sort in SORTS else DEFAULT_SORT, skill=skill)

    def as_query(self) -> QueryDict:
        """What the reader chose, as the query that links changing one choice start from.

        Nothing else of the address they came by is carried into the links, so a stored
        discussion shows the same links to every reader who made the same choices.
        """
        query = QueryDict(mutable=True)
        if self.page != 1:
            query["page"] = str(self.page)
        if self.sort != DEFAULT_SORT:
            query["sort"] = self.sort
        if self.skill:
            query["skill"] = self.skill.slug
        return query


@dataclass
class ThreadPage:
    number: int
    num_pages: int
    thread_count: int
    threads: list[dict] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def load_page(article, wanted: ThreadRequest) -> ThreadPage:
    """One page of threads: top-level comments in the chosen order, replies oldest first."""
    starts = Comment.objects.for_article(article).thread_starts_shown()
    if wanted.skill:
        starts = starts.about_skill(wanted.skill)
        thread_count = starts.count()
    else:
        # Kept up to date by comments.services; counting here would visit every thread start.
        thread_count = article.thread_count
    num_pages = max(1, math.ceil(thread_count / THREADS_PER_PAGE))
    # A page past the end shows the last page.
    number = min(wanted.page, num_pages)
    page = ThreadPage(number=number, num_pages=num_pages, thread_count=thread_count)
    offset = (number - 1) * THREADS_PER_PAGE
    ordered = starts.order_by(*SORTS[wanted.sort]).values_list("pk", flat=True)
    root_ids = list(ordered[offset : offset + THREADS_PER_PAGE])
    if root_ids:
        page.threads = _assemble(root_ids)
    return page


def page_of(comment: Comment) -> int:
    """The page holding a comment's thread in the default order (oldest first)."""
    start = comment.root or comment
    earlier = (
        Comment.objects.for_article(comment.article_id)
        .thread_starts_shown()
        .filter(
            Q(created_at__lt=start.created_at) | Q(created_at=start.created_at, pk__lt=start.pk)
        )
        .count()
    )
    return earlier // THREADS_PER_PAGE + 1


def _assemble(root_ids: list[int]) -> list[dict]:
    rows = (
        Comment.objects.in_threads(root_ids)
        .order_by("created_at", "pk")
        .values(
            "pk", "parent_id", "reply_to_id", "depth", "status", "body_html", "created_at",
            "edited_at", "helpful_count", "same_here_count", "thanks_count",
            "author__username", "author__display_name",
            "author__skill_chips", "author__anonymised_at", "author__avatar",
            "update_of_id", "update_of__created_at", "update_of__status", "skill_changes",
        )
    )  # fmt: skip
    nodes = {row["pk"]: _node(row) for row in rows}
    for node in nodes.values():
        parent = nodes.get(node["parent_id"])
        if parent:
            parent["children"].append(node)
        _say_whom_it_answers(node, nodes.get(node["reply_to_id"]))
    threads = [nodes[pk] for pk in root_ids if pk in nodes]
    shown = [thread for thread in threads if _prune(thread)]
    _attach_skills(nodes)
    return shown


def _node(row: dict) -> dict:
    """A comment as the template shows it."""
    deleted = row["author__anonymised_at"] is not None
    # A deleted member keeps their place in the thread, as the delete page promises, with
    # no name and no link to a page that is gone.
    username = "" if deleted else row["author__username"]
    name = DELETED_MEMBER_NAME if deleted else row["author__display_name"] or username
    return {
        "id": row["pk"],
        "parent_id": row["parent_id"],
        "reply_to_id": row["reply_to_id"],
        "depth": row["depth"],
        "approved": row["status"] == Comment.Status.APPROVED,
        "placeholder": PLACEHOLDERS.get(row["status"], HIDDEN_PLACEHOLDER),
        # Sanitised when it was stored (core.markdown).
        "body_html": Markup(row["body_html"]),
        "created_iso": row["created_at"].isoformat(timespec="seconds"),
        "created_text": _date_text(row["created_at"]),
        "edited_iso": row["edited_at"].isoformat(timespec="seconds") if row["edited_at"] else "",
        "edited_text": _date_text(row["edited_at"]) if row["edited_at"] else "",
        "helpful_count": row["helpful_count"],
        "same_here_count": row["same_here_count"],
        "thanks_count": row["thanks_count"],
        "username": username,
        "name": name,
        "initials": initials(name),
        "avatar_class": avatar_class(row["author__username"]),
        "picture": Picture(row["author__avatar"])
        if row["author__avatar"] and not deleted
        else None,
        "chips": row["author__skill_chips"] or [],
        "update": _update(row),
        "skills": [],
        "children": [],
    }


def _update(row: dict) -> dict | None:
    """An update to the author's earlier answer: its date (a link while it is public) and
    the skills they started and learned since (comments.updates)."""
    if not row.get("update_of_id"):
        return None
    changes = row["skill_changes"] or {}
    return {
        "id": row["update_of_id"] if row["update_of__status"] == Comment.Status.APPROVED else None,
        "iso": row["update_of__created_at"].isoformat(timespec="seconds"),
        "text": f"{row['update_of__created_at']:%-d %B %Y}",
        "started": changes.get("started", []),
        "learned": changes.get("learned", []),
    }


def _mention(author) -> dict:
    """Whom a reply answers, as _say_whom_it_answers reads it from a node."""
    return {"name": author.public_name, "username": "" if author.is_anonymised else author.username}


def _say_whom_it_answers(node: dict, reply_to: dict | None) -> None:
    """The screen-reader "in reply to" line for every reply, and a visible "replying to
    @name" when the depth cap hung the reply under someone other than whom it answers."""
    node["in_reply_to"] = reply_to["name"] if reply_to else ""
    node["replying_to"] = ""
    if reply_to and node["reply_to_id"] != node["parent_id"]:
        username = reply_to["username"]
        node["replying_to"] = f"@{username}" if username else reply_to["name"]


def _prune(node: dict) -> bool:
    """Drop what readers must not see; keep a placeholder where replies still hang."""
    node["children"] = [child for child in node["children"] if _prune(child)]
    return node["approved"] or bool(node["children"])


def _attach_skills(nodes: dict) -> None:
    # By comment id: a plain index lookup, where selecting by thread needed a join and an OR.
    tags = Comment.skills.through.objects.filter(
        comment_id__in=list(nodes), skill__status=Skill.Status.APPROVED
    ).values_list("comment_id", "skill__name", "skill__slug")
    for comment_id, name, slug in tags.order_by("skill__name"):
        node = nodes.get(comment_id)
        if node and node["approved"]:
            node["skills"].append({"name": name, "slug": slug})


def _date_text(moment) -> str:
    return moment.strftime("%-d %B %Y, %H:%M UTC")


def url_prefixes() -> dict[str, str]:
    """Address prefixes: the template appends ids (and the action's name), so no comment
    pays for a `reverse()`. Tests pin every address this builds."""

    def prefix(name: str, arg) -> str:
        url = reverse(name, args=[arg])
        return url[: url.index(str(arg))]

    return {
        "member_url": prefix("accounts:member", "x" * 9),
        "comment_url": prefix("comments:permalink", 1),
    }


def render_threads(
    page: ThreadPage, wanted: ThreadRequest, *, reply_form_for=None, reply_form_html=""
) -> str:
    """The HTML of a page of threads (the part that may be shared between readers)."""
    template = get_template("comments/thread.html", using="jinja2")
    return template.render(
        {
            "threads": page.threads,
            "page_number": page.number,
            "sort": wanted.sort,
            "reply_form_for": reply_form_for,
            "reply_form_html": Markup(reply_form_html),
        }
        | _template_context()
    )


def render_comment(comment: Comment) -> str:
    """One new comment's HTML, as the thread shows it, for comments.js to insert."""
    author = comment.author
    node = _node(
        {
            "pk": comment.pk,
            "parent_id": comment.parent_id,
            "reply_to_id": comment.reply_to_id,
            "depth": comment.depth,
            "status": comment.status,
            "body_html": comment.body_html,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "helpful_count": comment.helpful_count,
            "same_here_count": comment.same_here_count,
            "thanks_count": comment.thanks_count,
            "author__username": author.username,
            "author__display_name": author.display_name,
            "author__skill_chips": author.skill_chips,
            "author__anonymised_at": author.anonymised_at,
            "author__avatar": author.avatar,
            "update_of_id": comment.update_of_id,
            "update_of__created_at": comment.update_of and comment.update_of.created_at,
            "update_of__status": comment.update_of and comment.update_of.status,
            "skill_changes": comment.skill_changes,
        }
    )
    node["skills"] = [{"name": s.name, "slug": s.slug} for s in comment.skills.all()]
    reply_to = comment.reply_to
    _say_whom_it_answers(node, reply_to and _mention(reply_to.author))
    template = get_template("comments/comment.html", using="jinja2")
    return template.render({"c": node} | _template_context())


def _template_context() -> dict:
    return url_prefixes() | {"replies_shown": REPLIES_SHOWN}


def render_page_of_threads(article, wanted: ThreadRequest, **reply_form) -> str:
    """The discussion as every reader sees it: counts, sorting, a page of threads, pages.

    With `reply_form_for` and `reply_form_html` (a reader replying without JavaScript), the
    form goes under the comment it answers; that rendering is the reader's own.
    """
    page = load_page(article, wanted)
    return render_to_string(
        "comments/threads.html",
        {
            "article": article,
            "page": page,
            "wanted": wanted,
            "links": wanted.as_query(),
            "sorts": SORT_LABELS,
            "thread_html": render_threads(page, wanted, **reply_form),
        },
    )


def shared_threads(article, wanted: ThreadRequest) -> str:
    """`render_page_of_threads`, from the cache while nothing it shows has changed.

    The key holds the article's `comments_changed_at`, which every change to its comments
    moves (comments.services), and so does a change to how their authors appear (their
    names, skills or deletion: comments.signals); and its `updated_at`, moved by every edit
    of the article. Nothing needs deleting: a change makes a new key.
    """
    key = ":".join(
        [
            "threads",
            str(article.pk),
            article.discussion_version,
            article.updated_at.isoformat(),
            # The page shown: a page past the end shows the last one, stored once.
            str(min(wanted.page, max(1, math.ceil(article.thread_count / THREADS_PER_PAGE)))),
            wanted.sort,
            wanted.skill.slug if wanted.skill else "",
            settings.RELEASE_ID,
        ]
    )
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        html = render_page_of_threads(article, wanted)
        fragments.set(key, html, settings.FRAGMENT_CACHE_SECONDS)
    return mark_safe(html)
