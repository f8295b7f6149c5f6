"""Search sources: one function per kind of thing found, all returning `Result`s.

Each source takes the cleaned query and returns its best matches, ranked. The view merges
the sources by rank, so a new source (approved comments) is one more function in `SOURCES`.
On PostgreSQL a source uses full-text search; elsewhere a plain `icontains` fallback with
the same results shape, so development on SQLite shows the same page.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

RESULTS_PER_SOURCE = 30
SEARCH_CONFIG = "english"
# ts_headline marks matches with these; the body never contains them because the
# pipeline's clean_text() strips control characters before saving.
MATCH_START, MATCH_STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Result:
    kind: str  # "article"; later "comment"
    title: str
    url: str
    snippet: SafeString  # escaped text with <mark> around the matches
    published_at: datetime | None
    rank: float


def article_search_vector() -> SearchVector:
    """Title above summary above body. The GIN index is built from this same expression."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def highlighted(text: str) -> SafeString:
    """Escape text from the database, then turn the match markers into <mark>."""
    html = escape(text).replace(MATCH_START, "<mark>").replace(MATCH_STOP, "</mark>")
    return mark_safe(html)  # every character from the database was escaped above


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def search_articles(query: str) -> list[Result]:
    """Published articles matching the query, best first."""
    articles = Article.objects.published()
    if uses_full_text_search():
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        vector = article_search_vector()
        matches = (
            articles.annotate(document=vector)
            .filter(document=search_query)
            .annotate(
                rank=SearchRank(vector, search_query),
                snippet=SearchHeadline(
                    "body",
                    search_query,
                    config=SEARCH_CONFIG,
                    start_sel=MATCH_START,
                    stop_sel=MATCH_STOP,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-published_at")
        )
    else:
        matches = (
            articles.filter(
                Q(title__icontains=query) | Q(summary__icontains=query) | Q(body__icontains=query)
            )
            .annotate(
                rank=Case(
                    When(title__icontains=query, then=Value(3)),
                    When(summary__icontains=query, then=Value(2)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                snippet=F("summary"),
            )
            .order_by("-rank", "-published_at")
        )
    return [
        Result(
            kind="article",
            title=article.title,
            url=article.get_absolute_url(),
            snippet=highlighted(article.snippet),
            published_at=article.published_at,
            rank=float(article.rank),
        )
        for article in matches.only("title", "slug", "published_at")[:RESULTS_PER_SOURCE]
    ]


SOURCES = [search_articles]


def search(query: str) -> list[Result]:
    """Every source's results merged, best first."""
    results = [result for source in SOURCES for result in source(query)]
    return sorted(results, key=lambda result: result.rank, reverse=True)
