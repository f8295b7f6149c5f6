"""Each extension of the article profile, with fixtures of its own, and each profile's allowlist."""

import pytest

from core.markdown import ARTICLE_TAGS, BIO_TAGS, COMMENT_TAGS, Profile, render
from tests.articles.test_markdown import elements, tags

EVERY_TAG_AS_RAW_HTML = "".join(
    f"<{tag}>x</{tag}>"
    for tag in sorted(
        ARTICLE_TAGS
        | {"script", "style", "iframe", "object", "form", "button", "svg", "math", "video", "h1"}
    )
)


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("~~gone~~ kept", "<p><s>gone</s> kept</p>\n"),
        ("~~two words~~", "<p><s>two words</s></p>\n"),
        ("~single tilde~", "<p>~single tilde~</p>\n"),
    ],
)
def test_article_strikethrough(markdown, html):
    assert render(markdown, Profile.ARTICLE).html == html


def test_article_footnotes_link_both_ways():
    html = render(
        "Claim.[^1] Another.[^note]\n\n[^1]: Source.\n[^note]: Aside.", Profile.ARTICLE
    ).html
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1"' in html
    assert '<li id="fn1" class="footnote-item"><p>Source. <a href="#fnref1"' in html
    assert '<li id="fn2" class="footnote-item"><p>Aside.' in html
    assert '<section class="footnotes">' in html


def test_article_task_lists_show_disabled_checkboxes():
    html = render("- [x] done\n- [ ] todo\n- plain", Profile.ARTICLE).html
    boxes = [attrs for tag, attrs in elements(html) if tag == "input"]
    assert boxes == [
        {"class": "task-list-item-checkbox", "checked": "checked", "disabled": "disabled",
         "type": "checkbox"},
        {"class": "task-list-item-checkbox", "disabled": "disabled", "type": "checkbox"},
    ]  # fmt: skip
    assert '<ul class="contains-task-list">' in html


def test_article_raw_inputs_other_than_checkboxes_are_removed():
    html = render('<input type="text" value="x"> <input type="checkbox">', Profile.ARTICLE).html
    assert html == '<p> <input type="checkbox"></p>\n'


def test_article_heading_anchors_are_unique_and_level_two_and_three_only():
    html = render("## Why\n\n### How\n\n## Why\n\n#### Deep", Profile.ARTICLE).html
    assert '<h2 id="why">Why</h2>' in html
    assert '<h3 id="how">How</h3>' in html
    assert '<h2 id="why-1">Why</h2>' in html
    assert "<h4>Deep</h4>" in html


def test_headings_keep_to_the_levels_the_page_allows():
    article = render("# Top\n\n###### Bottom", Profile.ARTICLE).html
    assert article == '<h2 id="top">Top</h2>\n<h6>Bottom</h6>\n'
    comment = render("# Big\n\n### Small\n\n###### Tiny", Profile.COMMENT).html
    assert comment == "<h4>Big</h4>\n<h6>Small</h6>\n<h6>Tiny</h6>\n"


def test_a_heading_with_nothing_to_name_it_by_is_a_section():
    html = render("## ???\n\n## !!!", Profile.ARTICLE).html
    assert '<h2 id="section">???</h2>' in html and '<h2 id="section-1">!!!</h2>' in html


def test_article_heading_cannot_take_an_id_the_page_uses():
    html = render("## Comments\n\n## Comment 3", Profile.ARTICLE).html
    assert '<h2 id="section-comments">' in html
    assert '<h2 id="section-comment-3">' in html


def test_article_code_is_highlighted_with_pygments_classes_only():
    html = render("```python\ndef f():\n    return 1\n```", Profile.ARTICLE).html
    assert html.startswith('<pre class="highlight"><code><span class="k">def</span>')
    assert '<span class="nf">f</span>' in html
    assert "style=" not in html


def test_article_code_in_an_unknown_language_stays_escaped_plain_text():
    html = render("```nosuchlanguage\n<b>bold?</b>\n```", Profile.ARTICLE).html
    assert html == "<pre><code>&lt;b&gt;bold?&lt;/b&gt;\n</code></pre>\n"


def test_article_raw_span_cannot_borrow_a_class_outside_pygments():
    html = render('<span class="k evil">x</span>', Profile.ARTICLE).html
    assert html == '<p><span class="k">x</span></p>\n'


def test_article_images_keep_alt_text_and_https_source():
    html = render('![A chart](https://example.com/c.png "Growth")', Profile.ARTICLE).html
    assert elements(html) == [
        ("p", {}),
        ("img", {"src": "https://example.com/c.png", "alt": "A chart", "title": "Growth"}),
    ]


@pytest.mark.parametrize(
    ("profile", "allowed"),
    [(Profile.ARTICLE, ARTICLE_TAGS), (Profile.COMMENT, COMMENT_TAGS), (Profile.BIO, BIO_TAGS)],
)
def test_no_profile_lets_a_tag_outside_its_allowlist_through(profile, allowed):
    markdown = (
        f"{EVERY_TAG_AS_RAW_HTML}\n\n# Heading\n\n| a |\n|---|\n| b |\n\n![i](https://e.org/i.png)"
    )
    assert tags(render(markdown, profile).html) <= allowed


def test_only_the_article_profile_renders_raw_html():
    for profile in (Profile.COMMENT, Profile.BIO):
        html = render("<em>raw</em> <details>x</details>", profile).html
        assert html == "<p>&lt;em&gt;raw&lt;/em&gt; &lt;details&gt;x&lt;/details&gt;</p>\n"
    assert "<em>raw</em>" in render("<em>raw</em>", Profile.ARTICLE).html


def test_article_drops_dangerous_content_and_forbidden_tags():
    html = render(EVERY_TAG_AS_RAW_HTML, Profile.ARTICLE).html
    assert not {"script", "style", "iframe", "object", "form", "button", "svg", "h1"} & tags(html)
    assert "<script>" not in html and "x</script>" not in html


def test_bio_and_comment_keep_tables_and_task_lists_as_text():
    for profile in (Profile.COMMENT, Profile.BIO):
        html = render("| a |\n|---|\n| b |\n\n- [x] done", profile).html
        assert not {"table", "input"} & tags(html)


def test_with_media_at_the_sites_root_a_protocol_relative_image_is_still_refused(settings):
    settings.MEDIA_URL = "/"
    html = render("![a](//evil.example/a.png) ![b](/b.png)", Profile.ARTICLE).html
    assert "evil.example" not in html and 'src="/b.png"' in html
