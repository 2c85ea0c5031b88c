"""Checking uploaded files by their content as well as their name.

Only the formats practitioners share — PDF, Word, PowerPoint, Excel, PNG and JPEG — are accepted,
and each file must really be what its name says: a program renamed `agenda.pdf` is refused.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_LABEL = "10 MB"

# How programs and scripts begin (Windows, Linux, macOS, scripts): refused whatever else the file holds,
# so a program with a document's header a few bytes in cannot pass as that document.
_PROGRAM_STARTS = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container Office 97–2003 files use
_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str


KINDS = {
    ".pdf": FileKind("PDF", "application/pdf"),
    ".doc": FileKind("Word", "application/msword"),
    ".docx": FileKind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".ppt": FileKind("PowerPoint", "application/vnd.ms-powerpoint"),
    ".pptx": FileKind("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".xls": FileKind("Excel", "application/vnd.ms-excel"),
    ".xlsx": FileKind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".png": FileKind("PNG image", "image/png"),
    ".jpg": FileKind("JPEG image", "image/jpeg"),
    ".jpeg": FileKind("JPEG image", "image/jpeg"),
}
ACCEPT = ",".join(KINDS)
ALLOWED_LABEL = "PDF, Word (.doc, .docx), PowerPoint (.ppt, .pptx), Excel (.xls, .xlsx), PNG or JPEG"

# The stream each Office 97–2003 format keeps its content in, as its directory names it (UTF-16).
_OLE_STREAMS = {
    ".doc": ["WordDocument"],
    ".ppt": ["PowerPoint Document"],
    ".xls": ["Workbook", "Book"],
}
# The folder inside each Office Open XML package that holds the document itself.
_OOXML_FOLDERS = {".docx": "word/", ".pptx": "ppt/", ".xlsx": "xl/"}


def _is_ooxml(data: bytes, folder: str, file) -> bool:
    if not data.startswith(_ZIP):
        return False
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def _is_ole(data: bytes, extension: str) -> bool:
    if not data.startswith(_OLE):
        return False
    return any(name.encode("utf-16-le") in data for name in _OLE_STREAMS[extension])


def _content_matches(extension: str, data: bytes, file) -> bool:
    if extension == ".pdf":
        # Some tools write a few bytes before the header; readers accept it within the first 1 KB.
        return b"%PDF-" in data[:1024]
    if extension == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in (".jpg", ".jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if extension in _OOXML_FOLDERS:
        return _is_ooxml(data, _OOXML_FOLDERS[extension], file)
    return _is_ole(data, extension)


def check_upload(file) -> FileKind:
    """The kind of an acceptable upload; ValidationError (with a message for the person) otherwise."""
    name = file.name or ""
    extension = PurePath(name).suffix.lower()
    kind = KINDS.get(extension)
    if kind is None:
        raise ValidationError(f"“{name}” is not a file type the portal accepts. Upload a {ALLOWED_LABEL} file.")
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(f"“{name}” is larger than {MAX_UPLOAD_LABEL}. Make it smaller, or share a link instead.")
    if not file.size:
        raise ValidationError(f"“{name}” is empty.")
    file.seek(0)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(f"“{name}” is larger than {MAX_UPLOAD_LABEL}. Make it smaller, or share a link instead.")
    if data.startswith(_PROGRAM_STARTS) or not _content_matches(extension, data, file):
        raise ValidationError(
            f"“{name}” is not really a {kind.label} file, whatever its name says. "
            "Open it in the program that made it, save it again and upload that."
        )
    file.seek(0)
    return kind
