import re
from html.parser import HTMLParser

import pytest

from articles import models as article_models
from core.markdown import Profile, clean_text, render, sanitize
from tests.factories import make_article


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


def tags(html: str) -> set[str]:
    return {tag for tag, _ in elements(html)}


def test_comment_cannot_produce_images_raw_html_or_script_links():
    html = render(
        "![x](https://example.com/a.png) <img src=x onerror=alert(1)> <b>raw</b> "
        "[click](javascript:alert(1)) <script>alert(1)</script>",
        Profile.COMMENT,
    ).html
    assert tags(html) <= {"p", "a"}
    assert "img" not in tags(html)
    hrefs = [attrs.get("href", "") for tag, attrs in elements(html) if tag == "a"]
    assert hrefs == ["https://example.com/a.png"]
    assert "&lt;b&gt;raw&lt;/b&gt;" in html


def test_comment_links_are_nofollow_ugc():
    html = render("[site](https://example.com)", Profile.COMMENT).html
    assert html == ('<p><a href="https://example.com" rel="nofollow ugc noopener">site</a></p>\n')


def test_comment_headings_start_at_level_four():
    html = render("# Big\n\n## Smaller\n\n#### Smallest", Profile.COMMENT).html
    assert tags(html) == {"h4", "h5", "h6"}


def test_bio_has_no_headings_or_images():
    html = render("# Hello\n\n![me](https://example.com/me.png)", Profile.BIO).html
    assert tags(html) <= {"p", "a"}


def test_article_can_produce_tables_with_alignment_classes():
    html = render("| a | b |\n|:-:|--:|\n| 1 | 2 |", Profile.ARTICLE).html
    assert {"table", "thead", "tbody", "tr", "th", "td"} <= tags(html)
    assert '<th class="align-center">a</th>' in html and '<th class="align-right">b</th>' in html
    assert '<td class="align-center">1</td>' in html and '<td class="align-right">2</td>' in html
    assert "style=" not in html


def test_article_images_only_by_https():
    html = render(
        "![ok](https://example.com/a.png) ![no](http://example.com/b.png) "
        "![no](data:image/png;base64,AAAA)",
        Profile.ARTICLE,
    ).html
    sources = [attrs.get("src") for tag, attrs in elements(html) if tag == "img"]
    assert sources == ["https://example.com/a.png", None, None]


def test_article_raw_html_is_sanitized():
    html = render(
        '<details><summary>More</summary><p onclick="x()">Hi</p></details>'
        "<script>alert(1)</script><iframe src=//evil></iframe>",
        Profile.ARTICLE,
    ).html
    assert "onclick" not in html
    assert "script" not in html
    assert "iframe" not in html
    assert "<details><summary>More</summary>" in html


def test_article_headings_get_ids_for_a_table_of_contents():
    rendered = render("# Top\n\n## Why *this*\n\n### Detail\n\n## Discussion", Profile.ARTICLE)
    assert [(h.level, h.id, h.title) for h in rendered.headings] == [
        (2, "top", "Top"),
        (2, "why-this", "Why this"),
        (3, "detail", "Detail"),
        (2, "section-discussion", "Discussion"),
    ]


def test_control_characters_never_survive():
    assert clean_text("a\x00b\x07c\r\nd") == "abc\nd"
    assert "\x00" not in render("nul\x00byte", Profile.COMMENT).html


def test_every_kind_of_line_ending_reads_as_one():
    """Windows (CR LF) and old Mac (CR) line endings break lines as a newline does: a
    CR LF never becomes a blank line, which would split a paragraph in two."""
    assert clean_text("one\r\ntwo\rthree\r\rfour") == "one\ntwo\nthree\n\nfour"
    html = render("one line\r\nthe same paragraph", Profile.COMMENT).html
    assert html == "<p>one line\nthe same paragraph</p>\n"


def test_contents_titles_keep_code_and_leave_out_smaller_headings():
    rendered = render("## Install `uv` *first*\n\n#### Minor\n\n### Then", Profile.ARTICLE)
    assert [(h.level, h.title) for h in rendered.headings] == [
        (2, "Install uv first"),
        (3, "Then"),
    ]


def test_links_are_counted_wherever_the_author_wrote_them():
    text = (
        "[one](https://a.example) and https://b.example\n\n"
        "- <https://c.example>\n\n> [four](https://d.example)"
    )
    assert render(text, Profile.COMMENT).link_count == 4
    assert render("no links at all", Profile.COMMENT).link_count == 0


def test_sanitizing_output_again_changes_nothing():
    html = render("**bold** [link](https://example.com)\n\n> quote", Profile.COMMENT).html
    assert sanitize(html, Profile.COMMENT) == html


@pytest.mark.django_db
def test_article_is_rendered_once_on_save_and_never_per_request(client, monkeypatch):
    calls = []
    real_render = article_models.render

    def counting_render(text, profile):
        calls.append(profile)
        return real_render(text, profile)

    monkeypatch.setattr(article_models, "render", counting_render)
    article = make_article(body="Hello **world**")
    assert calls == [Profile.ARTICLE]
    assert article.body_html == "<p>Hello <strong>world</strong></p>\n"

    response = client.get(article.get_absolute_url())
    assert "<p>Hello <strong>world</strong></p>" in response.text
    assert calls == [Profile.ARTICLE]


@pytest.mark.parametrize(
    "control",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
)
def test_bidirectional_overrides_are_removed_so_text_reads_as_written(control):
    assert clean_text(f"good {control}gnp.exe") == "good gnp.exe"
    assert control not in render(f"good {control}gnp.exe", Profile.COMMENT).html


@pytest.mark.parametrize(
    "opening",
    [">" * 5000 + " ", "> " * 40, "- " * 60, "1. " * 40, "> - " * 30],
    ids=["5000-quotes", "spaced-quotes", "bullets", "numbers", "mixed"],
)
def test_text_after_a_deep_nest_of_quotes_or_lists_is_kept(opening):
    html = render(f"{opening}the words inside\n\nthe paragraph after", Profile.COMMENT).html
    assert words_of(html) == ["the", "words", "inside", "the", "paragraph", "after"]
    assert html.count("<blockquote>") + html.count("<li>") <= 8


def test_a_list_nested_deep_by_indentation_keeps_every_word():
    """Past the parser's nesting limit the indentation is flattened, never the words."""
    nested = "\n".join("  " * depth + f"- level{depth}" for depth in range(60))
    html = render(nested + "\n\nthe end", Profile.COMMENT).html
    assert words_of(html) == [f"level{depth}" for depth in range(60)] + ["the", "end"]


def test_nesting_just_short_of_the_parsers_limit_keeps_its_layout():
    """Only text that reaches the limit is flattened: eight nested lists with a quote in the
    last item (one level short) keep every list and the quote."""
    nested = "\n".join("  " * depth + f"- level{depth}" for depth in range(8))
    html = render(nested + "\n" + "  " * 8 + "> quoted", Profile.COMMENT).html
    assert (html.count("<ul>"), html.count("<blockquote>")) == (8, 1)
    assert words_of(html) == [f"level{depth}" for depth in range(8)] + ["quoted"]


def test_a_deep_quote_inside_a_list_nested_by_indentation_keeps_its_words():
    """An indented line is not cut to depth until its indentation is flattened; then it is,
    so a quote 30 levels deep inside the 60-level list still shows every word."""
    nested = "\n".join("  " * depth + f"- level{depth}" for depth in range(60))
    deep_quote = "  " * 10 + "- " + "> " * 30 + "quoted words"
    html = render(f"{nested}\n{deep_quote}\n\nthe end", Profile.COMMENT).html
    assert words_of(html)[-6:] == ["level58", "level59", "quoted", "words", "the", "end"]


def words_of(html: str) -> list[str]:
    return re.sub(r"<[^>]+>", " ", html).split()


def test_ordinary_quotes_lists_and_rules_are_unchanged():
    html = render("> quote\n>> nested\n\n- a\n  - b\n\n* * *", Profile.COMMENT).html
    assert html.count("<blockquote>") == 2
    assert html.count("<ul>") == 2
    assert "<hr>" in html
