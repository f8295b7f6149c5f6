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
        # Editors drop images into articles (checked and cleaned by core.images); comments
        # and bios stay text only.
        if self.profile is Profile.ARTICLE:
            attrs["data-markdownx-upload-urls-path"] = str(reverse_lazy("core:image_upload"))
        else:
            attrs.pop("data-markdownx-upload-urls-path", None)
        return attrs
