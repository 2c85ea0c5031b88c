"""`make backup` and `make restore`: the demo data, dumped and restored into an empty database, comes
back with the same rows in every table and the same uploaded files.

PostgreSQL only (as in CI, through .ci/run): the commands are pg_dump and pg_restore.
"""

import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings as live_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in live_settings.DATABASES["default"]["ENGINE"],
        reason="backup and restore use pg_dump and pg_restore: set DATABASE_URL to a PostgreSQL database",
    ),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="the PostgreSQL client (pg_dump) is not installed"),
]


def _url(database: dict, name: str) -> str:
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT'] or 5432}/{name}"


def _connect(database: dict, name: str):
    return psycopg2.connect(
        dbname=name,
        user=database["USER"] or None,
        password=database.get("PASSWORD") or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
    )


def _row_counts(database: dict, name: str) -> dict[str, int]:
    with _connect(database, name) as connection_, connection_.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 -- names from the catalogue
            counts[table] = cursor.fetchone()[0]
    connection_.close()
    return counts


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _make(target: str, backup: Path, database_url: str, media: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PG"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="neglect_portal.settings",
        DJANGO_SECRET_KEY="a-key-for-the-backup-test-only-0123456789-abcdefghijklmnopqrstuvwxyz",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
    )
    return subprocess.run(  # noqa: S603 -- our own Makefile with fixed arguments
        ["make", "--no-print-directory", "-C", str(ROOT), target, f"BACKUP={backup}"],  # noqa: S607
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def empty_database():
    """A new, empty database beside the test database, dropped afterwards."""
    database = connection.settings_dict
    name = f"{database['NAME']}_restored"
    admin = _connect(database, "postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_of_the_demo_data_restores_every_row_and_file(settings, tmp_path, empty_database):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    settings.DEBUG = True  # seed_demo refuses to run with debug off
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    # The demo's built report files, plus an upload with bytes of every value in a folder of its own.
    default_storage.save("community/files/2026/notes on the visit.pdf", ContentFile(bytes(range(256)) * 64))
    assert len(_files(media)) > 1

    database = connection.settings_dict
    backup = tmp_path / "backup"
    dumped = _make("backup", backup, _url(database, database["NAME"]), media)
    assert dumped.returncode == 0, dumped.stdout + dumped.stderr
    assert {path.name for path in backup.iterdir()} == {"database.dump", "media.tar"}

    restored_media = tmp_path / "restored-media"
    restored = _make("restore", backup, _url(database, empty_database), restored_media)
    assert restored.returncode == 0, restored.stdout + restored.stderr

    original = _row_counts(database, database["NAME"])
    assert original["areas_user"] > 0 and original["django_migrations"] > 0
    assert _row_counts(database, empty_database) == original
    assert _files(restored_media) == _files(media)


def test_restore_refuses_a_database_that_is_not_empty(db, tmp_path):
    database = connection.settings_dict
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"")
    (backup / "media.tar").write_bytes(b"")
    result = _make("restore", backup, _url(database, database["NAME"]), tmp_path / "media")
    assert result.returncode != 0
    assert "restore into an empty database" in result.stderr
