from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse


def member_detail(request, username: str):
    """Every member has a page; a profile, once kept, adds to it."""
    member = get_object_or_404(get_user_model(), username=username, is_active=True)
    return TemplateResponse(request, "accounts/member_detail.html", {"member": member})
