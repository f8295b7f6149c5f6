from django.urls import reverse_lazy
from markdownx.widgets import MarkdownxWidget

from .markdown import Profile


class PreviewWidget(MarkdownxWidget):
    """The markdownx editor, previewing through our own view for one pipeline profile.

    markdownx's bundled URLs render without sanitizing and without authentication;
    pointing the widget at `core:preview` shows exactly what will be published.
    """

    template_name = "core/widgets/markdown_editor.html"

    def __init__(self, profile: Profile, attrs=None):
        self.profile = Profile(profile)
        super().__init__(attrs)

    def add_markdownx_attrs(self, attrs):
        attrs = super().add_markdownx_attrs(attrs)
        attrs["data-markdownx-urls-path"] = str(reverse_lazy("core:preview", args=[self.profile]))
        # Uploads are not offered in this version: images go in by https URL.
        attrs.pop("data-markdownx-upload-urls-path", None)
        return attrs
