from django import forms

from core.forms import PlainErrorsMixin
from core.markdown import clean_text

MAX_QUERY_LENGTH = 200


class SearchForm(PlainErrorsMixin, forms.Form):
    limit_names = {"q": "Searches"}

    q = forms.CharField(
        label="Search",
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={"required": "Type a word or two to search for."},
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Search articles and comments"}
        ),
    )

    def clean_q(self) -> str:
        # Control characters match nothing and would collide with the highlight markers.
        query = clean_text(self.cleaned_data["q"]).strip()
        if not query:
            raise forms.ValidationError("Type a word or two to search for.")
        return query
