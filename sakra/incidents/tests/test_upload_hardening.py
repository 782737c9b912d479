"""Uploads the sweep got through (issue #16, 11–13): a JPEG's comment, an image too large to
decode in a request, a zip bomb whose directory lies about its size."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sakra.incidents.uploads import MAX_PIXELS, check_upload


def _upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_every_jpeg_metadata_segment_goes():
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010E] = "EXIFSECRET"  # ImageDescription
    out = io.BytesIO()
    image.save(out, format="JPEG", comment=b"COMSECRET", exif=exif.tobytes(),
               icc_profile=b"ICCSECRET" * 4)  # fmt: skip
    assert b"COMSECRET" in out.getvalue()
    clean = check_upload(_upload("foto.jpg", out.getvalue())).content
    for secret in (b"COMSECRET", b"EXIFSECRET", b"ICCSECRET"):
        assert secret not in clean
    assert b"\xff\xfe" not in clean  # no COM segment at all
    with Image.open(io.BytesIO(clean)) as reread:
        assert reread.size == (40, 30) and "comment" not in reread.info


def test_png_text_chunks_go_and_transparency_stays():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "PNGSECRET")
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    clean = check_upload(_upload("bild.png", out.getvalue())).content
    assert b"PNGSECRET" not in clean
    with Image.open(io.BytesIO(clean)) as reread:
        assert reread.getpixel((0, 0))[3] == 0


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims its size in the header: refused before any pixel is decoded."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def test_an_image_past_the_pixel_cap_is_refused_with_a_clear_message():
    assert MAX_PIXELS < Image.MAX_IMAGE_PIXELS / 2
    with pytest.raises(ValidationError) as refused:
        check_upload(_upload("stor.png", _png_header_only(9000, 9000)))
    assert refused.value.code == "too_many_pixels"
    assert "9000 × 9000" in refused.value.messages[0]


def _lying_zip_bomb() -> bytes:
    """A docx-shaped zip whose member inflates to 120 MB while its headers say 1 kB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    data = bytearray(out.getvalue())
    real = struct.pack("<I", 120 * 1024 * 1024)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + offset : start + offset + 4] == real:
                data[start + offset : start + offset + 4] = struct.pack("<I", 1024)
            start += 4
    return bytes(data)


def test_a_zip_bomb_that_lies_about_its_size_is_refused():
    bomb = _lying_zip_bomb()
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(m.file_size for m in archive.infolist()) < 10_000  # the lie
    with pytest.raises(ValidationError):
        check_upload(_upload("rapport.docx", bomb))


def test_an_honest_docx_is_accepted():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>" * 1000)
    assert check_upload(_upload("rapport.docx", out.getvalue())).extension == "docx"
