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
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from comments.models import Comment

RESULTS_PER_SOURCE = 30
SEARCH_CONFIG = "english"
# ts_headline marks matches with these; the body never contains them because the
# pipeline's clean_text() strips control characters before saving.
MATCH_START, MATCH_STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Result:
    kind: str  # "article" or "comment"
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


def body_headline(search_query: SearchQuery) -> SearchHeadline:
    """Up to two fragments of the body around the matches, marked for `highlighted()`."""
    return SearchHeadline(
        "body",
        search_query,
        config=SEARCH_CONFIG,
        start_sel=MATCH_START,
        stop_sel=MATCH_STOP,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


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
                snippet=body_headline(search_query),
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


def comment_search_vector() -> SearchVector:
    """A comment's text. The GIN index is built from this same expression."""
    return SearchVector("body", config=SEARCH_CONFIG)


def search_comments(query: str) -> list[Result]:
    """Approved comments on published articles matching the query, best first.

    Ranked below an article with the same words (a comment is a smaller document), so
    the articles a discussion belongs to come first.
    """
    comments = Comment.objects.approved().filter(
        article__in=Article.objects.published().values("pk")
    )
    if uses_full_text_search():
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        vector = comment_search_vector()
        matches = (
            comments.annotate(document=vector)
            .filter(document=search_query)
            .annotate(
                rank=SearchRank(vector, search_query) * Value(0.5, output_field=FloatField()),
                snippet=body_headline(search_query),
            )
        )
    else:
        matches = comments.filter(body__icontains=query).annotate(
            rank=Value(0.5, output_field=FloatField()), snippet=Left("body", 300)
        )
    matches = matches.select_related("author", "article").only(
        "created_at", "article__title", "article__slug", "author__username",
        "author__display_name", "author__anonymised_at",
    )  # fmt: skip
    return [
        Result(
            kind="comment",
            title=f"{comment.author.public_name} on “{comment.article.title}”",
            url=comment.get_absolute_url(),
            snippet=highlighted(comment.snippet),
            published_at=comment.created_at,
            rank=float(comment.rank),
        )
        for comment in matches.order_by("-rank", "-created_at")[:RESULTS_PER_SOURCE]
    ]


SOURCES = [search_articles, search_comments]


def search(query: str) -> list[Result]:
    """Every source's results merged, best first."""
    results = [result for source in SOURCES for result in source(query)]
    return sorted(results, key=lambda result: result.rank, reverse=True)
