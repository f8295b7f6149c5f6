from dataclasses import replace

from django import template
from django.template.loader import render_to_string

from articles import personal
from comments.models import Comment
from comments.personal import reader_context
from comments.thread import (
    DEFAULT_SORT,
    ThreadRequest,
    load_page,
    page_of,
    render_discussion,
    render_threads,
    stored_discussion,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_thread(context, article):
    """The discussion under an article: threads, pages, sorting, and the comment form.

    The discussion is the same for every reader and comes from the cache; what belongs to
    one reader is left to personal parts (comments/personal.py), filled in for them once the
    page is rendered (articles.personal.place; the view adds the callback that does it).
    ?reply_to=<id> renders the page holding that comment with the form under it, for members
    who may comment.
    """
    request = context["request"]
    wanted = ThreadRequest.from_query(request.GET)
    if "reply_to" in request.GET:
        # Never shared, whoever opens it first: what it shows depends on the reader (the form
        # in the thread carries their CSRF token, and only members who may comment get it).
        personal.mark_not_shareable(request)
        reader = reader_context(request, article)
        if reader["reply_in_thread"]:
            reply_target = reader["reply_target"]
            wanted = replace(wanted, page=page_of(reply_target), sort=DEFAULT_SORT, skill=None)
            page = load_page(article, wanted)
            form_html = render_to_string(
                "comments/comment_form.html#comment-form", reader, request=request
            )
            thread_html = render_threads(
                page, wanted, reply_form_for=reply_target.pk, reply_form_html=form_html
            )
            return render_discussion(request, article, page, wanted, thread_html)
    return personal.place(request, stored_discussion(request, article, wanted))


@register.simple_tag
def pending_comment_count() -> int:
    """For the admin index: how long the moderation queue is."""
    return Comment.objects.pending().count()
