"""The member's notification inbox, and following from the page of what they follow.

Plain form posts that work without JavaScript; comments.js may press the follow button in
place (it asks for JSON). Following is private, so none of this is ever shared by a cache."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.models import Skill
from articles.models import Article

from .digest import digest_for
from .following import FollowRefused, follow, mute, unfollow, unmute
from .models import Notification
from .notifications import update_address

PER_PAGE = 20
Kind = Notification.Kind
# The inbox's tabs: what happened, grouped as members think of it.
GROUPS = {
    "replies": ("Replies to you", [Kind.REPLY]),
    "mentions": ("Mentions", [Kind.MENTION]),
    "following": ("In what you follow", [Kind.FOLLOWED]),
    "invitations": ("Invitations to update", [Kind.INVITED]),
    "moderation": (
        "Moderation",
        [Kind.APPROVED, Kind.RETURNED, Kind.REJECTED, Kind.REMOVED, Kind.HELD],
    ),
}
FOLLOWABLE = {
    "article": lambda pk: get_object_or_404(Article.objects.published(), pk=pk),
    "skill": lambda pk: get_object_or_404(Skill.objects.approved(), pk=pk),
    "member": lambda pk: get_object_or_404(get_user_model(), pk=pk),
}


@login_required
def inbox(request):
    """Newest first, in pages, one tab a group; unread ones stand out."""
    group = request.GET.get("show", "")
    notifications = Notification.objects.shown().filter(recipient=request.user)
    if group in GROUPS:
        notifications = notifications.filter(kind__in=GROUPS[group][1])
    elif group:
        raise Http404("No such group of notifications.")
    notifications = notifications.select_related("comment__article", "comment__author").order_by(
        "-created_at", "-pk"
    )
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "groups": GROUPS, "group": group}
    return TemplateResponse(request, "comments/inbox.html", context)


@login_required
def digest_preview(request):
    """The member's weekly digest as it would be sent now."""
    context = {"digest": digest_for(request.user, timezone.now())}
    return TemplateResponse(request, "comments/digest.html", context)


@login_required
@require_POST
def open_notification(request, pk: int):
    """Mark it read and go to the comment it is about."""
    notification = get_object_or_404(
        Notification.objects.shown()
        .filter(recipient=request.user)
        .select_related("comment__article"),
        pk=pk,
    )
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    if notification.kind == Notification.Kind.INVITED:  # straight to the update's form
        return redirect(update_address(notification.comment))
    return redirect(notification.comment.get_absolute_url())


@login_required
@require_POST
def read_all(request):
    marked = Notification.objects.filter(recipient=request.user, read_at=None).update(
        read_at=timezone.now()
    )
    messages.success(request, f"{marked} notification{'s' if marked != 1 else ''} marked read.")
    return redirect("comments:inbox")


@login_required
@require_POST
def follow_view(request, kind: str, pk: int):
    """Follow or stop following (`action`), then back where the button was."""
    if kind not in FOLLOWABLE:
        raise Http404("Nothing of that kind can be followed.")
    target = FOLLOWABLE[kind](pk)
    following = request.POST.get("action") != "unfollow"
    try:
        changed = follow(request.user, target) if following else unfollow(request.user, target)
    except FollowRefused as refusal:
        if request.headers.get("X-Requested-With") == "fetch":
            return JsonResponse({"error": str(refusal)}, status=400)
        messages.error(request, str(refusal))
        return redirect(_back(request, target))
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"following": following})
    name = _name(target)
    if following:
        said = f"You follow {name}." if changed else f"You already follow {name}."
    else:
        said = f"You no longer follow {name}." if changed else f"You were not following {name}."
    messages.success(request, said)
    return redirect(_back(request, target))


@login_required
@require_POST
def mute_view(request, pk: int):
    """Mute or unmute (`action`) a member, then back where the button was."""
    muted = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    muting = request.POST.get("action") != "unmute"
    try:
        changed = mute(request.user, muted) if muting else unmute(request.user, muted)
    except FollowRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(_back(request, muted))
    name = muted.public_name
    if muting:
        said = (
            f"You muted {name}: their comments are folded for you, and they cannot mention you."
            if changed
            else f"You had already muted {name}."
        )
    else:
        said = f"You no longer mute {name}." if changed else f"You were not muting {name}."
    messages.success(request, said)
    return redirect(_back(request, muted))


def _name(target) -> str:
    if isinstance(target, Article):
        return f"the discussion of “{target.title}”"
    if isinstance(target, Skill):
        return f"the skill “{target.name}”"
    return target.public_name


def _back(request, target) -> str:
    """The page the button was on (`next`, if it is ours), else the target's page."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return target.get_absolute_url()
