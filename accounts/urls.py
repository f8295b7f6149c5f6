from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("members/<str:username>/", views.member_detail, name="member"),
    path("skills/", views.skill_map, name="skill_map"),
    path("skills/<slug:slug>/", views.skill_detail, name="skill"),
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
    path("accounts/skills/suggest/", views.suggest_skill, name="suggest_skill"),
    path("accounts/settings/", views.account_settings, name="settings"),
    path("accounts/settings/data/", views.export_data, name="export_data"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
]
