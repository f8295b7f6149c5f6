"""Realistic, repeatable text for benchmark comments and profiles."""

import random

OPENINGS = [
    "I started learning prompt engineering last spring",
    "Data annotation gigs paid my rent for six months",
    "After twelve years of freelance copywriting I had to rethink everything",
    "Honestly the biggest change for me was pricing",
    "I moved from basic graphic design to AI-assisted brand work",
    "Networking did more for me than any course",
    "My advice: pick one niche and go deep",
    "I was sceptical at first, but AI ethics reviews turned into steady work",
]
MIDDLES = [
    "The first month was slow, but clients noticed the difference quickly.",
    "I keep a log of every prompt that worked and reuse it across projects.",
    "What surprised me was how much clients value judgement over raw speed.",
    "Platforms now match me with better projects since I updated my profile.",
    "I lost two long-term clients to automation, which pushed me to upskill.",
    "Pairing AI tools with careful review doubled my output without hurting quality.",
]
RESOURCES = [
    ("a free course on evaluation", "https://example.org/courses/evaluation"),
    ("this guide to annotation quality", "https://example.org/guides/annotation"),
    ("a community for independent AI trainers", "https://example.net/community"),
    ("my notes on pricing", "https://example.com/notes/pricing"),
]
LIST_ITEMS = [
    "review every output before delivery",
    "track hours saved per project",
    "raise rates for specialised work",
    "keep learning one new tool each month",
    "write case studies for your portfolio",
]
CODE_SNIPPETS = [
    "`temperature=0.2`",
    "`--max-tokens 512`",
    '```\nprompt = f"Summarise for {audience}: {text}"\n```',
]
HEADLINES = [
    "Freelance writer turned AI trainer",
    "Designer learning AI-assisted workflows",
    "Data annotator and part-time student",
    "Independent consultant on responsible AI",
    "Developer specialising in automation",
]


def comment_body(rng: random.Random) -> str:
    """Markdown of 200–600 characters with links, lists and code, like real answers."""
    parts = [f"{rng.choice(OPENINGS)}. {rng.choice(MIDDLES)}"]
    if rng.random() < 0.6:
        label, url = rng.choice(RESOURCES)
        parts.append(f"What helped most was [{label}]({url}).")
    if rng.random() < 0.5:
        parts.append("\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 3)))
    if rng.random() < 0.3:
        parts.append(f"I use {rng.choice(CODE_SNIPPETS)} in most jobs.")
    body = "\n\n".join(parts)
    while len(body) < 200:
        body += " " + rng.choice(MIDDLES)
    return body[:600]
