from allauth.core import ratelimit
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from core.http_cache import add_tags, shareable
from core.images import ImageNotStored

from .changes import SKILLS_TAG, member_tag
from .deletion import anonymise_member
from .export import member_data
from .forms import (
    DeleteAccountForm,
    MemberSettingsForm,
    PictureForm,
    ProfileForm,
    SkillPickerForm,
    SkillSuggestionForm,
)
from .journey import JOURNEY_LENGTH, journey
from .mentions import suggestions
from .models import Profile, Skill, User
from .skills import map_bars, update_skill_entries

COMMENTS_ON_MEMBER_PAGE = 20
COMMENTS_ON_SKILL_PAGE = 20
MEMBERS_PER_SKILL_LIST = 100
RISING_SKILLS = 5
TAKEN_DOWN_SHOWN = 20
RATE_LIMITED = "You have saved many times in a short while. Wait a minute and save again."


# Member and skill pages list comments under their articles' titles.
ARTICLES_TAG = "articles"


@require_safe
@never_cache
def suggest_members(request):
    """Members whose username or name starts with ?q=, for "@" in the comment box
    (static/js/mentions.js): signed-in members only, rate-limited."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to look up members."}, status=403)
    # allauth's public consume() counts only POSTs; this look-up is a GET (limit_get).
    if not allauth_ratelimit.consume(
        request, app="allauth.account", action="mention_suggest", user=request.user, limit_get=True
    ):
        return JsonResponse({"error": "Too many look-ups this minute: wait a little."}, status=429)
    return JsonResponse({"members": suggestions(request.GET.get("q", ""))})


@require_safe
def member_detail(request, username: str):
    """Every member has a page; a profile, once kept, adds to it."""
    member = get_object_or_404(
        User.objects.select_related("profile"), username=username, is_active=True
    )
    have, learning = member.skill_lists()
    comments = member.comments.public().select_related("article").order_by("-created_at")
    # Thread starts and updates: the member's own answers, not their replies to others.
    answers = comments.filter(Q(parent=None) | Q(update_of__isnull=False))[:JOURNEY_LENGTH]
    response = TemplateResponse(
        request,
        "accounts/member_detail.html",
        {
            "member": member,
            "profile": member.profile_or_none,
            "have": have,
            "learning": learning,
            "comments": comments[:COMMENTS_ON_MEMBER_PAGE],
            "journey": journey(answers, [*have, *learning]),
        },
    )
    return add_tags(response, member_tag(member.pk), ARTICLES_TAG)


@require_safe
@shareable(SKILLS_TAG)
def skill_map(request):
    """The community skills map: what members have and learn, most shared first."""
    category = request.GET.get("category", "")
    if category and category not in Skill.Category.values:
        raise Http404("No such category.")
    skills = Skill.objects.approved().with_member_counts().by_interest()
    if category:
        skills = skills.filter(category=category)
    # The bars and the rising skills are a fragment cached under the map's version: they are
    # counted only when that changes (accounts.models.SkillQuerySet.map_version).
    return TemplateResponse(
        request,
        "accounts/skill_map.html",
        {
            "map_version": Skill.objects.approved().map_version(),
            "bars": SimpleLazyObject(lambda: map_bars(skills)),
            "categories": Skill.Category.choices,
            "category": category,
            "rising": Skill.objects.approved().rising(timezone.now())[:RISING_SKILLS],
        },
    )


@require_safe
@shareable(SKILLS_TAG, ARTICLES_TAG)
def skill_detail(request, slug: str):
    """Who has a skill, who is learning it, and what they said about it."""
    skill = get_object_or_404(Skill.objects.approved().with_member_counts(), slug=slug)
    entries = skill.entries.of_active_members().select_related("user")
    comments = skill.comments.public().select_related("author", "article")
    return TemplateResponse(
        request,
        "accounts/skill_detail.html",
        {
            "skill": skill,
            "have": entries.have().order_by("-added_at")[:MEMBERS_PER_SKILL_LIST],
            "learning": entries.learning().order_by("-started_learning_at")[
                :MEMBERS_PER_SKILL_LIST
            ],
            "comments": comments.order_by("-created_at")[:COMMENTS_ON_SKILL_PAGE],
        },
    )


def refusal_while_suspended(member) -> str | None:
    """A member suspended from the discussion cannot publish elsewhere on the site either:
    not a headline, bio, website, skill, suggested skill or new name. The suspension is
    the comments app's, read through the reverse relation so accounts imports nothing."""
    suspension = member.suspensions.in_force(timezone.now()).order_by("-until").first()
    if suspension is None:
        return None
    return f"{suspension.message_to_member} Until then, what your page shows stays as it is."


@login_required
def profile_edit(request):
    """Headline, bio, website and the two skill lists, saved together."""
    member = request.user
    profile, skills, entries = _profile_parts(member)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile)
        picker = SkillPickerForm(request.POST, skills=skills, entries=entries)
        if refusal := refusal_while_suspended(member):
            form.add_error(None, refusal)
            return _profile_form(request, form, picker, status=403)
        if not ratelimit.consume(request, action="edit_profile", user=member):
            form.add_error(None, RATE_LIMITED)
            return _profile_form(request, form, picker, status=429)
        if form.is_valid() and picker.is_valid():
            form.save()
            update_skill_entries(
                member,
                have=picker.chosen("have"),
                learning=picker.chosen("learning"),
                now=timezone.now(),
            )
            messages.success(request, "Your profile is saved.")
            return redirect(member)
        return _profile_form(request, form, picker, status=400)
    form = ProfileForm(instance=profile)
    picker = SkillPickerForm(skills=skills, entries=entries)
    return _profile_form(request, form, picker)


@login_required
@require_POST
def picture_edit(request):
    """The member's picture (or back to the generated avatar): a form of its own on the
    profile page, so a refused upload never costs the member their profile edits."""
    member = request.user
    picture_form = PictureForm(request.POST, request.FILES)
    if refusal := refusal_while_suspended(member):
        picture_form.add_error(None, refusal)
        status = 403
    elif not ratelimit.consume(request, action="upload_picture", user=member):
        picture_form.add_error(
            None, "You have uploaded many pictures in a short while. Wait a minute."
        )
        status = 429
    elif picture_form.is_valid():
        try:
            messages.success(request, picture_form.save(member))
            return redirect("accounts:profile_edit")
        except ImageNotStored as failure:  # a full disk: the old picture stays
            picture_form.add_error("picture", failure.message)
            status = failure.status
    else:
        status = 400
    profile, skills, entries = _profile_parts(member)
    form = ProfileForm(instance=profile)
    picker = SkillPickerForm(skills=skills, entries=entries)
    return _profile_form(request, form, picker, status=status, picture_form=picture_form)


def _profile_parts(member):
    profile = Profile.objects.filter(user=member).first() or Profile(user=member)
    return profile, Skill.objects.approved().in_category_order(), member.skill_entries.all()


def _profile_form(request, form, picker, status=200, picture_form=None):
    context = {"form": form, "picker": picker, "picture_form": picture_form or PictureForm()}
    return TemplateResponse(request, "accounts/profile_form.html", context, status=status)


@login_required
def suggest_skill(request):
    """Members propose a skill; staff approve it in the admin before anyone can pick it."""
    form = SkillSuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if refusal := refusal_while_suspended(request.user):
            form.add_error(None, refusal)
            status = 403
        elif not ratelimit.consume(request, action="suggest_skill", user=request.user):
            form.add_error(None, "You have suggested several skills lately. Try again later.")
            status = 429
        elif form.is_valid():
            skill = form.save_suggestion(request.user)
            messages.success(request, f"Thank you: “{skill.name}” will appear once reviewed.")
            return redirect("accounts:profile_edit")
        else:
            status = 400
    return TemplateResponse(request, "accounts/skill_suggest.html", {"form": form}, status=status)


@login_required
def account_settings(request):
    """Name and notifications here; links to email, password, two-factor, data and deletion;
    and the member's comments moderators took down, with the reason they were given."""
    form = MemberSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        refusal = refusal_while_suspended(request.user)
        # Notification choices stay the member's own; only the public name is frozen.
        if refusal and form.is_valid() and "display_name" in form.changed_data:
            form.add_error("display_name", refusal)
            return _settings_page(request, form, status=403)
        if form.is_valid():
            form.save()
            messages.success(request, "Your settings are saved.")
            return redirect("accounts:settings")
        return _settings_page(request, form, status=400)
    return _settings_page(request, form)


def _settings_page(request, form, status=200):
    # Through the reverse relation, whose manager is the comments' queryset: one query.
    taken_down = request.user.comments.taken_down_with_reason().select_related("article")
    context = {"form": form, "taken_down": taken_down.order_by("-moderated_at")[:TAKEN_DOWN_SHOWN]}
    return TemplateResponse(request, "accounts/settings.html", context, status=status)


@never_cache
@login_required
def export_data(request):
    """The member's own data as a JSON download."""
    response = JsonResponse(member_data(request.user), json_dumps_params={"indent": 2})
    filename = f"adapting-together-{request.user.username}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def delete_account(request):
    """Say what deletion does; with the password, anonymise the account and sign out."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        # The same limit allauth puts on re-entering a password, against guessing.
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, "Too many attempts. Wait a minute and try again.")
            status = 429
        elif form.is_valid():
            anonymise_member(request.user, now=timezone.now())
            logout(request)
            messages.success(request, "Your account is deleted. Thank you for taking part.")
            return redirect("articles:index")
        else:
            status = 400
    return TemplateResponse(request, "accounts/delete_account.html", {"form": form}, status=status)
