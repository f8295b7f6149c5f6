from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("markdown/preview/<str:profile>/", views.markdown_preview, name="preview"),
    path("markdown/images/", views.markdown_image_upload, name="image_upload"),
    path("media/<path:name>", views.media_file, name="media"),
]
