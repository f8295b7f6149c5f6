"""How the moderation queue reads: its filters, and each row's cells.

A moderator decides on what a comment says, who wrote it and how they have done before, why
it waits, and how long it has: those come first, each cell short enough that fifty rows fit
a laptop's screen without scrolling sideways, and stack into cards on a phone
(static/css/admin.css).
"""

import re
from datetime import datetime

import nh3
from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .models import Comment, Suspension
from .notes import NOTE_EXCERPT_LENGTH
from .reasons import NOTE_MAX_LENGTH, RemovalReason

Status = Comment.Status

EXCERPT_LENGTH = 200
ARTICLE_TITLE_LENGTH = 40
# Inline emphasis survives into the excerpt; links would nest inside the row's own link, and
# paragraphs, lists and code blocks would make a row as tall as the comment.
EXCERPT_TAGS = {"strong", "em", "code", "del", "s"}
BLOCK_ENDS = re.compile(r"</(?:p|li|blockquote|pre|h4|h5|h6)>|<br>|<hr>")
WHITESPACE = re.compile(r"\s+")


def excerpt_html(body_html: str) -> str:
    """The start of a comment as readers see it, on one line: from the stored HTML, which
    the pipeline already sanitised, keeping only inline emphasis, cut to EXCERPT_LENGTH
    characters of text."""
    one_line = WHITESPACE.sub(" ", BLOCK_ENDS.sub(" ", body_html))
    inline = nh3.clean(one_line, tags=EXCERPT_TAGS, attributes={}, link_rel=None)
    # Truncator's HTML mode cuts only between tags and closes what it leaves open.
    return mark_safe(Truncator(inline.strip()).chars(EXCERPT_LENGTH, html=True))


def waited(since: datetime, now: datetime) -> str:
    """A short age for a narrow column: "4 min", "3 h", "12 d"."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 1:
        return "now"
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"


def author_cell(comment: Comment):
    """Name, @username linking to all their comments, and their record so far (from
    `CommentQuerySet.with_author_records`)."""
    author = comment.author
    if author.is_anonymised:
        return author.public_name
    changelist = reverse("admin:comments_comment_changelist")
    their_comments = f"{changelist}?author__id__exact={author.pk}"
    record = [f"{comment.author_approved} approved"]
    if comment.author_rejected:
        record.append(f"{comment.author_rejected} rejected")
    if comment.author_spam:
        record.append(f"{comment.author_spam} spam")
    return format_html(
        '<span class="queue-name">{}</span> <a href="{}">@{}</a>'
        ' <span class="queue-record">· {}</span><br>{}',
        author.public_name,
        their_comments,
        author.username,
        " · ".join(record),
        notes_html(comment),
    )


def notes_html(comment: Comment):
    """What moderators noted about the author (from `comments.notes.with_author_notes`): how
    many notes, the latest in short, a link to them all and one to add another."""
    notes_list = reverse("admin:comments_moderatornote_changelist")
    notes = f"{notes_list}?member__id__exact={comment.author_id}"
    add = reverse("admin:comments_moderatornote_add") + f"?member={comment.author_id}"
    if not comment.author_note_count:
        return format_html('<a class="queue-note-add" href="{}">Add a note</a>', add)
    count = comment.author_note_count
    return format_html(
        '<span class="queue-notes"><a href="{}">{} note{}</a>: “{}” · <a href="{}">Add</a></span>',
        notes,
        count,
        "" if count == 1 else "s",
        Truncator(comment.author_latest_note).chars(NOTE_EXCERPT_LENGTH),
        add,
    )


def why_cell(comment: Comment):
    """Flags first (members saw something wrong), then the reason the rules gave."""
    parts = []
    if comment.flag_count:
        flags = f"{comment.flag_count} flag{'s' if comment.flag_count != 1 else ''}"
        parts.append(format_html('<strong class="queue-flags">⚑ {}</strong>', flags))
    if comment.moderation_reason:
        parts.append(format_html("<span>{}</span>", Truncator(comment.moderation_reason).chars(70)))
    return format_html_join(" ", "{}", ((part,) for part in parts)) or "—"


def age_cell(comment: Comment):
    local = timezone.localtime(comment.created_at)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        comment.created_at.isoformat(timespec="seconds"),
        f"{local:%d %b %Y, %H:%M}",
        waited(comment.created_at, timezone.now()),
    )


def article_cell(comment: Comment):
    title = comment.article.title
    short = Truncator(title).chars(ARTICLE_TITLE_LENGTH)
    return format_html('<span title="{}">{}</span>', title, short)


class ReasonActionForm(ActionForm):
    """The action bar with the reason a member is told when their comment is rejected,
    removed or returned: plain form fields beside the action menu, so it works without
    JavaScript, in the queue's bulk actions and on a comment's page alike."""

    removal_reason = forms.ChoiceField(
        label="Reason (told to the author):",
        choices=[("", "—"), *RemovalReason.choices],
        required=False,
    )
    removal_note = forms.CharField(
        label="In your words:", max_length=NOTE_MAX_LENGTH, required=False
    )


def chosen_reason(request) -> tuple[str, str]:
    """(reason, note) from the action bar that was submitted: the change page's fields carry
    the CHANGE_FORM prefix, the queue's none."""
    prefix = "CHANGE_FORM-" if "CHANGE_FORM-action" in request.POST else ""
    return (
        request.POST.get(f"{prefix}removal_reason", ""),
        request.POST.get(f"{prefix}removal_note", "").strip()[:NOTE_MAX_LENGTH],
    )


class QueueStatusFilter(admin.SimpleListFilter):
    """Status, with an explicit "All": the bare changelist address shows the pending queue
    (CommentAdmin.changelist_view), so "All" cannot be the absence of a choice."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        others = [(value, label) for value, label in Status.choices if value != Status.PENDING]
        return [(Status.PENDING, "Pending (the queue)"), *others, (self.ALL, "All")]

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(status=self.value())
        return queryset

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value or (value == self.ALL and self.value() is None),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class FlaggedFilter(admin.SimpleListFilter):
    title = "flagged"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged"), ("no", "Not flagged")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(flag_count__gt=0)
        if self.value() == "no":
            return queryset.filter(flag_count=0)
        return queryset


class SuspendedAuthorFilter(admin.SimpleListFilter):
    title = "author suspended"
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [("yes", "Author suspended now")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            in_force = Suspension.objects.in_force(timezone.now()).filter(user=OuterRef("author"))
            return queryset.filter(Exists(in_force))
        return queryset
