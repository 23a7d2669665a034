"""Checking a file uploaded as evidence, and naming its type from its content.

A file's name and the type the browser sends are the uploader's to choose, so neither is
trusted: as the indicator upload does (`pif.measures.importing.readers`), the first bytes
say what the file is, and the name must agree with them. The type kept, and later sent
with the download, is the one PIF names here, never the browser's.

| function | what it does |
|---|---|
| `max_bytes()` | the largest file accepted: setting `EVIDENCE_MAX_BYTES`, 10 MB unless set |
| `file_type(name, content)` | the content type of an accepted file, or a `FileRefused` |
| `size_words(size)` | "2.4 MB", "18 KB" for pages and exports |
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

__all__ = ["ACCEPTED_WORDS", "FileRefused", "file_type", "max_bytes", "size_words"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ACCEPTED_WORDS = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or plain text"

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word, Excel and PowerPoint before 2007


@dataclass(frozen=True)
class Kind:
    suffixes: tuple[str, ...]
    content_type: str


PDF = Kind((".pdf",), "application/pdf")
PNG = Kind((".png",), "image/png")
JPEG = Kind((".jpg", ".jpeg"), "image/jpeg")
CSV = Kind((".csv",), "text/csv")
TXT = Kind((".txt",), "text/plain")
OLE = {".doc": "application/msword", ".xls": "application/vnd.ms-excel",
       ".ppt": "application/vnd.ms-powerpoint"}
OOXML = {  # the folder inside the zip that shows which program wrote it
    ".docx": ("word/", "application/vnd.openxmlformats-officedocument."
                       "wordprocessingml.document"),
    ".xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": ("ppt/", "application/vnd.openxmlformats-officedocument."
                      "presentationml.presentation"),
}
ODF = {suffix: f"application/vnd.oasis.opendocument.{kind}"
       for suffix, kind in ((".odt", "text"), (".ods", "spreadsheet"),
                            (".odp", "presentation"))}


class FileRefused(ValueError):
    """The file is not accepted; the message is fit to show to the person."""


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_words(size: int | None) -> str:
    if size is None:
        return ""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1024))} KB"


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def file_type(name: str, content: bytes) -> str:
    """The content type of `content`, uploaded as `name`, if PIF accepts it as evidence.
    Refuses an empty or too large file, a type PIF does not take, and a file whose content
    is not what its name says (a program renamed .pdf, say)."""
    if not content:
        raise FileRefused("The selected file is empty")
    if len(content) > max_bytes():
        raise FileRefused(f"The selected file must be smaller than {size_words(max_bytes())}")
    suffix = _suffix(name)
    found = _type_by_content(suffix, content)
    if found is None:
        raise FileRefused(f"The selected file must be a {ACCEPTED_WORDS} file, with the "
                          "ending its type has (such as .pdf or .docx)")
    return found


def _type_by_content(suffix: str, content: bytes) -> str | None:
    for kind, magic in ((PDF, PDF_MAGIC), (PNG, PNG_MAGIC), (JPEG, JPEG_MAGIC)):
        if suffix in kind.suffixes:
            return kind.content_type if content.startswith(magic) else None
    if suffix in OLE:
        return OLE[suffix] if content.startswith(OLE_MAGIC) else None
    if suffix in OOXML or suffix in ODF:
        return _zipped_type(suffix, content) if content.startswith(ZIP_MAGIC) else None
    if suffix in CSV.suffixes + TXT.suffixes:
        kind = CSV if suffix in CSV.suffixes else TXT
        return kind.content_type if _is_text(content) else None
    return None


def _zipped_type(suffix: str, content: bytes) -> str | None:
    """An Office or OpenDocument file is a zip: its parts show which it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if suffix in ODF:
                declared = archive.read("mimetype")[:100] if "mimetype" in names else b""
                return ODF[suffix] if declared == ODF[suffix].encode() else None
    except (zipfile.BadZipFile, ValueError, OSError, KeyError):
        return None
    folder, content_type = OOXML[suffix]
    has_parts = "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
    return content_type if has_parts else None


def _is_text(content: bytes) -> bool:
    """Text has no NUL bytes (a program or image has many); UTF-16 text, which has them,
    starts with its byte order mark."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in content[:64 * 1024]
