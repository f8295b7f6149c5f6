from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("members/<str:username>/", views.member_detail, name="member"),
]
