"""A small community around the essay, for the page checks (axe, Nu, screenshots): members
with and without profiles, skills in both lists, threads with nested replies, skill chips
and tags, a held comment and a moderator."""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from accounts.models import Skill
from accounts.skills import refresh_skill_chips
from comments.models import Comment
from comments.permissions import MODERATORS_GROUP
from tests.factories import make_comment, make_profile, make_skill_entry, make_user


@dataclass
class Community:
    amara: object
    tomas: object
    li: object
    moderator: object
    thread: Comment


def make_community(essay) -> Community:
    amara = make_user(username="amara", display_name="Amara Okafor")
    make_profile(
        amara,
        headline="Data annotator, learning prompt engineering",
        bio="I label data for two platforms and review **AI output** for a third.",
        website="https://amara.example",
    )
    for position, slug in enumerate(["data-annotation", "ai-training", "critical-thinking"]):
        make_skill_entry(amara, slug, "have", position)
    make_skill_entry(amara, "prompt-engineering", "learning", 0)

    tomas = make_user(username="tomas", display_name="Tomás Ruiz")
    make_profile(tomas, headline="Translator turned AI trainer")
    make_skill_entry(tomas, "ai-assisted-writing", "have", 0)
    make_skill_entry(tomas, "personal-branding", "learning", 0)
    li = make_user(username="li", display_name="Li Wei")
    # Chips are kept on the member (the profile form refreshes them; the factories do not).
    refresh_skill_chips(amara)
    refresh_skill_chips(tomas)

    annotation = Skill.objects.get(slug="data-annotation")
    thread = make_comment(
        amara,
        essay,
        body="I moved from transcription to **data annotation**. The pay per task is low, "
        "but reviewing AI output pays better. See [my notes](https://amara.example/notes).",
        skills=[annotation, Skill.objects.get(slug="ai-training")],
    )
    reply = make_comment(tomas, reply_to=thread, body="Which platforms pay fairly for review?")
    deeper = make_comment(amara, reply_to=reply, body="Two of the smaller ones, in my experience.")
    make_comment(li, reply_to=deeper, body="Same here: the small ones answer their email.")
    make_comment(
        li,
        essay,
        body="A very long word to check wrapping on phones: "
        "supercalifragilisticexpialidocious-annotation-pipeline-reviewer.\n\n"
        "```\nprompt = 'Summarise the brief in three bullet points, then ask one question'\n```",
    )
    make_comment(tomas, essay, body="Held for the moderators.", status=Comment.Status.PENDING)

    moderator = make_user(username="kai", display_name="Kai Moderator", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return Community(amara=amara, tomas=tomas, li=li, moderator=moderator, thread=thread)
