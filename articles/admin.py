from dataclasses import asdict

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from core.forms import CheckedImageField
from core.images import ImageNotStored, store_widths
from core.markdown import Profile
from core.widgets import PreviewWidget

from .models import Article, Series, Tag


class ArticleAdminForm(forms.ModelForm):
    """The article, with its cover: an upload is checked (core.images) with the rest of the
    form, and stored, in a few widths, only when the whole form is valid."""

    cover_upload = CheckedImageField(
        label="Cover image",
        help_text="JPEG, PNG, WebP or GIF; shown above the article, on the home page, in "
        "feeds and on shared links. Leave empty to keep the current one.",
    )
    remove_cover = forms.BooleanField(label="Remove the cover", required=False)

    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "body", "status", "published_at", "revised_at", "author",
            "tags", "series", "series_position", "follow_up_of", "discussion_prompt",
            "comments_open", "cover_alt",
        ]  # fmt: skip
        widgets = {"body": PreviewWidget(Profile.ARTICLE)}

    def clean(self):
        cleaned = super().clean()
        has_cover = cleaned.get("cover_upload") or (
            self.instance.cover and not cleaned.get("remove_cover")
        )
        if has_cover and not cleaned.get("cover_alt", "").strip():
            self.add_error("cover_alt", "Describe the cover for readers who cannot see it.")
        if cleaned.get("cover_upload") and not self.errors:
            # Stored here, not in save(), so a full disk is a message on the form (files
            # have content-derived names: a retry after a refused form reuses them).
            try:
                cleaned["cover"] = asdict(store_widths(cleaned["cover_upload"], "covers"))
            except ImageNotStored as failure:
                self.add_error("cover_upload", failure.message)
        return cleaned

    def save(self, commit=True):
        article = super().save(commit=False)
        if self.cleaned_data.get("cover"):
            article.cover = self.cleaned_data["cover"]
        elif self.cleaned_data.get("remove_cover"):
            article.cover, article.cover_alt = {}, ""
        if commit:
            article.save()
            self._save_m2m()
        return article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title", "status", "published_at", "is_published", "comment_count", "series", "author",
    ]  # fmt: skip
    list_filter = ["status", "comments_open", "published_at", "tags", "series"]
    search_fields = ["title", "summary", "body"]
    autocomplete_fields = ["tags", "series", "follow_up_of"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    list_select_related = ["author", "series"]
    raw_id_fields = ["author"]
    readonly_fields = [
        "comment_count", "comments_changed_at", "created_at", "updated_at", "current_cover",
    ]  # fmt: skip
    actions = ["publish_now"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Cover", {"fields": ["current_cover", "cover_upload", "cover_alt", "remove_cover"]}),
        ("Publishing", {"fields": ["status", "published_at", "revised_at", "author"]}),
        ("Connections", {"fields": ["tags", "series", "series_position", "follow_up_of"]}),
        ("Discussion", {"fields": ["discussion_prompt", "comments_open", "comment_count"]}),
        ("History", {"fields": ["created_at", "updated_at", "comments_changed_at"]}),
    ]

    @admin.display(description="Current cover")
    def current_cover(self, article):
        image = article.cover_image
        if image is None:
            return "None yet."
        return format_html(
            '<img src="{}" width="240" height="{}" alt="{}">',
            image.url,
            round(240 * image.height / image.width),
            article.cover_alt,
        )

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        count = 0
        # Saved one by one, not update(): the log and any later hooks see each change.
        for article in queryset:
            article.status = Article.Status.PUBLISHED
            article.published_at = now
            article.save(update_fields=["status", "published_at", "updated_at"])
            self.log_change(request, article, "Published now.")
            count += 1
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
