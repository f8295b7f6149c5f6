from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import slugify

from core.forms import CheckedImageField, PlainErrorsMixin
from core.markdown import Profile as MarkdownProfile
from core.markdown import clean_text
from core.widgets import PreviewWidget

from .changes import members_appearance_changed
from .identity import display_name_problem
from .models import Profile, Skill, SkillEntry, User
from .pictures import remove_picture, set_picture


def one_line(text: str) -> str:
    """Control characters out, runs of whitespace (newlines included) down to one space."""
    return " ".join(clean_text(text).split())


class SignupForm(PlainErrorsMixin, forms.Form):
    """Extra sign-up fields for allauth: the public display name."""

    display_name = forms.CharField(
        max_length=60,
        required=False,
        help_text="Shown with your comments. You can change it later.",
    )

    def clean_display_name(self) -> str:
        name = one_line(self.cleaned_data["display_name"])
        if problem := display_name_problem(name, None):
            raise forms.ValidationError(problem)
        return name

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(PlainErrorsMixin, forms.ModelForm):
    website = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Your site or portfolio: an http:// or https:// address.",
        error_messages={"invalid": "Enter a web address starting with http:// or https://."},
    )

    class Meta:
        model = Profile
        fields = ["headline", "bio", "website"]
        widgets = {"bio": PreviewWidget(MarkdownProfile.BIO)}
        help_texts = {"headline": "One line under your name, e.g. “Translator, learning AI tools”."}

    def clean_headline(self) -> str:
        return one_line(self.cleaned_data["headline"])

    def clean_website(self) -> str:
        website = self.cleaned_data["website"]
        # The model's validator also refuses other schemes; this says so in words.
        if website and not website.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Enter a web address starting with http:// or https://.")
        return website


class PictureForm(forms.Form):
    """A picture in place of the generated avatar: checked as every upload is (core.images)."""

    picture = CheckedImageField(
        label="Upload a picture",
        help_text="JPEG, PNG, WebP or GIF. It is cropped to a square around its centre.",
    )
    remove = forms.BooleanField(label="Use the generated avatar instead", required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("picture") and not cleaned.get("remove"):
            raise forms.ValidationError(
                "Choose a picture to upload, or tick the box to remove yours."
            )
        return cleaned

    def save(self, member) -> str:
        """Apply the change; returns what to tell the member."""
        if self.cleaned_data["picture"]:
            set_picture(member, self.cleaned_data["picture"])
            return "Your picture is saved."
        remove_picture(member)
        return "Your picture is removed: the generated avatar is back."


class SkillPickerForm(PlainErrorsMixin, forms.Form):
    """Every approved skill with a choice of list (none, have, learning) and a place in it.

    Works as plain form fields; static/js/skills.js adds filtering and reordering on top.
    """

    LEVEL_CHOICES = [
        ("", "—"),
        (SkillEntry.Level.HAVE, "I have it"),
        (SkillEntry.Level.LEARNING, "I am learning it"),
    ]

    def __init__(self, *args, skills, entries, **kwargs):
        kwargs.setdefault("prefix", "skills")
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        current = {entry.skill_id: entry for entry in entries}
        for skill in self.skills:
            entry = current.get(skill.pk)
            self.fields[f"level-{skill.slug}"] = forms.ChoiceField(
                label=skill.name,
                choices=self.LEVEL_CHOICES,
                required=False,
                initial=entry.level if entry else "",
            )
            self.fields[f"position-{skill.slug}"] = forms.IntegerField(
                label=f"Place of {skill.name} in its list",
                min_value=1,
                max_value=999,
                required=False,
                initial=entry.position + 1 if entry else None,
            )
        self.use_plain_errors()

    def categories(
        self,
    ) -> list[tuple[str, list[tuple[Skill, forms.BoundField, forms.BoundField]]]]:
        """Skills grouped under their category's label, for the template's fieldsets."""
        groups: dict[str, list] = {}
        for skill in self.skills:
            groups.setdefault(skill.get_category_display(), []).append(
                (skill, self[f"level-{skill.slug}"], self[f"position-{skill.slug}"])
            )
        return list(groups.items())

    def chosen(self, level: str) -> list[Skill]:
        """The skills put in one list, in the order the member gave (unnumbered ones last)."""
        picked = [
            (self.cleaned_data[f"position-{skill.slug}"], skill.name, skill)
            for skill in self.skills
            if self.cleaned_data[f"level-{skill.slug}"] == level
        ]
        picked.sort(key=lambda item: (item[0] is None, item[0] or 0, item[1]))
        return [skill for _, _, skill in picked]


class SkillSuggestionForm(PlainErrorsMixin, forms.ModelForm):
    """A new skill for the shared vocabulary, waiting for staff until approved."""

    class Meta:
        model = Skill
        fields = ["name", "category", "description"]
        help_texts = {
            "name": "A few words, like the existing skills.",
            "description": "One sentence: what someone with this skill does.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_skill = None

    def clean_name(self) -> str:
        name = one_line(self.cleaned_data["name"])
        if not slugify(name):
            raise forms.ValidationError("Use letters or digits in the name.")
        existing = (
            Skill.objects.named_like(name).first()
            or Skill.objects.filter(slug=slugify(name)).first()
        )
        if existing is not None:
            self.existing_skill = existing
            raise forms.ValidationError(self._duplicate_message(existing))
        return name

    def clean_description(self) -> str:
        return one_line(self.cleaned_data["description"])

    @staticmethod
    def _duplicate_message(skill: Skill) -> str:
        if skill.status == Skill.Status.APPROVED:
            return f"“{skill.name}” is already a skill: pick it in your profile."
        if skill.status == Skill.Status.PENDING:
            return f"“{skill.name}” has already been suggested and is waiting for review."
        return f"“{skill.name}” was suggested before and not accepted."

    def save_suggestion(self, user) -> Skill:
        skill = self.save(commit=False)
        skill.slug = slugify(skill.name)
        skill.status = Skill.Status.PENDING
        skill.suggested_by = user
        skill.save()
        return skill


class MemberSettingsForm(PlainErrorsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "display_name", "notify_on_reply", "notify_on_approval", "notify_on_held",
            "notify_on_mention", "notify_on_followed", "notify_on_invitation", "digest_weekly",
            "follow_on_post",
        ]  # fmt: skip

    def clean_display_name(self) -> str:
        name = one_line(self.cleaned_data["display_name"])
        if name != self.instance.display_name and (
            problem := display_name_problem(name, self.instance)
        ):
            raise forms.ValidationError(problem)
        return name

    def save(self, commit=True):
        user = super().save(commit)
        if "display_name" in self.changed_data:
            members_appearance_changed([user.pk])
        return user


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # No password holds a NUL: say what is wrong in the words of every other refusal.
        field = self.fields["password"]
        field.validators = [
            ProhibitNullCharactersValidator("That is not your password.")
            if isinstance(v, ProhibitNullCharactersValidator)
            else v
            for v in field.validators
        ]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
