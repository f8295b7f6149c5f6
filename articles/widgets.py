from django.forms.utils import flatatt
from django.urls import reverse_lazy
from django.utils.html import format_html
from markdownx.widgets import MarkdownxWidget

from .markdown import Profile


class PreviewWidget(MarkdownxWidget):
    """The markdownx editor, previewing through our own view for one pipeline profile.

    markdownx's bundled URLs render without sanitizing and without authentication;
    pointing the widget at `articles:preview` shows exactly what will be published.
    """

    def __init__(self, profile: Profile, attrs=None):
        self.profile = Profile(profile)
        super().__init__(attrs)

    def add_markdownx_attrs(self, attrs):
        attrs = super().add_markdownx_attrs(attrs)
        attrs["data-markdownx-urls-path"] = str(
            reverse_lazy("articles:preview", args=[self.profile])
        )
        # Uploads are not offered in this version: images go in by https URL.
        attrs.pop("data-markdownx-upload-urls-path", None)
        return attrs

    def render(self, name, value, attrs=None, renderer=None):
        """The markup of markdownx's widget template, built directly.

        The comment form is on every article page a member opens; going through the
        widget's two templates cost more than the rest of the form.
        """
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<div class="markdownx"><textarea name="{}"{}>\n{}</textarea>'
            '<div class="markdownx-preview"></div></div>',
            name,
            flatatt(widget["attrs"]),
            widget["value"] or "",
        )
