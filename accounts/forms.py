from django import forms

from articles.markdown import clean_text


class SignupForm(forms.Form):
    """Extra sign-up fields for allauth: the public display name."""

    display_name = forms.CharField(
        max_length=60,
        required=False,
        help_text="Shown with your comments. You can change it later.",
    )

    def clean_display_name(self) -> str:
        return " ".join(clean_text(self.cleaned_data["display_name"]).split())

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
