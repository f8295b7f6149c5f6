"""After what members show changes: the HTTP cache forgets their pages, and apps that show
members elsewhere (the discussion under an article) hear it through `members_changed`."""

from django.dispatch import Signal

from core.http_cache import purge

# Sent with `user_ids` when names, avatars or skill chips of these members changed.
members_changed = Signal()
# Sent with `skill_ids` when these skills were renamed, approved, withdrawn or deleted.
skills_changed_signal = Signal()

# Sent with `user` inside the transaction that anonymises a member (accounts.deletion):
# each app removes or anonymises the rows it keeps about them.
member_anonymised = Signal()
# Sent with `user` when a member downloads their data (accounts.export): each receiver
# returns a dict of sections for the rows its app keeps about them.
member_data_requested = Signal()

# The HTTP-cache tag of the skills map and every skill page.
SKILLS_TAG = "skills"


def member_tag(user_id: int) -> str:
    return f"member-{user_id}"


def members_appearance_changed(user_ids) -> None:
    """Their names, avatars or skills changed: purge their pages and the skill pages (which
    list members and count their skills), and tell whoever shows them elsewhere. Call it
    inside the change's transaction: purges wait for the commit."""
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return
    purge(*(member_tag(pk) for pk in user_ids), SKILLS_TAG, "search")
    members_changed.send(sender=None, user_ids=user_ids)


def member_page_changed(user_id: int) -> None:
    """Something only their own page shows changed (headline, bio, website)."""
    purge(member_tag(user_id))


def skills_changed(skill_ids) -> None:
    """The vocabulary changed (skills approved, renamed, withdrawn, deleted): purge the skill
    pages, and tell whoever shows these skills elsewhere (comments tagged with them)."""
    purge(SKILLS_TAG)
    skills_changed_signal.send(sender=None, skill_ids=list(skill_ids))
