"""Every payload in the XSS corpora, through every profile of the pipeline."""

import pytest

from core.markdown import Profile, render
from tests.xss import executable_content, payloads


@pytest.mark.parametrize("profile", list(Profile))
def test_no_corpus_payload_renders_executable_content(profile):
    failures = {}
    for payload in payloads():
        # Both as Markdown text and inside a link, where URL schemes matter most.
        for text in (payload, f"[click]({payload})", f"<{payload}>"):
            problems = executable_content(render(text, profile).html)
            if problems:
                failures[text[:80]] = problems
    assert not failures, failures


def test_the_corpora_are_complete():
    assert len(payloads()) == 73 + 16 + 149


def test_the_scanner_catches_what_it_must():
    # A check that cannot fail proves nothing: show it fails on each kind of problem.
    assert executable_content("<script>alert(1)</script>") == ["<script> element"]
    assert executable_content('<a href=" jav&#x09;ascript:alert(1)">x</a>')
    assert executable_content('<img src="x" onerror="alert(1)">')
    assert executable_content('<p style="background:url(x)">x</p>')
    assert executable_content('<a href="data:text/html,<script>">x</a>')
    assert not executable_content('<a href="https://example.com" rel="nofollow">x</a>')
