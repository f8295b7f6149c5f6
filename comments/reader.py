"""What one reader sees around the shared discussion: their comments awaiting moderation,
edit and delete links for their public ones, and the comment form or the note that says how
to join in. Rendered for each request by ordinary templates (comments/discussion.html)."""

from django.utils import timezone

from .access import can_comment
from .forms import CommentForm
from .models import Comment, Flag, Reaction
from .moderation import edit_window_open, first_comment_hold
from .quoting import quoted
from .trust import level_of


def reader_context(request, article) -> dict:
    """The reader's own parts of the discussion. ?reply_to=<id> names the comment a reader
    without JavaScript is replying to: the form then goes under it, in the thread; with
    &quote=1 the form starts with that comment quoted."""
    user = request.user
    may_comment = article.comments_open and can_comment(user)
    reply_target = _reply_target(request.GET.get("reply_to", ""), article) if may_comment else None
    update_target = (
        _update_target(request.GET.get("update_of", ""), article, user) if may_comment else None
    )
    form = None
    if may_comment:
        initial = {"reply_to": reply_target.pk} if reply_target else {}
        if update_target and not reply_target:
            initial = {"update_of": update_target.pk}
        if reply_target and request.GET.get("quote") == "1":
            initial["body"] = quoted(reply_target)
        form = CommentForm(article=article, initial=initial)
    own_pending, own_public = [], []
    reacted, flagged_ids = {}, []
    if user.is_authenticated:
        # What this reader already pressed, for comments.js to show as pressed: the shared
        # thread HTML cannot say it.
        for kind, comment_id in Reaction.objects.filter(
            user=user, comment__article=article
        ).values_list("kind", "comment_id"):
            reacted.setdefault(kind, []).append(comment_id)
        flagged_ids = Flag.objects.filter(user=user, comment__article=article).values_list(
            "comment_id", flat=True
        )
        now = timezone.now()
        for comment in Comment.objects.for_article(article).by(user).own_listing():
            if comment.status == Comment.Status.PENDING:
                own_pending.append(comment)
            else:
                comment.editable = edit_window_open(comment, now)
                own_public.append(comment)
    return {
        "article": article,
        "may_comment": may_comment,
        # Said at the form, before posting: a first comment waits for a moderator. A member
        # with a public comment here is past that, without asking the database.
        "first_comment_held": bool(
            may_comment and not own_public and first_comment_hold(level_of(user, timezone.now()))
        ),
        "form": form,
        "reply_target": reply_target,
        "update_target": None if reply_target else update_target,
        "own_pending": own_pending,
        "own_public": own_public,
        # "kind:id id;kind:id", for comments.js.
        "reacted": ";".join(f"{kind}:{' '.join(map(str, ids))}" for kind, ids in reacted.items()),
        "flagged_ids": " ".join(map(str, flagged_ids)),
    }


def _update_target(value: str, article, user) -> Comment | None:
    """?update_of=<id> (an invitation's link) names the reader's own public answer here."""
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return (
        Comment.objects.approved().for_article(article).filter(author=user, pk=int(value)).first()
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
