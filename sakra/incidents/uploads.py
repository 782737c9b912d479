"""Checking an uploaded file by its content, never by its name, and cleaning it for storage."""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 10 * 1024 * 1024

#: Detected MIME type → the extension we store it under.
ALLOWED = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/plain": "txt",
}
ALLOWED_LABEL = "PDF, JPG, PNG, DOCX, XLSX, TXT"
#: A Word or Excel file (a zip) may unpack to at most this much: more is a zip bomb.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: An image may have at most this many pixels (a phone's 12–24 megapixels fit): decoding it
#: costs about 3 bytes a pixel, so a 230 kB PNG of 9 000 × 9 000 took 600 MB of a worker.
#: Pillow's own guard (89 megapixels, an error only at twice that) is far above.
MAX_PIXELS = 30_000_000
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    extension: str
    original_name: str


def safe_name(name: str, limit: int = 150) -> str:
    """The uploader's file name as a label: no directories, no control characters, not too long."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if not name:
        return "bilaga"
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem if dot else name)[: limit - len(ext) - 1] + ("." + ext if ext else "")
    return name


def extension_of(mime: str) -> str:
    return ALLOWED.get(mime, "")


def _looks_like_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    head = text.lstrip()[:200].lower()
    # Markup is refused as "text": a browser could run it if it were ever shown inline.
    return not head.startswith(("<", "%pdf", "{\\rtf"))


def _detect(content: bytes, name: str) -> str | None:
    kind = filetype.guess(content)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED else None
    if name.lower().endswith(".txt") and _looks_like_text(content):
        return "text/plain"
    return None


def check_zip(content: bytes) -> None:
    """Refuse a Word or Excel file that is no readable zip or unpacks to more than 100 MB
    (a zip bomb). The sizes in the archive's directory can lie, so every member is inflated
    in chunks and counted, and reading stops at the limit: never more than a chunk in memory."""
    too_big = ValidationError(
        _("The file unpacks to more than 100 MB and is refused."), code="zip_bomb"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                raise too_big  # what the directory admits to already
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED_BYTES:
                            raise too_big
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ValidationError(_("The file could not be read."), code="bad_zip") from exc


def _strip_image_metadata(content: bytes, image_format: str) -> bytes:
    """Re-encode the pixels only, into a new image: EXIF (GPS, camera, owner), XMP, ICC, the
    JPEG comment (COM) and PNG text chunks are all left behind. The size is read from the
    header first: an image past MAX_PIXELS is refused before it is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _(
                            "The image is {width} × {height} pixels; at most {limit} million "
                            "pixels can be attached. Make it smaller and try again."
                        ).format(width=width, height=height, limit=MAX_PIXELS // 1_000_000),
                        code="too_many_pixels",
                    )
                image = ImageOps.exif_transpose(image)
                if image_format == "JPEG":
                    image = image.convert("RGB")
                elif image.mode in ("P", "PA", "LA"):
                    image = image.convert("RGBA")  # keeps a palette's transparency as pixels
                # Only the pixels go on: a fresh image has no `info` for the encoder to copy.
                clean = Image.new(image.mode, image.size)
                clean.paste(image)
                out = io.BytesIO()
                if image_format == "JPEG":
                    clean.save(out, format="JPEG", quality=90)
                else:
                    clean.save(out, format="PNG")
                return out.getvalue()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning) as exc:
        raise ValidationError(_("The image could not be read."), code="bad_image") from exc


def check_upload(uploaded) -> CleanFile:
    """Validate an uploaded file; raises ValidationError saying why it was refused."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    content = uploaded.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    name = safe_name(getattr(uploaded, "name", ""))
    mime = _detect(content, name)
    if mime is None:
        raise ValidationError(
            _(
                "Only these file types can be attached: {types}. "
                "The file's content was checked, not its name."
            ).format(types=ALLOWED_LABEL),
            code="bad_type",
        )
    if mime == "image/jpeg":
        content = _strip_image_metadata(content, "JPEG")
    elif mime == "image/png":
        content = _strip_image_metadata(content, "PNG")
    elif extension_of(mime) in ("docx", "xlsx"):
        check_zip(content)
    extension = ALLOWED[mime]
    if not name.lower().endswith("." + extension):
        name = safe_name(f"{name.rsplit('.', 1)[0]}.{extension}")
    return CleanFile(content=content, content_type=mime, extension=extension, original_name=name)
