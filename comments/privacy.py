"""What the comments app keeps about a member, for their data export and for forgetting
them when they delete their account (receivers of accounts.changes' signals)."""

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from accounts.export import iso
from articles.models import Article
from core.http_cache import purge

from . import audit
from .follows import Follow, Mute
from .models import Comment, CommentRevision, Flag, Notification, Reaction, Suspension
from .notes import ModeratorNote
from .services import touch_article
from .standing import Standing


def forget_member(sender, user, **kwargs) -> None:
    """The comments stay, as the delete page promises, under "[deleted member]"; what could
    still identify the person goes: the addresses they posted from, the earlier versions
    of their text, the notifications addressed to them, moderators' notes about them, their
    follows, mutes and reactions (the comments' counts with them). Flags, suspensions and
    the audit trail stay as moderation history, pointing at an account that names nobody."""
    Comment.objects.filter(author=user).update(ip_address=None, idempotency_key=None)
    CommentRevision.objects.filter(comment__author=user).delete()
    Notification.objects.filter(recipient=user).delete()
    ModeratorNote.objects.filter(member=user).delete()
    Standing.objects.filter(user=user).delete()
    Follow.objects.filter(Q(follower=user) | Q(member=user)).delete()
    Mute.objects.filter(Q(member=user) | Q(muted=user)).delete()
    _withdraw_reactions(user)
    audit.forget_member(user, now=user.anonymised_at)


def _withdraw_reactions(user) -> None:
    """Their reactions go, and the comments they reacted to are counted again (a recount,
    so it also mends a count that drifted); the discussions that show those counts get a
    new version and are purged."""
    reacted = list(Reaction.objects.filter(user=user).values_list("comment_id", flat=True))
    if not reacted:
        return
    Reaction.objects.filter(user=user).delete()
    recounted = {
        field: Coalesce(
            Subquery(
                Reaction.objects.filter(comment=OuterRef("pk"), kind=kind)
                .order_by()
                .values("comment")
                .annotate(total=Count("pk"))
                .values("total")
            ),
            0,
        )
        for kind, field in Reaction.COUNT_FIELDS.items()
    }
    touched = Comment.objects.filter(pk__in=reacted)
    touched.update(**recounted)
    for article_id in sorted(set(touched.values_list("article_id", flat=True))):
        touch_article(article_id, user.anonymised_at)
        purge(Article.cache_tag_for(article_id))


def member_comment_data(sender, user, **kwargs) -> dict:
    """The export's sections about the discussion, a query each."""
    revisions: dict[int, list] = {}
    for revision in CommentRevision.objects.filter(comment__author=user).order_by("created_at"):
        revisions.setdefault(revision.comment_id, []).append(
            {"body": revision.body, "replaced_at": iso(revision.created_at)}
        )
    comments = Comment.objects.filter(author=user).select_related("article").order_by("created_at")
    return {
        "comments": [
            {
                "id": comment.pk,
                "body": comment.body,
                "status": comment.status,
                "article": {
                    "title": comment.article.title,
                    "url": settings.SITE_URL + comment.article.get_absolute_url(),
                },
                "created_at": iso(comment.created_at),
                "edited_at": iso(comment.edited_at),
                "posted_from_ip_address": comment.ip_address,
                # Why a moderator took it down or returned it, as the member was told.
                "moderator_reason": comment.removal_reason_told,
                "earlier_versions": revisions.get(comment.pk, []),
            }
            for comment in comments
        ],
        "reactions": [
            {"comment": reaction.comment_id, "kind": reaction.kind, "at": iso(reaction.created_at)}
            for reaction in Reaction.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "flags": [
            {"comment": flag.comment_id, "reason": flag.reason, "at": iso(flag.created_at)}
            for flag in Flag.objects.filter(user=user).order_by("created_at")
        ],
        "notifications": [
            {
                "kind": note.kind,
                "comment": note.comment_id,
                "status": note.status,
                "created_at": iso(note.created_at),
                "sent_at": iso(note.sent_at),
            }
            for note in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
        "suspensions": [
            {"from": iso(s.starts_at), "until": iso(s.until), "reason": s.reason}
            for s in Suspension.objects.filter(user=user).order_by("starts_at")
        ],
        # What they follow, newest first; who follows them is each follower's private matter.
        "following": [
            {
                "kind": follow.kind,
                "url": settings.SITE_URL + follow.target.get_absolute_url(),
                "since": iso(follow.created_at),
            }
            for follow in Follow.objects.filter(follower=user).select_related(
                "article", "skill", "member"
            )
        ],
        # Whom they muted; who muted them is each member's private matter.
        "muted": [
            {"member": mute.muted.username, "since": iso(mute.created_at)}
            for mute in Mute.objects.filter(member=user).select_related("muted")
        ],
        # The trust level as last worked out (comments.trust), and whether a moderator set
        # it; their reason is a moderator's note, withheld like the notes.
        "trust": [
            {
                "level": standing.get_effective_level_display(),
                "set_by_a_moderator": standing.pinned_level is not None,
            }
            for standing in Standing.objects.filter(user=user)
        ],
    }
