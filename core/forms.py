"""Form errors in the site's one voice: what is wrong and how to fix it, with numbers written
the way people write them ("10,000", not "10000"), instead of Django's "Ensure this value…".

Length limits are also said before posting: `data-max-length` drives the live count in
static/js/length.js. No `maxlength` attribute: a browser cuts a long paste silently with it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator

from .images import ImageRefused, check_upload
from .markdown import clean_text


class MaxLength(MaxLengthValidator):
    """Django's rule, in words: "Comments can be at most 10,000 characters (this one has
    12,345)."."""

    def __init__(self, limit_value: int, what: str):
        super().__init__(limit_value)
        self.what = what

    def __call__(self, value) -> None:
        length = self.clean(value)
        if length > self.limit_value:
            message = too_long_message(self.what, self.limit_value, length)
            raise ValidationError(message, code="max_length")


def too_long_message(what: str, limit: int, length: int) -> str:
    return f"{what} can be at most {limit:,} characters (this one has {length:,})."


def say_limits_plainly(field: forms.Field, what: str) -> None:
    """Give one field the site's wording for its length and number limits."""
    max_length = getattr(field, "max_length", None)
    if max_length:
        field.validators = [
            v for v in field.validators if not isinstance(v, MaxLengthValidator)
        ] + [MaxLength(max_length, what)]
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs["data-max-length"] = str(max_length)
        field.widget.attrs["data-length-noun"] = what
    low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
    if low is not None and high is not None:
        message = f"{what}: use a whole number from {low:,} to {high:,}."
        # New validators, not edited ones: a form's fields share theirs with the class's.
        field.validators = [
            type(v)(v.limit_value, message)
            if isinstance(v, MinValueValidator | MaxValueValidator)
            else v
            for v in field.validators
        ]
        field.error_messages = {**field.error_messages, "invalid": message}


class PlainErrorsMixin:
    """Every field of the form says its limits in the site's words. `limit_names` maps a
    field to the word that starts its messages (its label by default).

    Control characters (NUL and the like, bidirectional overrides) are removed from what
    was typed before validation, as in comments, instead of refusing the whole form with
    Django's "Null characters are not allowed." Passwords are left exactly as typed.
    """

    limit_names: dict[str, str] = {}

    def full_clean(self):
        if self.is_bound:
            self.data = self._without_control_characters(self.data)
        super().full_clean()

    def _without_control_characters(self, data):
        data = data.copy()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            typed = isinstance(field, forms.CharField)
            if typed and not isinstance(field.widget, forms.PasswordInput) and key in data:
                values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
                cleaned = [clean_text(v) if isinstance(v, str) else v for v in values]
                if hasattr(data, "setlist"):
                    data.setlist(key, cleaned)
                else:
                    data[key] = cleaned[0]
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_plain_errors()

    def use_plain_errors(self) -> None:
        """Again after adding fields in a subclass's __init__ (it is idempotent)."""
        for name, field in self.fields.items():
            what = self.limit_names.get(name) or str(field.label or name.replace("_", " "))
            say_limits_plainly(field, what[:1].upper() + what[1:])


class CheckedImageField(forms.FileField):
    """An optional image upload checked as every upload is (core.images.check_upload): its
    cleaned value is the CleanImage to store, or None when nothing was chosen; a refusal is
    the form's error, in the same words."""

    widget = forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return check_upload(upload)
        except ImageRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
