from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.mentions import member_pages
from accounts.models import Skill
from articles.models import Article
from core.markdown import Profile, RenderedField, clean_text, render

from .reasons import NOTE_MAX_LENGTH, RemovalReason, reason_told

MAX_DEPTH = 3
BODY_MAX_LENGTH = 10_000


class CommentQuerySet(models.QuerySet):
    def for_article(self, article):
        return self.filter(article=article)

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def public(self, now=None):
        """What any reader may see: approved comments under published articles. Member
        pages, skill pages, feeds and search list comments through this."""
        return self.approved().filter(
            article__status=Article.Status.PUBLISHED,
            article__published_at__lte=now or timezone.now(),
        )

    def visible_to(self, user, now=None):
        """Public comments, and the reader's own whatever their state."""
        if user.is_authenticated:
            return self.filter(
                models.Q(pk__in=self.public(now).values("pk")) | models.Q(author=user)
            )
        return self.public(now)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def oldest_first(self):
        """The order of the moderation queue: whoever has waited longest comes first."""
        return self.order_by("created_at", "id")

    def queued_after(self, comment):
        """Comments after this one in the queue's order, for "next" after a decision."""
        return self.filter(
            models.Q(created_at__gt=comment.created_at)
            | models.Q(created_at=comment.created_at, id__gt=comment.pk)
        )

    def moderation_summary(self) -> dict:
        """What waits for moderators, in one query: `pending` comments and `oldest_pending_at`,
        when the one that has waited longest was posted; `flagged`, public comments that
        members flagged, below the threshold that would hold them."""
        pending = models.Q(status=Comment.Status.PENDING)
        flagged = models.Q(status=Comment.Status.APPROVED, flag_count__gt=0)
        return self.aggregate(
            pending=models.Count("pk", filter=pending),
            oldest_pending_at=models.Min("created_at", filter=pending),
            flagged=models.Count("pk", filter=flagged),
        )

    def with_author_records(self):
        """Each comment's author's record as moderators weigh it: `author_approved`,
        `author_rejected`, `author_spam`. Subqueries on the author index, so a page of the
        queue stays one query whatever its length."""

        def authored(status):
            of_author = Comment.objects.filter(author=models.OuterRef("author"), status=status)
            counted = of_author.order_by().values("author").annotate(total=models.Count("pk"))
            return Coalesce(models.Subquery(counted.values("total")), 0)

        return self.annotate(
            author_approved=authored(Comment.Status.APPROVED),
            author_rejected=authored(Comment.Status.REJECTED),
            author_spam=authored(Comment.Status.SPAM),
        )

    def taken_down_with_reason(self):
        """Comments a moderator rejected, removed or returned, with the reason the author was
        given: what members see of it on their settings page."""
        return self.exclude(removal_reason="").exclude(status=Comment.Status.APPROVED)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def with_authors(self):
        return self.select_related("author")

    def by(self, user):
        return self.filter(author=user)

    def own_listing(self, limit: int = 20):
        """A member's latest pending and public comments, for their own controls."""
        shown = [Comment.Status.PENDING, Comment.Status.APPROVED]
        listed = self.filter(status__in=shown).only("status", "body", "body_html", "created_at")
        return listed.order_by("-created_at")[:limit]

    def thread_starts_shown(self):
        """Thread starts readers see: approved ones, and any other holding up approved replies.

        A start deleted by its author (or rejected) keeps its place as "[deleted]" while
        replies hang from it. Every reply names its thread's start as its root.
        """
        approved = Comment.objects.filter(status=Comment.Status.APPROVED)
        return self.top_level().filter(
            models.Q(status=Comment.Status.APPROVED)
            | models.Exists(approved.filter(root=models.OuterRef("pk")))
        )

    def in_threads(self, root_ids):
        """The thread starts with these ids and every reply under them, whatever the status."""
        return self.filter(models.Q(pk__in=root_ids) | models.Q(root_id__in=root_ids))

    def about_skill(self, skill):
        """Threads in which some approved comment is tagged with the skill."""
        tagged = Comment.objects.approved().filter(skills=skill)
        return self.filter(
            models.Q(pk__in=tagged.values("pk")) | models.Q(pk__in=tagged.values("root_id"))
        )


class Comment(models.Model):
    """A member's contribution to an article's discussion.

    Threads are at most MAX_DEPTH deep: `parent` is where the comment hangs in the tree
    (a reply deeper than the cap attaches to its depth-3 ancestor), `reply_to` is the
    comment actually answered, and `root` is the top-level comment of the thread (null for
    a top-level comment), so a page of threads is two queries whatever its size.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed by author"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    # Members are anonymised, never deleted, so their comments keep an author.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="direct_replies"
    )
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="thread_comments"
    )
    depth = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    moderation_reason = models.CharField(max_length=200, blank=True)
    # Why a moderator rejected, removed or returned it, as its author is told (comments.reasons).
    removal_reason = models.CharField(max_length=20, choices=RemovalReason, blank=True)
    removal_note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False, default="")
    link_count = models.PositiveSmallIntegerField(default=0, editable=False)
    skills = models.ManyToManyField(Skill, blank=True, related_name="comments")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)
    same_here_count = models.PositiveIntegerField(default=0)
    thanks_count = models.PositiveIntegerField(default=0)
    flag_count = models.PositiveIntegerField(default=0)
    # One per rendered form: a double submit or a retry creates exactly one comment.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    # An update to the author's earlier answer (comments.updates): how their story moved,
    # with the skills they started and learned between the two, as stored when posted.
    update_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="updates"
    )
    skill_changes = models.JSONField(default=dict, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    rendered_fields = [
        RenderedField("body", "body_html", Profile.COMMENT, mention_resolver=member_pages)
    ]

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                name="comment_idempotency_key_once_per_author",
            ),
            models.CheckConstraint(
                condition=models.Q(depth__gte=1, depth__lte=MAX_DEPTH),
                name="comment_depth_within_cap",
                violation_error_message=f"Replies nest at most {MAX_DEPTH} deep.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(parent__isnull=True, root__isnull=True, depth=1)
                    | models.Q(parent__isnull=False, root__isnull=False, depth__gt=1)
                ),
                name="comment_tree_fields_agree",
                violation_error_message=(
                    "A reply needs a parent and a root; a thread start has neither."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["article", "status", "root", "created_at"],
                name="comment_article_thread_idx",
            ),
            # A member's page lists their latest public comments, newest first.
            models.Index(
                fields=["author", "status", "created_at"], name="comment_author_latest_idx"
            ),
            # A page of threads walks an article's thread starts in order and stops at 50.
            models.Index(
                fields=["article", "parent", "created_at", "id"], name="comment_starts_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author} on {self.article}"

    def save(self, *args, **kwargs):
        if getattr(self, "_rendered_body", None) != self.body:
            self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "link_count"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("comments:permalink", args=[self.pk])

    def render(self) -> None:
        """Clean the text and store its HTML and link count (the policy counts links);
        "@username" links to the member's page (comments.mentions tells them)."""
        self.body = clean_text(self.body)
        rendered = render(self.body, Profile.COMMENT, mention_resolver=member_pages)
        self.body_html = rendered.html
        self.link_count = rendered.link_count
        self._rendered_body = self.body

    @property
    def removal_reason_told(self) -> str:
        """Why a moderator took it down, as its author reads it (email, settings page)."""
        return reason_told(self.removal_reason, self.removal_note)

    def is_by(self, user) -> bool:
        return user.is_authenticated and self.author_id == user.pk

    def tree_position_for_reply(self) -> tuple["Comment", "Comment", int]:
        """(parent, root, depth) for a reply to this comment.

        Below the depth cap a reply hangs under the comment it answers; at the cap it hangs
        under the same parent, and shows whom it answers with a "replying to" line.
        """
        parent = self if self.depth < MAX_DEPTH else self.parent
        return parent, self.root or self, parent.depth + 1


class CommentRevision(models.Model):
    """The text a comment had before an edit: for moderators, and for everyone in the
    comment's edit history when readers saw it (comments.history)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    # Whether the comment was public with this text; held text never reaches the history.
    was_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Revision of comment {self.comment_id} from {self.created_at:%Y-%m-%d %H:%M}"


class SuspensionQuerySet(models.QuerySet):
    def in_force(self, now):
        return self.filter(
            models.Q(until__isnull=True) | models.Q(until__gt=now), starts_at__lte=now
        )


class Suspension(models.Model):
    """A member barred from posting, editing, flagging and marking helpful, and from
    changing what their member page and name show (accounts.views reads it through the
    reverse relation `user.suspensions`).

    Until a time, or indefinitely when `until` is empty.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    starts_at = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True, help_text="Empty: indefinitely.")
    reason = models.TextField(help_text="Shown to the member.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="suspensions_given",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gt=models.F("starts_at")),
                name="suspension_ends_after_it_starts",
                violation_error_message="A suspension must end after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} suspended until {self.until or 'further notice'}"

    @property
    def message_to_member(self) -> str:
        until = f"until {self.until:%d %B %Y, %H:%M} UTC" if self.until else "indefinitely"
        return f"Your account is suspended from the discussion {until}. Reason: {self.reason}"


class BlockedTerm(models.Model):
    """A word or phrase that holds a comment for moderation (matched case-insensitively)."""

    term = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs):
        self.term = self.term.strip().lower()
        super().save(*args, **kwargs)


# Defined beside, registered with this app, and importable from here.
from .audit import AuditEntry  # noqa: E402, F401
from .feedback_models import Flag, Reaction  # noqa: E402, F401
from .follows import Follow, Mute  # noqa: E402, F401
from .inbox_models import Notification  # noqa: E402, F401
from .notes import ModeratorNote  # noqa: E402, F401
from .standing import Standing  # noqa: E402, F401
