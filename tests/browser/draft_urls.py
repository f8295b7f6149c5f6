"""The site's URLs plus one form with a local draft, standing in for the comment form.

Its view refuses a post when the browser carries a `rate_limited` cookie, with the site's
429 page, and otherwise accepts it and shows the success signal that draft.js listens for.
"""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import engines
from django.urls import include, path, reverse

DRAFT_KEY = "test:comment"

FORM_PAGE = engines["django"].from_string(
    """{% extends "base.html" %}{% block content %}
<div class="page-narrow">
  <h1>Write a comment</h1>
  {% if sent %}
    <p class="message message-success" data-draft-sent="{{ key }}">Thanks, it was posted.</p>
  {% endif %}
  <form method="post">
    {% csrf_token %}
    <div class="field"><label for="id_body">Comment</label>
    <textarea id="id_body" name="body" data-draft-key="{{ key }}"></textarea></div>
    <button type="submit">Post comment</button>
  </form>
</div>
{% endblock %}"""
)


def draft_form(request):
    if request.method == "POST":
        if request.COOKIES.get("rate_limited"):
            return render(request, "429.html", status=429)
        return HttpResponseRedirect(reverse("draft-form") + "?sent=1")
    context = {"key": DRAFT_KEY, "sent": "sent" in request.GET}
    return HttpResponse(FORM_PAGE.render(context, request))


urlpatterns = [
    path("draft-form/", draft_form, name="draft-form"),
    path("", include("config.urls")),
]
