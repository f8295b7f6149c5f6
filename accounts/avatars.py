"""How a member's generated avatar looks: initials on a colour chosen from the username."""

from zlib import crc32

AVATAR_PALETTE_SIZE = 8


def avatar_class(username: str) -> str:
    """One colour of a fixed palette, chosen from the username (a class: the CSP forbids styles)."""
    return f"avatar-{crc32(username.encode()) % AVATAR_PALETTE_SIZE}"


def initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").replace("_", " ").split() if word]
    letters = "".join(word[0] for word in words[:2]) or "?"
    return letters.upper()
