from dataclasses import replace

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from comments.following import is_following
from comments.models import Comment, Follow, Mute, Notification, Standing
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


@register.inclusion_tag("comments/follow_button.html", takes_context=True)
def follow_button(context, target, label: str) -> dict:
    """Follow or stop following `target` (an article, a skill, a member): a plain form post,
    back to this page. Anonymous readers are asked to sign in."""
    request = context["request"]
    return {
        "user": request.user,
        "kind": Follow.field_for(target),
        "target": target,
        "label": label,
        "following": is_following(request.user, target),
        "next": request.get_full_path(),
    }


@register.inclusion_tag("comments/mute_button.html", takes_context=True)
def mute_button(context, member) -> dict:
    """Mute or unmute a member from their page; signed-in members only, never oneself or
    a moderator."""
    request = context["request"]
    reader = request.user
    shown = reader.is_authenticated and reader.pk != member.pk and not member.is_staff
    return {
        "shown": shown,
        "member": member,
        "muted": shown and Mute.objects.filter(member=reader, muted=member).exists(),
        "next": request.get_full_path(),
    }


@register.simple_tag
def unread_notifications(member) -> int:
    """For the header: how many of the member's notifications they have not read."""
    return Notification.objects.shown().filter(recipient=member, read_at=None).count()


@register.inclusion_tag("comments/member_follows.html", takes_context=True)
def member_follows(context, member) -> dict:
    """What the member follows, for their settings page: one query."""
    follows = Follow.objects.filter(follower=member).select_related("article", "skill", "member")
    mutes = Mute.objects.filter(member=member).select_related("muted")
    return {
        "follows": list(follows),
        "mutes": list(mutes),
        "next": context["request"].get_full_path(),
    }


@register.simple_tag
def moderation_summary() -> dict:
    """For the admin index: how many comments wait, since when, and how many are flagged."""
    return Comment.objects.moderation_summary()
