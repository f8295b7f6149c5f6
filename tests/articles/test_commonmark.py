"""The bare CommonMark parser the pipeline is built on passes the spec's own examples."""

import json
import re

from markdown_it import MarkdownIt

from tests.conftest import shared_corpus

SPEC_EXAMPLES = 652
BYTE_EXACT_AT_LEAST = 649


def normalized(html: str) -> str:
    """The part of the spec's HTML normalization our differences need: inter-tag whitespace."""
    return re.sub(r">\s+<", "><", html.strip())


def test_every_commonmark_spec_example_renders_as_the_spec_says():
    examples = json.loads(shared_corpus("commonmark", "spec.json").read_text(encoding="utf-8"))
    parser = MarkdownIt("commonmark")
    exact, normalized_only, failures = 0, [], []
    for example in examples:
        html = parser.render(example["markdown"])
        if html == example["html"]:
            exact += 1
        elif normalized(html) == normalized(example["html"]):
            normalized_only.append(example["example"])
        else:
            failures.append(example["example"])
    assert len(examples) == SPEC_EXAMPLES
    assert failures == []
    assert exact >= BYTE_EXACT_AT_LEAST, f"only after normalizing: {normalized_only}"
