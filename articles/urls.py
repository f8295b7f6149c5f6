from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="index"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("markdown/preview/<str:profile>/", views.markdown_preview, name="preview"),
]
