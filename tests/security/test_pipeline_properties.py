"""Property-based tests of the rendering pipeline: for any text at all."""

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.markdown import ARTICLE_TAGS, BIO_TAGS, COMMENT_TAGS, Profile, render, sanitize
from tests.xss import executable_content

ALLOWED_TAGS = {Profile.ARTICLE: ARTICLE_TAGS, Profile.COMMENT: COMMENT_TAGS, Profile.BIO: BIO_TAGS}

# Markdown and HTML punctuation make hostile structure far likelier than plain text would.
markdownish = st.text(
    alphabet=st.sampled_from(list("<>\"'`=/\\[]()!#*_-~|:;&\n\t ajvscriptonerhfdX0123456789")),
    max_size=300,
)
any_text = st.one_of(st.text(max_size=300), markdownish)
profiles = st.sampled_from(list(Profile))


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def tags_in(html: str) -> set[str]:
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, profile=profiles)
def test_rendering_never_raises_and_emits_only_allowed_tags(text, profile):
    html = render(text, profile).html
    assert tags_in(html) <= ALLOWED_TAGS[profile]
    assert not executable_content(html)


# A line of quote and list markers in any mix and depth, then a word.
container_markers = st.lists(st.sampled_from(["> ", ">", "- ", "* ", "1. ", "  "]), max_size=60)
words = st.from_regex(r"[a-z]{4,12}", fullmatch=True)
nested_line = st.builds(lambda markers, word: "".join(markers) + word, container_markers, words)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(nested_line, min_size=1, max_size=8), profile=profiles)
def test_no_word_is_lost_however_deep_quotes_and_lists_nest(lines, profile):
    """markdown-it stops at 20 levels and drops the rest; the pipeline must keep every word."""
    html = render("\n\n".join(lines), profile).html
    for line in lines:
        word = line.rsplit(" ", 1)[-1].lstrip(">-*. 1")
        assert word in html


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, profile=profiles)
def test_sanitizing_the_output_again_changes_nothing(text, profile):
    html = render(text, profile).html
    assert sanitize(html, profile) == html
