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
    (a zip bomb): the sizes are read from the archive's directory, nothing is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(_("The file could not be read."), code="bad_zip") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The file unpacks to more than 100 MB and is refused."), code="zip_bomb"
        )


def _strip_image_metadata(content: bytes, image_format: str) -> bytes:
    """Re-encode the pixels only: EXIF (GPS, camera, owner) and text chunks are dropped."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image = ImageOps.exif_transpose(image)
                out = io.BytesIO()
                if image_format == "JPEG":
                    image.convert("RGB").save(out, format="JPEG", quality=90)
                else:
                    image.save(out, format="PNG")
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
