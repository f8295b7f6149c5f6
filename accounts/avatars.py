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
    """The first letter or digit of the first two words that have one ("[deleted member]"
    gives "DM", not "[M")."""
    words = name.replace("-", " ").replace("_", " ").split()
    firsts = [next((c for c in word if c.isalnum()), "") for word in words]
    return "".join([c for c in firsts if c][:2]).upper() or "?"
