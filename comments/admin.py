from typing import NamedTuple

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

# admin_audit, admin_notes and admin_trust are imported to register their admin classes.
from . import admin_audit, admin_notes, admin_trust, flagging, services  # noqa: F401
from .admin_queue import (
    FlaggedFilter,
    QueueStatusFilter,
    ReasonActionForm,
    SuspendedAuthorFilter,
    age_cell,
    article_cell,
    author_cell,
    chosen_reason,
    excerpt_html,
    why_cell,
)
from .models import BlockedTerm, Comment, CommentRevision, Flag, Notification, Suspension
from .notes import with_author_notes
from .reasons import reason_refusal
from .tasks import send_notification

Status = Comment.Status


class Decision(NamedTuple):
    status: str
    label: str
    done: str  # what the moderator is told, with the author's name in {author}


QUEUE_TITLE = "Comments waiting for moderation, oldest first"

# A comment's one-click buttons, by the name of the change-form action behind each: a held
# comment is approved, rejected or spam; a public one removed, returned or spam.
DECISIONS = {
    "approve_and_next": Decision(Status.APPROVED, "Approve", "Approved the comment by {author}."),
    "reject_and_next": Decision(Status.REJECTED, "Reject", "Rejected the comment by {author}."),
    "remove_and_next": Decision(Status.REJECTED, "Remove", "Removed the comment by {author}."),
    "return_and_next": Decision(
        Status.PENDING, "Return to moderation", "Returned the comment by {author} to moderation."
    ),
    "spam_and_next": Decision(Status.SPAM, "Spam", "Marked the comment by {author} as spam."),
}
# Which buttons each status shows (the approved comment's "Reject" is called "Remove").
DECISIONS_FOR = {
    Status.PENDING: ["approve_and_next", "reject_and_next", "spam_and_next"],
    Status.APPROVED: ["remove_and_next", "return_and_next", "spam_and_next"],
    Status.REJECTED: ["approve_and_next", "spam_and_next"],
    Status.SPAM: ["approve_and_next", "reject_and_next"],
}


class RevisionInline(admin.TabularInline):
    model = CommentRevision
    fields = ["created_at", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Earlier versions (before the author's edits)"

    def has_add_permission(self, request, obj=None):
        return False


class FlagInline(admin.TabularInline):
    model = Flag
    fields = ["user", "reason", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _decision_action(name: str):
    """A change-form action: decide on the comment shown, then open the next one."""

    def decide(model_admin, request, queryset):
        return model_admin._decide_and_move_on(request, queryset, name)

    return admin.action(
        decide,
        description=DECISIONS[name].label,
        permissions=["change"],
        location=ActionLocation.CHANGE_FORM,
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: held comments, oldest first, each decision through the services.

    The bare address is the queue; a held comment's page decides in one click and moves on
    to the next in line.
    """

    list_display = ["excerpt", "author_record", "why", "age", "article_title", "status"]
    list_filter = [QueueStatusFilter, FlaggedFilter, SuspendedAuthorFilter, "article"]
    search_fields = ["body", "author__username", "author__display_name"]
    list_select_related = ["author", "article"]
    raw_id_fields = ["author", "article", "parent", "reply_to", "root"]
    list_per_page = 50
    # Counting every comment again for "(n total)" costs a scan of the table per page view.
    show_full_result_count = False
    actions = ["approve", "reject", "return_to_moderation", "mark_spam", "keep_flagged", *DECISIONS]
    action_form = ReasonActionForm
    inlines = [RevisionInline, FlagInline]
    fields = [
        "rendered_body", "author_record", "status", "why", "created_at", "article",
        "thread_context", "moderation_reason", "body", "edited_at", "helpful_count",
        "ip_address", "suspend_link",
    ]  # fmt: skip
    readonly_fields = [
        "rendered_body", "author_record", "status", "why", "created_at", "article",
        "thread_context", "body", "edited_at", "helpful_count", "ip_address", "suspend_link",
    ]  # fmt: skip

    def changelist_view(self, request, extra_context=None):
        selects_all = request.POST.get("select_across") == "1"
        if not request.GET and (request.method == "GET" or selects_all):
            # The bare address is the pending queue, and every link on the page (filters,
            # sorting, search, pages) carries that on. Its action form posts back to the bare
            # address: "Select all" there means all that wait; rows ticked one by one are
            # acted on whatever their status.
            request.GET = QueryDict(f"{QueueStatusFilter.parameter_name}={Status.PENDING}")
        if _shows_the_queue(request):
            extra_context = {"title": QUEUE_TITLE} | (extra_context or {})
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        return with_author_notes(super().get_queryset(request).with_author_records())

    def get_ordering(self, request):
        if _shows_the_queue(request):
            return ["created_at", "id"]  # first come, first decided
        return ["-created_at", "-id"]

    def get_list_display(self, request):
        if _shows_the_queue(request):
            # Every row is pending there: the column would say so fifty times.
            return [name for name in self.list_display if name != "status"]
        return self.list_display

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Nothing is hard-deleted: reject or mark spam instead.
        return False

    @admin.display(description="comment")
    def excerpt(self, comment):
        return excerpt_html(comment.body_html)

    @admin.display(description="as readers see it")
    def rendered_body(self, comment):
        # Sanitised by the Markdown pipeline when it was saved (core.markdown).
        return mark_safe(comment.body_html)

    @admin.display(description="author", ordering="author__username")
    def author_record(self, comment):
        return author_cell(comment)

    @admin.display(description="flags · why held", ordering="-flag_count")
    def why(self, comment):
        return why_cell(comment)

    @admin.display(description="age", ordering="created_at")
    def age(self, comment):
        return age_cell(comment)

    @admin.display(description="article", ordering="article__title")
    def article_title(self, comment):
        return article_cell(comment)

    @admin.display(description="in context")
    def thread_context(self, comment):
        links = [format_html('<a href="{}">Open on the site</a>', comment.get_absolute_url())]
        if comment.reply_to_id:
            url = reverse("admin:comments_comment_change", args=[comment.reply_to_id])
            links.append(format_html('<a href="{}">The comment it replies to</a>', url))
        if comment.root_id:
            url = reverse("admin:comments_comment_change", args=[comment.root_id])
            links.append(format_html('<a href="{}">The start of its thread</a>', url))
        return format_html(" · ".join(["{}"] * len(links)), *links)

    @admin.display(description="suspend")
    def suspend_link(self, comment):
        if comment.author.is_anonymised:
            return "—"  # the account is gone; nobody is left to suspend
        url = reverse("admin:comments_suspension_add") + f"?user={comment.author_id}"
        return format_html('<a href="{}">Suspend @{}…</a>', url, comment.author.username)

    def save_model(self, request, obj, form, change):
        # Only the moderation reason is edited here; status changes go through the actions.
        obj.save(update_fields=["moderation_reason"])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The one-click decisions above the form (comments/comment/change_form.html): all
        # but the status it already has; none for a comment its author deleted.
        if obj is not None and obj.status != Status.REMOVED:
            context["decisions"] = [
                (name, DECISIONS[name].label) for name in DECISIONS_FOR[obj.status]
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _moderate(self, request, queryset, status, verb) -> int | None:
        """Decide through the services, with the reason the author is told; None, and the
        moderator told what is missing, when a decision needs a reason not given."""
        reason, note = chosen_reason(request)
        if refusal := reason_refusal(status, reason, note):
            self.message_user(request, f"Nothing changed. {refusal}", messages.ERROR)
            return None
        count = services.moderate(
            queryset,
            status=status,
            moderator=request.user,
            now=timezone.now(),
            removal_reason=reason,
            removal_note=note,
        )
        if verb:
            self.message_user(request, f"{verb} {count} comment(s).", messages.SUCCESS)
        return count

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Status.APPROVED, "Approved")

    @admin.action(
        description="Reject or remove selected comments (with a reason)", permissions=["change"]
    )
    def reject(self, request, queryset):
        self._moderate(request, queryset, Status.REJECTED, "Rejected")

    @admin.action(
        description="Return selected comments to moderation (with a reason)",
        permissions=["change"],
    )
    def return_to_moderation(self, request, queryset):
        self._moderate(request, queryset, Status.PENDING, "Returned to moderation")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, Status.SPAM, "Marked as spam")

    @admin.action(
        description="Keep selected flagged comments (dismiss the flags)", permissions=["change"]
    )
    def keep_flagged(self, request, queryset):
        count = flagging.keep_flagged(queryset, moderator=request.user, now=timezone.now())
        self.message_user(
            request,
            f"Kept {count} flagged comment(s); their flags are dismissed.",
            messages.SUCCESS,
        )

    def _decide_and_move_on(self, request, queryset, name):
        """One comment decided from its page, then the next held one after it in the queue,
        or the queue itself when none is left after it."""
        decision = DECISIONS[name]
        comment = queryset.select_related("author").get()
        changed = self._moderate(request, queryset, decision.status, verb="")
        if changed is None:  # a reason is missing: stay on the comment
            return redirect(request.get_full_path())
        if changed:
            done = decision.done.format(author=comment.author.public_name)
        else:
            done = f"Nothing changed: the comment is {comment.get_status_display().lower()}."
        waiting = Comment.objects.pending().oldest_first()
        following = waiting.queued_after(comment).first()
        if following is not None:
            self.message_user(request, f"{done} Here is the next one.", messages.SUCCESS)
            # Keeping the list the moderator came from for "Save" and the breadcrumbs.
            context = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
            url = reverse("admin:comments_comment_change", args=[following.pk])
            return redirect(add_preserved_filters(context, url))
        passed_over = waiting.count()
        if passed_over:
            still = "still waits" if passed_over == 1 else "still wait"
            done += f" That was the last in line; {passed_over} passed over earlier {still}."
        else:
            done += " The queue is empty."
        self.message_user(request, done, messages.SUCCESS)
        queue = reverse("admin:comments_comment_changelist")
        return redirect(f"{queue}?{QueueStatusFilter.parameter_name}={Status.PENDING}")

    approve_and_next = _decision_action("approve_and_next")
    reject_and_next = _decision_action("reject_and_next")
    remove_and_next = _decision_action("remove_and_next")
    return_and_next = _decision_action("return_and_next")
    spam_and_next = _decision_action("spam_and_next")


def _shows_the_queue(request) -> bool:
    return request.GET.get(QueueStatusFilter.parameter_name) == Status.PENDING


class SuspensionForm(forms.ModelForm):
    """Moderators suspend members; only a superuser may suspend staff, and nobody a
    superuser."""

    suspended_by = None

    class Meta:
        model = Suspension
        fields = ["user", "starts_at", "until", "reason"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user.is_superuser:
            raise forms.ValidationError("A superuser cannot be suspended.")
        if user.is_staff and not (self.suspended_by and self.suspended_by.is_superuser):
            raise forms.ValidationError("Only a superuser can suspend a member of staff.")
        return user


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["user", "starts_at", "until", "reason", "created_by"]
    list_select_related = ["user", "created_by"]
    search_fields = ["user__username", "reason"]
    raw_id_fields = ["user"]
    fields = ["user", "starts_at", "until", "reason"]

    form = SuspensionForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.suspended_by = request.user
        return form

    def get_changeform_initial_data(self, request):
        return {"starts_at": timezone.now()} | super().get_changeform_initial_data(request)

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ["term", "created_at"]
    search_fields = ["term"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["comment", "user", "reason", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["comment__author", "comment__article", "user"]
    raw_id_fields = ["comment", "user"]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What became of each notification email; a failed one says why, after the worker's
    last try, and can be tried once more from here."""

    list_display = ["recipient", "kind", "status", "attempts", "reason", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__email", "last_error"]
    raw_id_fields = ["recipient", "comment"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="reason it failed")
    def reason(self, notification):
        return Truncator(notification.last_error).chars(80)

    @admin.action(description="Send the selected failed notifications once more")
    def send_again(self, request, queryset):
        failed = queryset.filter(status=Notification.Status.FAILED).values_list("pk", "attempts")
        for pk, attempts in failed:
            send_notification.enqueue(pk, attempts + 1)
        self.message_user(request, f"{len(failed)} failed notification(s) queued to send again.")
