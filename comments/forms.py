import re
import uuid

from django import forms
from django.conf import settings
from django.forms.widgets import Script
from django.urls import reverse_lazy

from accounts.models import Skill
from core.forms import PlainErrorsMixin
from core.markdown import Profile
from core.widgets import PreviewWidget

from .models import BODY_MAX_LENGTH, Comment, Flag

MAX_SKILLS = 3


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset per group (the skill's category), each with its own label."""

    template_name = "comments/widgets/grouped_checkboxes.html"


# Whitespace and the characters that show as nothing (zero-width spaces and joiners, word
# joiner, byte-order mark, soft hyphen): a comment of only these is an empty one.
INVISIBLE = re.compile(r"[\s\u00ad\u200b-\u200d\u2060\ufeff]+")


class CommentTextField(forms.CharField):
    """Markdown text that counts as empty when it would show as nothing. Its forms take
    control characters out before it sees them (core.forms.PlainErrorsMixin)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=BODY_MAX_LENGTH, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        return text if INVISIBLE.sub("", text) else ""


BODY_ERRORS = {"required": "Your comment is empty: write something before posting."}


# Suggests members as "@name" is typed (static/js/mentions.js), from the address the
# comment box carries.
MENTIONS_JS = Script("js/mentions.js", defer=True)


def comment_body_widget(extra_attrs: dict | None = None) -> PreviewWidget:
    attrs = {"rows": 6, "data-mention-suggest": reverse_lazy("accounts:suggest_members")}
    return PreviewWidget(Profile.COMMENT, attrs=attrs | (extra_attrs or {}))


class CommentForm(PlainErrorsMixin, forms.Form):
    """A new comment or reply. The article's discussion prompt is the form's legend."""

    limit_names = {"body": "Comments"}

    body = CommentTextField(
        label="Your comment",
        error_messages=BODY_ERRORS,
        help_text="Markdown: links, lists, emphasis, code.",
    )
    skills = forms.MultipleChoiceField(
        label="Skills this comment is about (optional, up to 3)",
        required=False,
        widget=GroupedCheckboxes,
    )
    reply_to = forms.CharField(required=False, widget=forms.HiddenInput)
    # An update to the member's earlier answer (comments.updates): whose it is, the
    # service checks.
    update_of = forms.CharField(required=False, widget=forms.HiddenInput)
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS, filled in by bots that fill everything.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        # draft.js keeps unsent text in localStorage for textareas that carry a draft key.
        self.fields["body"].widget = comment_body_widget({"data-draft-key": self.draft_key})
        self.use_plain_errors()  # the new widget gets the length count too
        self.fields["body"].help_text += (
            f" @username mentions a member: the first {settings.COMMENTS_MENTION_LIMIT}"
            " named are told."
        )
        self.fields["idempotency_key"].initial = uuid.uuid4
        self.skill_objects = {str(s.pk): s for s in Skill.objects.approved().order_by("name")}
        groups = {}
        for skill in self.skill_objects.values():
            groups.setdefault(skill.get_category_display(), []).append((str(skill.pk), skill.name))
        self.fields["skills"].choices = sorted(groups.items())

    @property
    def draft_key(self) -> str:
        return f"comment-{self.article.pk}"

    class Media:
        js = [MENTIONS_JS]

    def clean_skills(self):
        chosen = self.cleaned_data["skills"]
        if len(chosen) > MAX_SKILLS:
            raise forms.ValidationError(f"Choose at most {MAX_SKILLS} skills.")
        return [self.skill_objects[pk] for pk in chosen]

    def clean_reply_to(self):
        value = self.cleaned_data["reply_to"].strip()
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or len(value) > 18:
            raise forms.ValidationError("The comment you are replying to is not a valid one.")
        target = (
            Comment.objects.approved()
            .for_article(self.article)
            .select_related("author", "parent", "root")
            .filter(pk=int(value))
            .first()
        )
        if target is None:
            raise forms.ValidationError(
                "You can only reply to a public comment on this article; that one is not "
                "(it may have been deleted or be awaiting moderation). Your text is below."
            )
        return target

    def clean_update_of(self):
        value = self.cleaned_data["update_of"].strip()
        if not value:
            return None
        earlier = None
        if value.isascii() and value.isdigit() and len(value) <= 18:
            earlier = Comment.objects.approved().filter(pk=int(value)).first()
        if earlier is None:
            raise forms.ValidationError(
                "The answer you are updating is not public any more. Your text is below: "
                "post it as a new comment, or copy it."
            )
        return earlier

    def clean_idempotency_key(self):
        # A client that sends none still posts; it just loses the double-submit guard.
        return self.cleaned_data["idempotency_key"] or uuid.uuid4()


class EditCommentForm(PlainErrorsMixin, forms.Form):
    limit_names = {"body": "Comments"}
    body = CommentTextField(
        label="Your comment", error_messages=BODY_ERRORS, widget=comment_body_widget()
    )

    class Media:
        js = [MENTIONS_JS]


class FlagForm(PlainErrorsMixin, forms.Form):
    reason = forms.ChoiceField(
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you are flagging this comment."},
    )
