from dataclasses import replace

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from comments.models import Comment, Standing
from comments.reader import reader_context
from comments.thread import (
    DEFAULT_SORT,
    ThreadRequest,
    page_of,
    render_page_of_threads,
    shared_threads,
)
from comments.trust import allowances, level_of, next_step

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_thread(context, article):
    """The discussion under an article: the threads every reader shares (from the cache),
    with this reader's own parts around them.

    ?reply_to=<id> shows the page holding that comment with the form under it, for members
    who may comment.
    """
    request = context["request"]
    reader = reader_context(request, article)
    wanted = ThreadRequest.from_query(request.GET)
    target = reader["reply_target"]
    if target:
        wanted = replace(wanted, page=page_of(target), sort=DEFAULT_SORT, skill=None)
        form_html = render_to_string(
            "comments/comment_form.html#comment-form", reader, request=request
        )
        threads = render_page_of_threads(
            article, wanted, reply_form_for=target.pk, reply_form_html=form_html
        )
    else:
        threads = shared_threads(article, wanted)
    return render_to_string(
        "comments/discussion.html", reader | {"threads": threads}, request=request
    )


@register.inclusion_tag("comments/standing.html")
def member_standing(member) -> dict:
    """The member's trust level and what it allows, for their settings page."""
    level = level_of(member, timezone.now())
    return {
        "level": Standing.Level(level).label,
        "allowances": allowances(level),
        "next_step": next_step(level),
        "pinned": Standing.objects.filter(user=member, pinned_level__isnull=False).exists(),
    }


@register.simple_tag
def moderation_summary() -> dict:
    """For the admin index: how many comments wait, since when, and how many are flagged."""
    return Comment.objects.moderation_summary()
