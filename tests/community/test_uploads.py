"""Uploads: only PDF, Word, PowerPoint, Excel, PNG and JPEG, checked by content as well as name, at most
10 MB, stored under a random name, and served only to people who may see what they belong to."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community import services
from community.models import Attachment, ExampleStatus
from community.uploads import MAX_UPLOAD_BYTES, check_upload
from tests.community.factories import PDF_BYTES, PNG_BYTES, EventFactory, ExampleFactory


def _ooxml(folder="word/"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{folder}document.xml", "<document/>")
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode.%PDF-1.4"


def _file(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("slides.pdf", PDF_BYTES, "application/pdf"),
        ("photo.png", PNG_BYTES, "image/png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        ("notes.docx", _ooxml("word/"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("deck.pptx", _ooxml("ppt/"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("sheet.xlsx", _ooxml("xl/"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("old.doc", OLE + b"\x00" * 64 + "WordDocument".encode("utf-16-le"), "application/msword"),
        ("old.xls", OLE + b"\x00" * 64 + "Workbook".encode("utf-16-le"), "application/vnd.ms-excel"),
        ("old.ppt", OLE + b"\x00" * 64 + "PowerPoint Document".encode("utf-16-le"), "application/vnd.ms-powerpoint"),
    ],
)
def test_accepted_files(name, content, content_type):
    assert check_upload(_file(name, content)).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE, "not a file type the portal accepts"),
        ("agenda.pdf", EXE, "not really a PDF"),  # a renamed program, even with a PDF header inside
        ("photo.png", EXE, "not really a PNG"),
        ("notes.docx", b"PK\x03\x04not really a zip", "not really a Word"),
        ("notes.docx", _ooxml("xl/"), "not really a Word"),  # a spreadsheet renamed
        ("slides.pdf", PNG_BYTES, "not really a PDF"),
        ("old.doc", OLE + b"\x00" * 64, "not really a Word"),
        ("script.pdf", b"#!/bin/sh\n%PDF-1.4\nrm -rf /", "not really a PDF"),
        ("page.html", b"<html><script>alert(1)</script></html>", "not a file type"),
        ("archive.zip", _ooxml(), "not a file type"),
        ("no-extension", PDF_BYTES, "not a file type"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_refused_files(name, content, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(_file(name, content))


def test_more_than_ten_megabytes_is_refused():
    big = _file("big.pdf", PDF_BYTES + b"0" * (MAX_UPLOAD_BYTES - len(PDF_BYTES) + 1))
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        check_upload(big)
    exactly = _file("ok.pdf", PDF_BYTES + b"0" * (MAX_UPLOAD_BYTES - len(PDF_BYTES)))
    assert check_upload(exactly).label == "PDF"


def test_a_renamed_program_is_refused_on_the_page_and_nothing_is_stored(client_as, celcis, media_root):
    event = EventFactory()
    response = client_as(celcis).post(
        reverse("community:event_material_add", args=[event.pk]), {"file": _file("agenda.pdf", EXE), "title": "x"}
    )
    assert response.status_code == 200
    assert "is not really a PDF file" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_uploaded_file_is_stored_under_a_random_name_and_served_as_a_download(
    client_as, celcis, member, viewer, nobody, media_root, client
):
    event = EventFactory()
    response = client_as(celcis).post(
        reverse("community:event_material_add", args=[event.pk]),
        {"file": _file("Morning slides.pdf", PDF_BYTES), "title": "Morning slides"},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Morning slides.pdf" and attachment.size == len(PDF_BYTES)
    assert "Morning" not in attachment.file.name and attachment.file.name.startswith("community/")
    assert (media_root / attachment.file.name).read_bytes() == PDF_BYTES

    url = reverse("community:attachment_download", args=[attachment.pk])
    for reader in (member, viewer):
        download = client_as(reader).get(url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF_BYTES
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["Content-Type"] == "application/pdf"
        assert download["X-Content-Type-Options"] == "nosniff"
    assert client_as(nobody).get(url).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    # Never from a public media address.
    public = settings.MEDIA_URL + attachment.file.name
    assert client.get(public).status_code == 404
    assert client_as(member).get(public).status_code == 404


def test_a_drafts_attachment_is_only_for_its_author(client_as, member, other_member, celcis, dundee):
    draft = ExampleFactory(area=dundee, author=member, status=ExampleStatus.DRAFT, published_at=None)
    attachment = services.attachment_add(actor=member, file=_file("plan.pdf", PDF_BYTES), example=draft)
    url = reverse("community:attachment_download", args=[attachment.pk])
    assert client_as(member).get(url).status_code == 200
    assert client_as(other_member).get(url).status_code == 404
    assert client_as(celcis).get(url).status_code == 404  # not sent to CELCIS yet
    draft.status = ExampleStatus.PUBLISHED
    draft.save()
    assert client_as(other_member).get(url).status_code == 200


def test_only_editors_attach_and_removal_deletes_the_file(
    client_as, member, other_member, media_root, dundee, django_capture_on_commit_callbacks
):
    example = ExampleFactory(area=dundee, author=member)
    with pytest.raises(PermissionDenied):
        services.attachment_add(actor=other_member, file=_file("x.pdf", PDF_BYTES), example=example)
    attachment = services.attachment_add(actor=member, file=_file("x.pdf", PDF_BYTES), example=example)
    stored = media_root / attachment.file.name
    assert stored.exists()
    # A file added to a published example waits for CELCIS: other readers cannot even see it.
    assert client_as(other_member).post(reverse("community:attachment_delete", args=[attachment.pk])).status_code == 404
    client = client_as(member)
    confirm = client.get(reverse("community:attachment_delete", args=[attachment.pk]))
    assert confirm.status_code == 200 and Attachment.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:attachment_delete", args=[attachment.pk]))
    assert response.status_code == 302 and not Attachment.objects.exists()
    assert not stored.exists()
