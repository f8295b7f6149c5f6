from django.urls import path, register_converter

from . import views


class UsernameConverter:
    """Any path segment without control characters: PostgreSQL refuses a NUL in a query
    (a 500), so an address with one never reaches the view (a 404)."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UsernameConverter, "username")

app_name = "accounts"

urlpatterns = [
    path("members/<username:username>/", views.member_detail, name="member"),
    path("skills/", views.skill_map, name="skill_map"),
    path("skills/<slug:slug>/", views.skill_detail, name="skill"),
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
    path("accounts/profile/picture/", views.picture_edit, name="picture"),
    path("accounts/skills/suggest/", views.suggest_skill, name="suggest_skill"),
    # Under /accounts/, not /members/: "suggest" is a username a member could take.
    path("accounts/members/suggest/", views.suggest_members, name="suggest_members"),
    path("accounts/settings/", views.account_settings, name="settings"),
    path("accounts/settings/data/", views.export_data, name="export_data"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
]
