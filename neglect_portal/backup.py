"""Back up the portal and restore it: the PostgreSQL database (pg_dump's custom format) and the
uploaded files under MEDIA_ROOT (a tar), side by side in one folder. `make backup` and
`make restore` run this with the portal's own settings (DATABASE_URL, MEDIA_ROOT):

    python -m neglect_portal.backup dump backups/2026-11-26-0300
    python -m neglect_portal.backup restore backups/2026-11-26-0300

A restore goes into an empty database (create it with `createdb`, then restore, then `migrate` only
if the code is newer than the backup) and an empty MEDIA_ROOT, so it can never mix two portals' data.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar"


class BackupError(Exception):
    """Something an operator must put right; the message says what."""


def _settings():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neglect_portal.settings")
    from django.conf import settings

    return settings


def _database(settings) -> dict:
    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        raise BackupError("Backups are for PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name.")
    return database


def _libpq_environment(database) -> dict:
    """The connection as libpq environment variables, so the password never appears in a process list."""
    environment = dict(os.environ)
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode"),
    }
    environment.update({key: str(value) for key, value in values.items() if value})
    return environment


def _connect(database):
    import psycopg2

    return psycopg2.connect(
        dbname=database["NAME"],
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        **database.get("OPTIONS", {}),
    )


def _major(version_text: str) -> int:
    found = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if not found:
        raise BackupError(f"Could not read a PostgreSQL version from {version_text!r}.")
    return int(found.group(1))


def _tool(name: str, database) -> str:
    """The path of pg_dump or pg_restore, refused when it is older than the server it talks to."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client (e.g. postgresql-client-15).")
    client = _major(subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout)  # noqa: S603
    with _connect(database) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    connection.close()
    if client < server:
        raise BackupError(
            f"{name} is version {client} but the server is PostgreSQL {server}: "
            f"install postgresql-client-{server} and run it from there."
        )
    return path


def dump(folder: Path) -> None:
    """Write the database and the media files to `folder`, which must be new or empty."""
    settings = _settings()
    database = _database(settings)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for each backup.")
    pg_dump = _tool("pg_dump", database)
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 -- our own arguments; the connection is in the environment
        [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={folder / DATABASE_FILE}"],
        env=_libpq_environment(database),
        check=True,
    )
    # After the database, so every file a row names is there (a file uploaded since is harmless).
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA_FILE, "w") as archive:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(media)), recursive=False)
    print(f"Backed up database {database['NAME']} and {media} to {folder}")


def restore(folder: Path) -> None:
    """Restore a backup folder into an empty database and an empty MEDIA_ROOT."""
    settings = _settings()
    database = _database(settings)
    for name in (DATABASE_FILE, MEDIA_FILE):
        if not (folder / name).is_file():
            raise BackupError(f"{folder / name} is missing: give a folder written by `make backup`.")
    with _connect(database) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        tables = cursor.fetchone()[0]
    connection.close()
    if tables:
        raise BackupError(
            f"Database {database['NAME']} already has {tables} tables: restore into an empty database "
            "(createdb a new one and point DATABASE_URL at it)."
        )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise BackupError(f"MEDIA_ROOT ({media}) is not empty: restore the files into an empty folder.")

    pg_restore = _tool("pg_restore", database)
    subprocess.run(  # noqa: S603 -- our own arguments; the connection is in the environment
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database['NAME']}",
            str(folder / DATABASE_FILE),
        ],
        env=_libpq_environment(database),
        check=True,
    )
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_FILE) as archive:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archive.extractall(media, filter="data")
    print(f"Restored {folder} into database {database['NAME']} and {media}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Back up or restore the portal's database and uploaded files.")
    parser.add_argument("action", choices=["dump", "restore"])
    parser.add_argument("folder", type=Path)
    options = parser.parse_args(argv)
    try:
        (dump if options.action == "dump" else restore)(options.folder)
    except BackupError as error:
        print(f"{options.action}: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"{options.action}: {error.cmd[0]} failed (exit status {error.returncode})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
