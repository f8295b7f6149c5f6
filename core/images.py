"""Images editors put in articles: checked for what they really are, cleaned and re-encoded
before anything is stored.

Pillow reads the file, whatever its name says. JPEG, PNG, WebP and GIF (its first frame)
are taken; anything else, a file over the size cap, or a picture over the pixel cap (a
decompression bomb) is refused with words an editor understands. Metadata (EXIF, GPS
included) does not survive re-encoding; the orientation it carried is applied first. A
few widths are stored for `srcset`, under names made of the content's hash.
"""

import errno
import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}
WIDTHS = (480, 960, 1600)
# Above this many pixels Pillow raises instead of decoding: 40 million is a 7,700 × 5,200
# photograph; a 50,000 × 50,000 bomb is refused before its pixels are read.
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

logger = logging.getLogger(__name__)


class ImageRefused(ValueError):
    """The upload is not an image the site takes; the message says why, in words."""


@dataclass(frozen=True)
class StoredImage:
    url: str
    width: int
    height: int
    srcset: str

    def as_html(self, alt: str = "") -> str:
        """An <img> that keeps its place while loading; the article pipeline sanitises it."""
        return (
            f'<img src="{self.url}" srcset="{self.srcset}" sizes="(max-width: 45rem) 100vw, 45rem"'
            f' width="{self.width}" height="{self.height}" alt="{alt}">'
        )


@dataclass(frozen=True)
class CleanImage:
    """An upload that passed the checks: its pixels, upright, and what to store them as."""

    picture: Image.Image
    extension: str
    digest: str


def check_upload(upload) -> CleanImage:
    """Read and check an upload without storing anything; raise ImageRefused otherwise."""
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ImageRefused(f"Images can be at most {limit // 1_000_000} MB; this one is larger.")
    data = upload.read()
    picture = _open(data)
    extension = ACCEPTED[picture.format]
    picture = ImageOps.exif_transpose(picture)  # the orientation, before metadata goes
    if picture.mode not in ("RGB", "RGBA"):
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    return CleanImage(picture, extension, hashlib.sha256(data).hexdigest()[:16])


def store_upload(upload, folder: str = "articles") -> StoredImage:
    """Check, clean, resize and store an uploaded image; raise ImageRefused otherwise."""
    return store_widths(check_upload(upload), folder)


def store_widths(image: CleanImage, folder: str) -> StoredImage:
    """The image at each of WIDTHS narrower than itself, and at its own width."""
    picture = image.picture
    candidates = []
    with _all_or_nothing() as save:
        for width in sorted({w for w in WIDTHS if w < picture.width} | {picture.width}):
            height = round(picture.height * width / picture.width)
            resized = picture if width == picture.width else picture.resize((width, height))
            name = save(f"{folder}/{image.digest}-{width}.{image.extension}", resized)
            candidates.append((default_storage.url(name), width))
    largest_url, largest_width = candidates[-1]
    return StoredImage(
        url=largest_url,
        width=largest_width,
        height=round(picture.height * largest_width / picture.width),
        srcset=", ".join(f"{url} {width}w" for url, width in candidates),
    )


def store_squares(image: CleanImage, folder: str, sizes) -> dict[int, str]:
    """The image cropped square around its centre, stored at each size: {size: name}."""
    side = min(image.picture.size)
    square = ImageOps.fit(image.picture, (side, side))
    with _all_or_nothing() as save:
        return {
            size: save(
                f"{folder}/{image.digest}-{size}.{image.extension}", square.resize((size, size))
            )
            for size in sizes
        }


class ImageNotStored(Exception):
    """The storage could not take the image (a full disk, a store that refuses writes).
    Nothing of it is left behind; `message` says so in words, `status` is 507 for a full
    disk or quota, 503 otherwise."""

    def __init__(self, error: Exception):
        full = getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT)
        self.status = 507 if full else 503
        self.message = (
            "The image could not be stored: the site has no room left for uploads. Nothing "
            "was saved; please try again later."
            if full
            else "The image could not be stored right now. Nothing was saved; please try again "
            "in a few minutes."
        )
        super().__init__(f"{self.message} ({error})")


@contextmanager
def _all_or_nothing():
    """A `save(name, picture)` for storing several sizes of one image: if one cannot be
    written, those this upload wrote are deleted (files stored earlier under the same
    content-derived name stay: other pages show them), and ImageNotStored is raised."""
    created = []

    def save(name: str, picture: Image.Image) -> str:
        if default_storage.exists(name):  # the same content stored twice is kept once
            return name
        created.append(name)  # before writing: a file cut short by a full disk goes too
        return default_storage.save(name, ContentFile(_encode(picture, name.rsplit(".", 1)[1])))

    try:
        yield save
    # OSError from a disk; an object store's client raises its own errors (botocore's are
    # no OSError): whatever the storage raised, nothing of the upload stays.
    except Exception as error:
        for name in created:
            try:
                default_storage.delete(name)
            except OSError:
                logger.exception("Could not delete %s after a failed upload", name)
        logger.error("An image upload could not be stored: %s", error)
        raise ImageNotStored(error) from error


def _open(data: bytes) -> Image.Image:
    try:
        probe = Image.open(BytesIO(data))
        if probe.format not in ACCEPTED:
            raise ImageRefused(
                f"{probe.format or 'That'} images are not taken: use JPEG, PNG, WebP or GIF."
            )
        probe.verify()
        picture = Image.open(BytesIO(data))
        picture.seek(0)  # a GIF's first frame
        picture.load()
    except Image.DecompressionBombError:
        raise ImageRefused(
            f"That picture has too many pixels: at most {MAX_PIXELS:,} are taken."
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, ImageRefused):
            raise
        raise ImageRefused(
            "That file is not an image the site can read (JPEG, PNG, WebP or GIF)."
        ) from None
    return picture


def _encode(picture: Image.Image, extension: str) -> bytes:
    """Re-encoded from the pixels alone: no EXIF, no comments, nothing else of the original."""
    out = BytesIO()
    if extension == "jpg":
        picture.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif extension == "webp":
        picture.save(out, "WEBP", quality=85)
    else:
        picture.save(out, "PNG", optimize=True)
    return out.getvalue()
