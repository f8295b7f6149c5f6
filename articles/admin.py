from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from core.markdown import Profile
from core.widgets import PreviewWidget

from .models import Article, Series, Tag


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "body", "status", "published_at", "revised_at", "author",
            "tags", "series", "series_position", "follow_up_of", "discussion_prompt",
            "comments_open",
        ]  # fmt: skip
        widgets = {"body": PreviewWidget(Profile.ARTICLE)}


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
    readonly_fields = ["comment_count", "comments_changed_at", "created_at", "updated_at"]
    actions = ["publish_now"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "revised_at", "author"]}),
        ("Connections", {"fields": ["tags", "series", "series_position", "follow_up_of"]}),
        ("Discussion", {"fields": ["discussion_prompt", "comments_open", "comment_count"]}),
        ("History", {"fields": ["created_at", "updated_at", "comments_changed_at"]}),
    ]

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
