from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="index"),
    path("about/", TemplateView.as_view(template_name="articles/about.html"), name="about"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("markdown/preview/<str:profile>/", views.markdown_preview, name="preview"),
]
