"""Names members are known by: one rule a function, so that no member passes for another,
or for the site's staff. The display name shows beside every comment, the @username with it."""

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from confusable_homoglyphs import confusables
from django.db.models import Q

# Words that would make a name read as the site speaking, or as its staff.
RESERVED_WORDS = {
    "admin", "administrator", "moderator", "moderators", "moderation", "staff", "support",
    "official", "team", "deleted",
}  # fmt: skip


# Addresses a username could be mistaken for (/members/me/), besides the words above, and
# the prefix deleted accounts take.
RESERVED_USERNAMES = {"root", "me", "www", "api", "static", "media"}


def readable(name: str) -> str:
    """The name in its compatibility form (NFKC): full-width and styled letters as plain ones,
    as readers see them."""
    return unicodedata.normalize("NFKC", name)


def mixes_lookalike_scripts(name: str) -> bool:
    """Letters of one script standing in for another's ("Tеster" with a Cyrillic е). A name
    written wholly in one script, whichever it is, is fine."""
    return bool(confusables.is_dangerous(readable(name)))


# Characters people type for the letters they resemble, in words that pose as staff.
LEETSPEAK = str.maketrans("0134579@$|l!", "oieasitasiii")


def words_as_seen(name: str) -> set[str]:
    """The words of a name as a reader takes them in: camelCase and separators split
    ("SiteAdmin", "admin_team"), lookalike letters and digits as the letters they pass for
    ("M0derator", "Adm1n", Cyrillic "А"), a plural's "s" dropped ("Admins")."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", readable(name))
    seen = set()
    for word in re.split(r"[\W_]+", spaced):
        folded = name_key(word).translate(LEETSPEAK)
        if folded:
            seen |= {folded, folded.removesuffix("s")}
    return seen


FOLDED_RESERVED_WORDS = {word.translate(LEETSPEAK) for word in RESERVED_WORDS}
# Words no ordinary word starts or ends with, so they count inside run-together names too
# ("siteadmin", "moderatorjoe"), unlike "team" (teamwork) or "support" (supportive).
TELLTALE_WORDS = {word.translate(LEETSPEAK) for word in ("admin", "moderator", "moderation")}


def sounds_official(name: str) -> bool:
    """Reads as the site or its moderators speaking ("Moderator team", "Official support",
    "M0derator", "SiteAdmin", "siteadmins"), however it is spelled."""
    seen = words_as_seen(name)
    return bool(FOLDED_RESERVED_WORDS & seen) or any(
        word.startswith(telltale) or word.endswith(telltale)
        for word in seen
        for telltale in TELLTALE_WORDS
    )


def name_key(name: str) -> str:
    """What a name looks like, reduced to compare with others: compatibility form, no case,
    each letter that passes for a Latin one as that letter (Cyrillic "В" as "b", "0" as
    "o"), no accents, nothing but letters and digits. "Dana Q. Tester", "dana q tester"
    and "Дана Q. Tеster" share one key. Stored on each member (User.name_key,
    User.username_key) so the comparison is one indexed query."""
    letters = []
    # Before case folding: a capital "В" passes for "B", a small "в" for nothing.
    for character in readable(name):
        lookalike = confusables.is_confusable(character, preferred_aliases=["latin"])
        letters.append(lookalike[0]["homoglyphs"][0]["c"] if lookalike else character)
    decomposed = unicodedata.normalize("NFKD", "".join(letters).casefold())
    return "".join(c for c in decomposed if c.isalnum())


def taken_by_someone_else(name: str, user) -> bool:
    """Another member already goes by a name that looks like this one, as their display
    name or their username."""
    from .models import User

    key = name_key(name)
    if not key:
        return False
    others = User.objects.exclude(pk=user.pk) if user is not None and user.pk else User.objects
    return others.filter(Q(name_key=key) | Q(username_key=key)).exists()


def username_problem(username: str) -> str | None:
    """Why a new member may not take this username, in words; None when they may. The
    username is shown as the name of a member who sets no display name, so the same rules
    hold: not staff-sounding, not passing for another member. (A closed account's name is
    refused by the field's own validator, models.validate_username_not_retired.)"""
    if username.lower() in RESERVED_USERNAMES or username.lower().startswith("deleted-"):
        return "That username is reserved. Please choose another."
    if mixes_lookalike_scripts(username):
        return "This username mixes letters of different alphabets that look alike."
    if sounds_official(username):
        return "This username would read as the site's staff speaking. Please choose another."
    if taken_by_someone_else(username, None):
        return "Another member already goes by this name. Please choose another username."
    return None


def display_name_problem(name: str, user) -> str | None:
    """Why a member may not take this display name, in words; None when they may."""
    if not name:
        return None
    if mixes_lookalike_scripts(name):
        return "This name mixes look-alike letters of different alphabets: write it in one."
    if sounds_official(name):
        return "This name would read as the site's staff speaking. Please choose another."
    if taken_by_someone_else(name, user):
        return "Another member already goes by this name. Please choose another."
    return None


def website_as_shown(url: str) -> str:
    """A member's website with its host in ASCII (punycode for international names), as
    browsers show doubtful ones: "https://xn--pple-43d.com/" cannot pass for
    "https://apple.com/". Used for both the link and its text."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host.isascii():
        return url
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return ""
    netloc = ascii_host if parts.port is None else f"{ascii_host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))
