import hashlib

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, quote_etag
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.models import Article

from . import flagging, moderation, reactions, services
from .access import can_comment
from .forms import CommentForm, EditCommentForm, FlagForm
from .history import versions
from .models import Comment, Mute, Reaction
from .notifications import PREFERENCE_FOR_KIND, read_unsubscribe_token
from .thread import page_of, render_comment


def client_ip(request) -> str | None:
    """The client address by allauth's rule, so ALLAUTH_TRUSTED_PROXY_COUNT applies here too."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None


def wants_fragment(request) -> bool:
    """comments.js posts with fetch and replaces parts of the page instead of reloading."""
    return request.headers.get("X-Requested-With") == "fetch"


def permalink(request, pk: int):
    """Wherever a comment falls, send the reader to the page that shows it."""
    comment = get_object_or_404(Comment.objects.select_related("article", "root"), pk=pk)
    article = comment.article
    if not article.is_visible_to(request.user):
        raise Http404("No such comment.")
    if comment.status != Comment.Status.APPROVED:
        if comment.is_by(request.user):
            return redirect(f"{article.get_absolute_url()}#your-pending")
        raise Http404("This comment is not public.")
    return redirect(f"{article.get_absolute_url()}?page={page_of(comment)}#comment-{comment.pk}")


@require_safe
def history(request, pk: int):
    """The public edit history of a comment: its versions, what changed in each. Readers
    see public comments' history, authors their own; moderators read a hidden comment's
    earlier versions in the admin, not on the site."""
    comments = Comment.objects.visible_to(request.user).select_related("article", "author")
    comment = get_object_or_404(comments, pk=pk)
    context = {
        "comment": comment,
        "versions": versions(comment, held_too=comment.is_by(request.user)),
    }
    return TemplateResponse(request, "comments/history.html", context)


@require_POST
def post(request, article_id: int):
    """Post a comment or reply. Refusals come back with the text and the reason."""
    article = get_object_or_404(Article.objects.select_related("author"), pk=article_id)
    if not article.is_visible_to(request.user):
        raise Http404("No such article.")
    if not request.user.is_authenticated:
        return redirect_to_login(f"{article.get_absolute_url()}#discussion")
    form = CommentForm(request.POST, article=article)
    if not can_comment(request.user):
        return _form_refused(
            request, form, "Verify your email address before commenting.", status=403
        )
    if not form.is_valid():
        return _form_refused(request, form, "Your comment was not posted.", status=400)
    try:
        comment, created = services.post_comment(
            author=request.user,
            article=article,
            body=form.cleaned_data["body"],
            reply_to=form.cleaned_data["reply_to"],
            update_of=form.cleaned_data["update_of"],
            skills=form.cleaned_data["skills"],
            idempotency_key=form.cleaned_data["idempotency_key"],
            honeypot=form.cleaned_data["website"],
            ip_address=client_ip(request),
            now=timezone.now(),
        )
    except services.Refused as refusal:
        return _form_refused(request, form, refusal.message, status=refusal.status)
    # Spam is accepted silently: the bot learns nothing from the answer.
    pending = comment.status != Comment.Status.APPROVED
    if wants_fragment(request):
        return _posted_fragment(request, comment, pending, status=201 if created else 200)
    # The page after the redirect tells draft.js to forget the text (see base.html).
    sent = f"draft-sent:{form.draft_key}"
    if pending:
        messages.info(request, "Thanks! Your comment is awaiting moderation.", extra_tags=sent)
        return redirect(f"{article.get_absolute_url()}#your-pending")
    messages.success(request, "Your comment is posted.", extra_tags=sent)
    return redirect(comment.get_absolute_url())


def _form_refused(request, form, message: str, *, status: int):
    context = {
        "article": form.article,
        "form": form,
        "refusal": message,
        "reply_target": form.cleaned_data.get("reply_to")
        if hasattr(form, "cleaned_data")
        else None,
    }
    template = (
        "comments/comment_form.html#comment-form"
        if wants_fragment(request)
        else "comments/comment_form_page.html"
    )
    return TemplateResponse(request, template, context, status=status)


def _posted_fragment(request, comment: Comment, pending: bool, *, status: int):
    """What comments.js inserts: the new comment as the thread shows it, or a pending note."""
    context = {"comment": comment, "pending": pending}
    if not pending:
        context["comment_html"] = render_comment(comment)
    return TemplateResponse(request, "comments/posted.html", context, status=status)


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """The author rewrites a comment within the edit window."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    comment = get_object_or_404(
        Comment.objects.visible_to(request.user).select_related("article", "author"), pk=pk
    )
    form = EditCommentForm(request.POST or None, initial={"body": comment.body})
    context = {"comment": comment, "form": form, "deadline": moderation.edit_deadline(comment)}
    now = timezone.now()
    if request.method == "GET":
        refusal = _edit_refusal(comment, request.user, now)
        if refusal:
            return _refused_page(request, refusal, comment)
        return TemplateResponse(request, "comments/edit.html", context)
    if not form.is_valid():
        return TemplateResponse(request, "comments/edit.html", context, status=400)
    try:
        services.edit_comment(comment, editor=request.user, body=form.cleaned_data["body"], now=now)
    except services.Refused as refusal:
        context["refusal"] = refusal.message
        return TemplateResponse(request, "comments/edit.html", context, status=refusal.status)
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, "Your comment is updated.")
        return redirect(comment.get_absolute_url())
    messages.info(request, "Your comment is updated and awaiting moderation.")
    return redirect(f"{comment.article.get_absolute_url()}#your-pending")


def _edit_refusal(comment, user, now) -> services.Refused | None:
    """Check the edit rules before showing the form, so nobody writes into a dead end."""
    if not comment.is_by(user):
        return services.Refused("Only the author can edit this comment.", status=403)
    suspension = moderation.suspension_in_force(user, now)
    if suspension:
        return services.Refused(suspension.message_to_member, status=403)
    if not moderation.edit_window_open(comment, now):
        return services.Refused(
            "The time for editing this comment has passed "
            f"(it ended at {moderation.edit_deadline(comment):%H:%M} UTC).",
            status=403,
        )
    return None


@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    """The author removes a comment, after confirming."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    comment = get_object_or_404(
        Comment.objects.visible_to(request.user).select_related("article", "author"), pk=pk
    )
    if not comment.is_by(request.user):
        return _refused_page(
            request, services.Refused("Only the author can delete this comment.", 403), comment
        )
    if comment.status == Comment.Status.REMOVED:
        messages.info(request, "That comment was already deleted.")
        return redirect(f"{comment.article.get_absolute_url()}#discussion")
    if request.method == "GET":
        return TemplateResponse(request, "comments/delete.html", {"comment": comment})
    services.delete_comment(comment, by=request.user, now=timezone.now())
    messages.success(request, "Your comment is deleted.")
    return redirect(f"{comment.article.get_absolute_url()}#discussion")


def _member_action(request, pk: int):
    """Shared start of helpful and flag: anonymous readers are sent to sign in first. Only a
    public comment (or the reader's own) exists for them: nothing else is shown or named."""
    comment = get_object_or_404(
        Comment.objects.visible_to(request.user).select_related("article"), pk=pk
    )
    if not request.user.is_authenticated:
        return comment, redirect_to_login(comment.get_absolute_url())
    if request.method != "POST":
        return comment, redirect(comment.get_absolute_url())
    if not can_comment(request.user):
        return comment, _refused_page(
            request, services.Refused("Verify your email address first.", 403), comment
        )
    return comment, None


def react(request, pk: int, kind: str = Reaction.Kind.HELPFUL):
    """A reaction is a toggle: a second press takes it back. comments.js presses it in
    place and reads the answer as JSON."""
    if kind not in Reaction.Kind.values:
        raise Http404("No such reaction.")
    comment, early = _member_action(request, pk)
    if early:
        return early
    reacted = comment.reactions.filter(user=request.user, kind=kind).exists()
    now = timezone.now()
    try:
        if reacted:
            reactions.unreact(comment, user=request.user, kind=kind, now=now)
        else:
            reactions.react(
                comment, user=request.user, kind=kind, now=now, ip_address=client_ip(request)
            )
    except services.Refused as refusal:
        if wants_fragment(request):
            return JsonResponse({"error": refusal.message}, status=refusal.status)
        return _refused_page(request, refusal, comment)
    field = Reaction.COUNT_FIELDS[kind]
    if wants_fragment(request):
        comment.refresh_from_db(fields=[field])
        return JsonResponse({"pressed": not reacted, "count": getattr(comment, field)})
    label = Reaction.Kind(kind).label
    if reacted:
        messages.info(request, f"You took back your “{label}”.")
    elif kind == Reaction.Kind.HELPFUL:
        messages.success(request, "Marked as helpful. Thank you!")
    else:
        messages.success(request, f"You said “{label}”.")
    return redirect(comment.get_absolute_url())


def flag(request, pk: int):
    comment, early = _member_action(request, pk)
    if early:
        return early
    try:
        flagging.refuse_flag(comment, user=request.user, now=timezone.now())
    except services.Refused as refusal:
        return _refused_page(request, refusal, comment)
    # The thread's Flag button sends no reason: ask for one on a page of its own.
    if "reason" not in request.POST:
        return TemplateResponse(
            request, "comments/flag.html", {"comment": comment, "form": FlagForm()}
        )
    form = FlagForm(request.POST)
    if not form.is_valid():
        context = {"comment": comment, "form": form}
        return TemplateResponse(request, "comments/flag.html", context, status=400)
    try:
        flagging.flag_comment(
            comment,
            user=request.user,
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
            ip_address=client_ip(request),
        )
    except services.Refused as refusal:
        return _refused_page(request, refusal, comment)
    messages.success(request, "Thanks for flagging it: moderators will take a look.")
    return redirect(f"{comment.article.get_absolute_url()}#discussion")


def _refused_page(request, refusal: services.Refused, comment: Comment):
    return TemplateResponse(
        request,
        "comments/refused.html",
        {"message": refusal.message, "comment": comment},
        status=refusal.status,
    )


# Mail programs send RFC 8058 one-click unsubscribes as a POST without a CSRF token;
# the signed token in the address is what authorises the change.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks for confirmation (link checkers must not unsubscribe anyone); POST does it."""
    data = read_unsubscribe_token(token)
    if data is None:
        return TemplateResponse(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    user_id, kind = data
    member = get_object_or_404(get_user_model(), pk=user_id)
    preference = PREFERENCE_FOR_KIND[kind]
    field = member._meta.get_field(preference)
    context = {"member": member, "what": field.verbose_name, "done": False}
    if request.method == "POST":
        setattr(member, preference, False)
        member.save(update_fields=[preference])
        context["done"] = True
    return TemplateResponse(request, "comments/unsubscribe.html", context)


# Which controls of the shared thread are this member's: Edit and Delete on their own
# comments, Helpful and Flag on everyone else's. A stylesheet does it, so it holds without
# JavaScript and for comments inserted later; its address names the member, so a browser
# shared by two members never applies one's to the other.
OWN_CONTROLS_CSS = (
    'li.comment[data-author="{username}"] > article .own-only {{ display: revert; }}\n'
    'li.comment[data-author="{username}"] > article .others-only {{ display: none; }}\n'
)
# A muted member's comments, folded: the text and its skills hidden, a note in their place.
MUTED_CSS = (
    'li.comment[data-author="{username}"] > article > :is(.comment-text, .comment-skills, '
    ".comment-update) {{ display: none; }}\n"
    'li.comment[data-author="{username}"] > article > .comment-meta::after '
    '{{ content: "You muted this member: their comment is folded."; display: block; }}\n'
)


@cache_control(private=True, no_cache=True)
def own_controls_css(request):
    """The signed-in member's stylesheet for the discussion (their own controls shown,
    members they muted folded); empty for anyone else. Revalidated on each page (a 304
    while nothing changed: the ETag is the stylesheet's hash), so a new mute folds at once."""
    member = request.GET.get("member", "")
    css = ""
    if request.user.is_authenticated and member == request.user.username:
        # Usernames are lowercase letters, digits, - and _: nothing to escape in CSS.
        css = OWN_CONTROLS_CSS.format(username=request.user.username)
        for username in _muted_usernames(request.user):
            css += MUTED_CSS.format(username=username)
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # Set even for the empty stylesheet (set_response_etag skips empty bodies).
    response["ETag"] = quote_etag(hashlib.md5(css.encode(), usedforsecurity=False).hexdigest())
    return get_conditional_response(request, etag=response["ETag"], response=response)


def _muted_usernames(member) -> list[str]:
    return list(
        Mute.objects.filter(member=member, muted__anonymised_at=None)
        .order_by("muted__username")
        .values_list("muted__username", flat=True)
    )
