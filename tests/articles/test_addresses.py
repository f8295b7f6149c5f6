"""{% url %} keeps addresses whose arguments are plain strings or integers, and still gives
what Django's tag gives; an article keeps its own address the same way."""

from unittest import mock

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils.safestring import mark_safe

from articles import addresses
from articles.models import Article


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    set_script_prefix("/")


def test_addresses_are_the_ones_django_reverses():
    assert render("{% url 'articles:index' %}") == reverse("articles:index") == "/"
    assert render("{% url 'accounts:skill_map' %}") == "/skills/"
    slug = "ai-and-the-gig-economy"
    assert render("{% url 'articles:detail' slug %}", slug=slug) == f"/articles/{slug}/"
    assert render("{% url 'articles:detail' slug=s %}", s="other") == "/articles/other/"


def test_an_address_is_reversed_once_for_its_arguments_unless_they_are_not_plain():
    addresses._reversed.cache_clear()
    with mock.patch.object(addresses, "reverse", wraps=reverse) as reversed_here:
        for _ in range(3):
            assert render("{% url 'articles:about' %}") == "/about/"
        for slug in ("a", "b", "a"):
            assert render("{% url 'articles:detail' slug %}", slug=slug) == f"/articles/{slug}/"
        assert render("{% url 'comments:edit' pk %}", pk=7) == "/comments/7/edit/"
        assert reversed_here.call_count == 4
    with mock.patch("django.urls.reverse", wraps=reverse) as reversed_by_django:
        for _ in range(2):
            assert render("{% url 'articles:detail' slug=s %}", s="a") == "/articles/a/"
            # A str subclass could print something else than its value.
            assert render("{% url 'articles:detail' s %}", s=mark_safe("b")) == "/articles/b/"
        assert reversed_by_django.call_count == 4


def test_a_site_served_under_a_prefix_gets_prefixed_addresses(script_prefix):
    article = Article(slug="rates")
    assert render("{% url 'articles:about' %}") == "/about/"
    assert article.get_absolute_url() == "/articles/rates/"
    script_prefix("/community/")
    assert render("{% url 'articles:about' %}") == "/community/about/"
    assert article.get_absolute_url() == "/community/articles/rates/"


def test_an_article_is_reversed_once_for_each_slug():
    addresses._reversed.cache_clear()
    article = Article(slug="rates")
    with mock.patch.object(addresses, "reverse", wraps=reverse) as reversed_here:
        assert [article.get_absolute_url() for _ in range(3)] == ["/articles/rates/"] * 3
        article.slug = "rates-in-2027"
        assert article.get_absolute_url() == "/articles/rates-in-2027/"
    assert reversed_here.call_count == 2


def test_another_urlconf_gets_its_own_addresses(settings):
    assert render("{% url 'healthz' %}") == "/healthz"
    settings.ROOT_URLCONF = "tests.moved_urls"
    assert render("{% url 'healthz' %}") == "/moved/healthz"


def test_an_unknown_name_raises_or_gives_nothing_with_as():
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")
    assert render("{% url 'no-such-page' as address %}[{{ address }}]") == "[]"
    assert render("{% url 'articles:index' as home %}[{{ home }}]") == "[/]"


def test_the_tag_still_needs_a_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")
