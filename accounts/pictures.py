"""Pictures members upload in place of their generated avatar (accounts.avatars), which
stays the default. The upload passes the same checks as any image (core.images), is
cropped square around its centre and stored in three sizes, under the member's own folder:
removing it, or deleting the account, deletes those files and no one else's."""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction

from core.images import CleanImage, store_squares

from .changes import members_appearance_changed

# 36 px in threads and 72 px on the member page (static/css/site.css .avatar), each also
# at twice the pixels for sharp screens.
SIZES = (48, 96, 192)


@dataclass(frozen=True)
class Picture:
    """A member's picture as pages show it: `small` in threads, `large` on their page."""

    names: dict

    def _url(self, size: int) -> str:
        return default_storage.url(self.names[str(size)])

    @property
    def small(self) -> str:
        return self._url(48)

    @property
    def small_2x(self) -> str:
        return self._url(96)

    @property
    def large(self) -> str:
        return self._url(96)

    @property
    def large_2x(self) -> str:
        return self._url(192)


def set_picture(member, image: CleanImage) -> None:
    """Store the member's new picture and delete the one it replaces."""
    old = dict(member.avatar)
    stored = store_squares(image, f"avatars/{member.pk}", SIZES)
    member.avatar = {str(size): name for size, name in stored.items()}
    member.save(update_fields=["avatar"])
    _delete_files(old, keep=member.avatar)
    members_appearance_changed([member.pk])


def remove_picture(member) -> None:
    """Back to the generated avatar; the picture's files are deleted."""
    if not member.avatar:
        return
    forget_picture(member)
    member.save(update_fields=["avatar"])
    members_appearance_changed([member.pk])


def forget_picture(member) -> None:
    """For account deletion: the field is emptied (the caller saves) and the files go."""
    old, member.avatar = member.avatar, {}
    _delete_files(old)


def _delete_files(names: dict, keep: dict | None = None) -> None:
    """Once the change commits: a rolled-back change keeps the picture it still shows."""
    doomed = set(names.values()) - set((keep or {}).values())
    if doomed:
        transaction.on_commit(lambda: _delete_now(doomed), robust=True)


def _delete_now(names) -> None:
    for name in names:
        default_storage.delete(name)
