"""What a closed account leaves in others' comments: "@name" links to a member page that is
gone. The worker renders those comments again, and the name stays as written, unlinked: no
account has it, and none can take it (accounts.models.RetiredUsername).

The task takes no argument, so the queue never holds a closed account's name: it finds the
comments whose mention links name no account, which also mends any closed before names
were retired (`manage.py unlink_closed_accounts` runs it at once). It scans the comments
that hold mention links, in batches: work for the worker, not for the request that closes
the account.
"""

from collections.abc import Callable

from django.db import transaction
from django.tasks import task

from accounts.models import RetiredUsername, User
from core.rerendering import rerender_row, specs_of
from core.signals import rerendered

from .mentions import mentioned
from .models import Comment
from .services import purge_pages_of

BATCH = 500


@task
def unlink_closed_accounts() -> int:
    return unlink_all()


def unlink_all(progress: Callable[[str], None] | None = None) -> int:
    """Returns how many comments were rendered again; `progress` hears of each batch."""
    checked = changed = last_pk = 0
    linking = Comment._base_manager.filter(body_html__contains='class="mention"').order_by("pk")
    fields = ("body", "body_html", "article_id", "author_id")
    while batch := list(linking.filter(pk__gt=last_pk).only(*fields)[:BATCH]):
        last_pk = batch[-1].pk
        checked += len(batch)
        changed += _unlink(batch)
        if progress:
            progress(f"{checked} comments with mentions checked, {changed} unlinked")
    return changed


def _unlink(batch: list[Comment]) -> int:
    names = {comment.pk: mentioned(comment) for comment in batch}
    linked = set().union(*names.values())
    gone = linked - set(User.objects.filter(username__in=linked).values_list("username", flat=True))
    if not gone:
        return 0
    for name in gone:  # retired already, unless the account closed before names were
        RetiredUsername.retire(name)
    specs = specs_of(Comment)
    with transaction.atomic():
        written = [
            comment
            for comment in batch
            if gone.intersection(names[comment.pk])
            and rerender_row(comment, specs)
            and _unless_edited_meanwhile(comment)
        ]
        if written:
            # The discussions' versions move (comments.signals), and every page showing them
            # is purged.
            rerendered.send(sender=Comment, pks=[comment.pk for comment in written])
            purge_pages_of(*written)
    return len(written)


def _unless_edited_meanwhile(comment: Comment) -> bool:
    """Store the new HTML only if the text is still the one just rendered: an edit since
    has stored its own."""
    current = Comment._base_manager.filter(pk=comment.pk, body=comment.body)
    return bool(current.update(body_html=comment.body_html))
