from django.template.response import TemplateResponse

from .forms import SearchForm
from .sources import search


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
