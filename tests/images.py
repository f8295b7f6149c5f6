"""Pictures for the upload tests: ordinary ones, a phone photo with a location, and the
hostile files every upload must refuse."""

import struct
import zlib
from io import BytesIO
from pathlib import Path

from PIL import Image


def picture(fmt: str, size=(2000, 1000), **save) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (200, 80, 20)).save(out, fmt, **save)
    return out.getvalue()


def phone_photo(size=(2000, 1000)) -> bytes:
    """A JPEG as a phone takes it: held upright (EXIF orientation 6), with a place and GPS."""
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": the camera was held upright
    exif[0x010E] = "Kitchen table at 12 Rue Secrète"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS
    return picture("JPEG", size=size, exif=exif.tobytes())


def carries_metadata(data: bytes) -> bool:
    return b"Rue Secr" in data or b"GPS" in data


def stored(media: Path) -> list[Path]:
    return sorted(media.rglob("*.*")) if media.exists() else []


def png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


HOSTILE = {
    "a PHP script named .jpg": (b"<?php system($_GET['c']); ?>", "shell.jpg", "not an image"),
    "an SVG with a script": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "logo.svg",
        "not an image",
    ),
    "a GIF/JavaScript polyglot": (b"GIF89a/*\x00\x00*/=1;alert(1)//", "x.gif", "not an image"),
    "a 50,000 × 50,000 PNG header": (png_header(50_000, 50_000), "bomb.png", "too many pixels"),
    "a truncated JPEG": (picture("JPEG")[:2000], "cut.jpg", "not an image"),
    "a BMP": (picture("BMP", size=(20, 20)), "old.bmp", "BMP images are not taken"),
}
