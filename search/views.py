from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from articles.models import ARTICLES_TAG
from core.http_cache import shareable

from .forms import SearchForm
from .sources import search


@require_safe
# Purged by every change to articles and comments (their apps purge "search" too).
@shareable("search", ARTICLES_TAG)
def search_page(request):
    """Results for ?q=; an empty query shows the form, an invalid one says why (400)."""
    if not request.GET.get("q", "").strip():
        return TemplateResponse(request, "search/search.html", {"form": SearchForm()})
    form = SearchForm(request.GET)
    if not form.is_valid():
        return TemplateResponse(request, "search/search.html", {"form": form}, status=400)
    query = form.cleaned_data["q"]
    return TemplateResponse(
        request, "search/search.html", {"form": form, "query": query, "results": search(query)}
    )
