"""The audit trail: who did what to which member, when, and the state before and after.

Built on django-auditlog rather than a table of our own: it keeps one append-only log of
entries (actor, time, field-level changes before → after), on SQLite and PostgreSQL alike,
with an actor taken from the request by its middleware and a read-only admin; its rival,
django-simple-history, keeps a shadow table per model, which answers "what did this row look
like" rather than "who did what" (commit 2673a0f). Our entry model (`AuditEntry`, swapped
in by AUDITLOG_LOGENTRY_MODEL) adds two indexed columns to auditlog's: the `kind` of action
("approved", "suspension made", …) and the `member` it concerns, so the log filters by
moderator, member and kind.

Two ways in, one shape of entry:
- Models staff change through the admin's forms and actions (suspensions, blocked terms,
  profiles, skills, articles) are registered with auditlog, limited to the fields moderation
  is about; `classify` names the kind from the change, and changes that are no moderation
  (a member editing their own profile, an editor fixing a typo) leave no entry.
- Decisions that update many comments at once (comments.services) record their entries
  explicitly, in one bulk insert, with the moderator as actor.
"""

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import AbstractLogEntry, LogEntryManager
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.encoding import smart_str

Action = AbstractLogEntry.Action
FORGOTTEN = "[removed with the account]"


class Kind(models.TextChoices):
    APPROVED = "approved", "Comment approved"
    REJECTED = "rejected", "Comment rejected"
    SPAM = "spam", "Comment marked as spam"
    REMOVED = "removed", "Comment removed"
    RESTORED = "restored", "Comment restored"
    RETURNED = "returned", "Comment returned to moderation"
    SUSPENDED = "suspended", "Suspension made"
    SUSPENSION_CHANGED = "suspension-changed", "Suspension changed"
    SUSPENSION_LIFTED = "suspension-lifted", "Suspension lifted"
    TERM_ADDED = "term-added", "Blocked term added"
    TERM_CHANGED = "term-changed", "Blocked term changed"
    TERM_REMOVED = "term-removed", "Blocked term removed"
    PROFILE_BLANKED = "profile-blanked", "Profile blanked"
    PROFILE_EDITED = "profile-edited", "Profile edited by staff"
    SKILL_APPROVED = "skill-approved", "Skill approved"
    SKILL_REJECTED = "skill-rejected", "Skill rejected"
    PUBLISHED = "published", "Article published"
    WITHDRAWN = "withdrawn", "Article withdrawn"
    ANONYMISED = "anonymised", "Account anonymised"
    TRUST_PINNED = "trust-pinned", "Trust level pinned"
    TRUST_UNPINNED = "trust-unpinned", "Trust level unpinned"


class AuditEntryManager(LogEntryManager):
    def log_create(self, instance, force_log: bool = False, **kwargs):
        """auditlog's entry, named: the kind and member come from `classify`, and a change
        it names no kind for is no moderation or admin action, so it is not kept."""
        if "kind" not in kwargs:
            named = classify(instance, kwargs.get("action"), kwargs.get("changes") or {})
            if named is None:
                return None
            kwargs["kind"], kwargs["member_id"] = named
        return super().log_create(instance, force_log=force_log, **kwargs)


class AuditEntry(AbstractLogEntry):
    """One moderation or admin action. Never changed or deleted through the site: the admin
    shows it read-only to superusers (comments.admin_audit)."""

    kind = models.CharField(max_length=20, choices=Kind, db_index=True)
    # The member the action is about (a comment's author, the suspended, a profile's owner).
    # Members are anonymised, never deleted: the entry stays, naming nobody (forget_member).
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        indexes = [models.Index(fields=["member", "timestamp"], name="audit_member_time_idx")]


# Named kinds for each registered model: (instance, action, changes, actor) → kind or None.


def _new(changes, field):
    return changes[field][1] if field in changes else None


def _suspension_kind(suspension, action, changes, actor):
    if action == Action.CREATE:
        return Kind.SUSPENDED
    if action == Action.DELETE:
        return Kind.SUSPENSION_LIFTED
    if suspension.until is not None and suspension.until <= timezone.now():
        return Kind.SUSPENSION_LIFTED  # ended early, by moving its end to now
    return Kind.SUSPENSION_CHANGED


def _term_kind(term, action, changes, actor):
    return {Action.CREATE: Kind.TERM_ADDED, Action.DELETE: Kind.TERM_REMOVED}.get(
        action, Kind.TERM_CHANGED
    )


def _profile_kind(profile, action, changes, actor):
    if action != Action.UPDATE or (actor is not None and actor.pk == profile.user_id):
        return None  # the member's own words, their own business
    if not (profile.headline or profile.bio or profile.website):
        return Kind.PROFILE_BLANKED
    return Kind.PROFILE_EDITED


def _skill_kind(skill, action, changes, actor):
    return {"approved": Kind.SKILL_APPROVED, "rejected": Kind.SKILL_REJECTED}.get(
        _new(changes, "status") if action == Action.UPDATE else None
    )


def _article_kind(article, action, changes, actor):
    if action == Action.DELETE:
        return Kind.WITHDRAWN if article.status == "published" else None
    if "status" not in changes:
        return None
    was, now = changes["status"]
    if now == "published":
        return Kind.PUBLISHED
    return Kind.WITHDRAWN if was == "published" else None


def _standing_kind(standing, action, changes, actor):
    if "pinned_level" not in changes and not (action == Action.UPDATE and "pin_reason" in changes):
        return None  # the level the record earns, recomputed: no one's action
    return Kind.TRUST_UNPINNED if standing.pinned_level is None else Kind.TRUST_PINNED


# Registered model → (fields logged, kind of a change, the member it is about).
TRACKED = {
    "comments.Suspension": (
        ["user", "starts_at", "until", "reason"],
        _suspension_kind,
        lambda s: s.user_id,
    ),
    "comments.BlockedTerm": (["term"], _term_kind, lambda t: None),
    "accounts.Profile": (["headline", "bio", "website"], _profile_kind, lambda p: p.user_id),
    "accounts.Skill": (["status"], _skill_kind, lambda s: s.suggested_by_id),
    "articles.Article": (["status", "published_at"], _article_kind, lambda a: a.author_id),
    "comments.Standing": (["pinned_level", "pin_reason"], _standing_kind, lambda s: s.user_id),
}


def classify(instance, action, changes) -> tuple[str, int | None] | None:
    """(kind, member id) of a change auditlog saw on a registered model, or None when it
    is no moderation or admin action."""
    kind_of, member_of = TRACKED[instance._meta.label][1:]
    kind = kind_of(instance, action, changes, _actor())
    return None if kind is None else (kind, member_of(instance))


def _actor():
    """Who acts in the current request or `set_actor` block (None in a shell or command
    that did not say)."""
    try:
        return auditlog_value.get().get("actor")
    except LookupError:
        return None


def register_models() -> None:
    """Connect auditlog to the models staff change, each limited to the fields that matter
    to moderation: never a comment's text or HTML, never counters."""
    from django.apps import apps

    for label, (fields, _, _) in TRACKED.items():
        auditlog.register(apps.get_model(label), include_fields=fields)


# Comments: recorded by the services, many at once.


def comment_kind(before: str, after: str) -> str:
    """The name a moderator's decision goes by, from the comment's status before and after."""
    if after == "approved":
        return Kind.APPROVED if before == "pending" else Kind.RESTORED
    if after == "pending":
        return Kind.RETURNED
    if after == "spam":
        return Kind.SPAM
    return Kind.REMOVED if before == "approved" else Kind.REJECTED


def record_decisions(decided, *, before: dict, actor, now) -> list[AuditEntry]:
    """One entry per comment decided: `before` maps each comment's id to the field values
    it had (status, reasons); the comments carry the values they have now. One insert."""
    content_type = ContentType.objects.get_for_model(decided[0]) if decided else None
    cid = get_cid()
    entries = []
    for comment in decided:
        was = before[comment.pk]
        changes = {
            field: [smart_str(old), smart_str(getattr(comment, field))]
            for field, old in was.items()
            if old != getattr(comment, field)
        }
        entries.append(
            AuditEntry(
                content_type=content_type,
                object_pk=str(comment.pk),
                object_id=comment.pk,
                object_repr=f"Comment {comment.pk} on “{comment.article.title}”",
                action=Action.UPDATE,
                changes=changes,
                actor=actor,
                timestamp=now,
                cid=cid,
                kind=comment_kind(was["status"], comment.status),
                member_id=comment.author_id,
            )
        )
    return AuditEntry.objects.bulk_create(entries)


# Deleted accounts.


def forget_member(user, *, now) -> None:
    """When a member deletes their account: the trail keeps what was done, naming nobody.
    Entries about them lose the name in their description and the words of their deleted
    profile; entries they made as staff lose the email auditlog copied; and the deletion
    itself is recorded."""
    AuditEntry.objects.filter(actor=user).update(actor_email=None, remote_addr=None)
    about = AuditEntry.objects.filter(member=user)
    profile_type, suspension_type, standing_type = (
        ContentType.objects.get_by_natural_key(*key)
        for key in [("accounts", "profile"), ("comments", "suspension"), ("comments", "standing")]
    )
    # Their descriptions name the member ("Profile of maria"); comments' and articles' do not.
    named = [profile_type, suspension_type, standing_type]
    about.filter(content_type__in=named).update(object_repr=FORGOTTEN)
    for entry in about.filter(content_type=profile_type).only("pk", "changes"):
        forgotten = {field: [FORGOTTEN, FORGOTTEN] for field in entry.changes or {}}
        AuditEntry.objects.filter(pk=entry.pk).update(changes=forgotten)
    AuditEntry.objects.log_create(
        user,
        action=Action.UPDATE,
        changes={"anonymised_at": ["None", now.isoformat()]},
        kind=Kind.ANONYMISED,
        member_id=user.pk,
        object_repr=FORGOTTEN,
        force_log=True,
    )
