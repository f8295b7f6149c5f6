from dataclasses import replace

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from comments.access import can_comment
from comments.forms import CommentForm
from comments.models import Comment
from comments.moderation import edit_window_open
from comments.thread import (
    DEFAULT_SORT,
    SORT_LABELS,
    ThreadRequest,
    cached_threads,
    load_page,
    page_of,
    render_threads,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_thread(context, article):
    """The discussion under an article: threads, pages, sorting, and the comment form.

    The threads come from the shared cache; what belongs to one reader (their pending
    comments, the CSRF token in the forms) is rendered around them on every request.
    ?reply_to=<id> renders, uncached, the page holding that comment with the form under it.
    """
    request = context["request"]
    user = request.user
    wanted = ThreadRequest.from_query(request.GET)
    reply_target = _reply_target(request.GET.get("reply_to", ""), article)
    may_comment = article.comments_open and can_comment(user)
    form = context.get("comment_form")
    if form is None and may_comment:
        form = CommentForm(article=article, initial={"reply_to": reply_target and reply_target.pk})
    form_context = {"article": article, "form": form, "reply_target": reply_target}
    if reply_target and form:
        wanted = replace(wanted, page=page_of(reply_target), sort=DEFAULT_SORT, skill=None)
        page = load_page(article, wanted)
        form_html = render_to_string(
            "comments/comment_form.html#comment-form", form_context, request=request
        )
        thread_html = render_threads(
            page, wanted, reply_form_for=reply_target.pk, reply_form_html=form_html
        )
    else:
        page, thread_html = cached_threads(article, wanted)
    own_pending, own_public = [], []
    if user.is_authenticated:
        # The member's own comments, outside the shared thread HTML: pending ones to show,
        # public ones with their edit and delete links (which also work without JS).
        now = timezone.now()
        for comment in Comment.objects.for_article(article).by(user).own_listing():
            if comment.status == Comment.Status.PENDING:
                own_pending.append(comment)
            else:
                comment.editable = edit_window_open(comment, now)
                own_public.append(comment)
    return render_to_string(
        "comments/discussion.html",
        form_context
        | {
            "page": page,
            "wanted": wanted,
            "sorts": SORT_LABELS,
            "thread_html": thread_html,
            "own_pending": own_pending,
            "own_public": own_public,
            "may_comment": may_comment,
            "reply_in_thread": bool(reply_target and form),
        },
        request=request,
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


@register.simple_tag
def pending_comment_count() -> int:
    """For the admin index: how long the moderation queue is."""
    return Comment.objects.pending().count()
