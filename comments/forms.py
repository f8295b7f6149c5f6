import uuid

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from accounts.models import Skill
from articles.markdown import Profile, clean_text
from articles.widgets import PreviewWidget

from .models import BODY_MAX_LENGTH, Comment, Flag

MAX_SKILLS = 3


class RenderedDirectly:
    """An <input> built in Python, with the markup of Django's input template.

    The comment form is on every article page a member opens; each widget rendered
    through its template cost about as much as a database query.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value_attribute = (
            "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        )
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], name, value_attribute,
            flatatt(widget["attrs"]),
        )  # fmt: skip


class HiddenInput(RenderedDirectly, forms.HiddenInput):
    pass


class TextInput(RenderedDirectly, forms.TextInput):
    pass


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset per group, each with its own label.

    Rendered here rather than through a template per option: the comment form is on every
    article page a member opens, and the per-option templates cost milliseconds each time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in value or []}
        base_id = (attrs or {}).get("id") or f"id_{name}"
        fieldsets = format_html_join(
            "",
            "<fieldset><legend>{}</legend><ul>{}</ul></fieldset>",
            (
                (group, self._checkboxes(name, base_id, options, chosen))
                for group, options in self.choices
            ),
        )
        return format_html('<div class="grouped-checkboxes" id="{}">{}</div>', base_id, fieldsets)

    @staticmethod
    def _checkboxes(name, base_id, options, chosen):
        return format_html_join(
            "",
            '<li><input type="checkbox" name="{}" value="{}" id="{}"{}>'
            '<label for="{}">{}</label></li>',
            (
                (name, option, f"{base_id}-{option}", CHECKED if str(option) in chosen else "",
                 f"{base_id}-{option}", label)
                for option, label in options
            ),
        )  # fmt: skip


CHECKED = mark_safe(" checked")


class CommentTextField(forms.CharField):
    """Markdown text with control characters removed (not refused) before validation."""

    def __init__(self, **kwargs):
        super().__init__(max_length=BODY_MAX_LENGTH, **kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def to_python(self, value):
        return super().to_python(clean_text(value) if isinstance(value, str) else value)


BODY_ERRORS = {
    "required": "Your comment is empty: write something before posting.",
    "max_length": "Comments can be at most %(limit_value)s characters "
    "(this one has %(show_value)s).",
}


def comment_body_widget(extra_attrs: dict | None = None) -> PreviewWidget:
    attrs = {"rows": 6, "maxlength": BODY_MAX_LENGTH} | (extra_attrs or {})
    return PreviewWidget(Profile.COMMENT, attrs=attrs)


class CommentForm(forms.Form):
    """A new comment or reply. The article's discussion prompt is the form's legend."""

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
    reply_to = forms.CharField(required=False, widget=HiddenInput)
    idempotency_key = forms.UUIDField(required=False, widget=HiddenInput)
    # The honeypot: hidden from people by CSS, filled in by bots that fill everything.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        # draft.js keeps unsent text in localStorage for textareas that carry a draft key.
        self.fields["body"].widget = comment_body_widget({"data-draft-key": self.draft_key})
        self.fields["idempotency_key"].initial = uuid.uuid4
        self.skill_objects = {str(s.pk): s for s in Skill.objects.approved().order_by("name")}
        groups = {}
        for skill in self.skill_objects.values():
            groups.setdefault(skill.get_category_display(), []).append((str(skill.pk), skill.name))
        self.fields["skills"].choices = sorted(groups.items())

    @property
    def draft_key(self) -> str:
        return f"comment-{self.article.pk}"

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

    def clean_idempotency_key(self):
        # A client that sends none still posts; it just loses the double-submit guard.
        return self.cleaned_data["idempotency_key"] or uuid.uuid4()


class EditCommentForm(forms.Form):
    body = CommentTextField(
        label="Your comment", error_messages=BODY_ERRORS, widget=comment_body_widget()
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you are flagging this comment."},
    )
