"""How a member's generated avatar looks: initials on one of 24 colours in one of 4 shapes,
both chosen from the username, so two members rarely look alike (1 in 96) even with the
same initials. Classes, not styles: the CSP forbids style attributes."""

from zlib import crc32

AVATAR_COLOURS = 24
AVATAR_SHAPES = 4


def avatar_class(username: str) -> str:
    """The colour and shape classes for a username, e.g. "avatar-c7 avatar-s2"."""
    number = crc32(username.encode())
    colour, shape = number % AVATAR_COLOURS, (number // AVATAR_COLOURS) % AVATAR_SHAPES
    return f"avatar-c{colour} avatar-s{shape}"


def initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").replace("_", " ").split() if word]
    letters = "".join(word[0] for word in words[:2]) or "?"
    return letters.upper()
