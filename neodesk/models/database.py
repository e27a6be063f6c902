"""Opening a NeoDesk database: engine, SQLite pragmas, migrations on open, units of work."""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from neodesk import files, output_guard, paths, private_files, sqlite_files
from neodesk.models.tracking import COUNSELOR_KEY, before_flush

# Defined without SQLAlchemy (the start-up's quick list read checks them too); used and re-exported here.
from neodesk.schema_version import APPLICATION_ID, SCHEMA_HEAD

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# Execution option marking a connection that will write: on SQLite its transaction begins IMMEDIATE.
WRITE_OPTION = "neodesk_write"
# How long a writer waits for another writer to finish before giving up ("the database is busy").
BUSY_TIMEOUT_MS = 10_000


class DatabaseError(Exception):
    """A problem the user can act on (wrong file, newer version, unreachable server)."""


class NotANeoDeskDatabase(DatabaseError):
    pass


class DatabaseTooNew(DatabaseError):
    pass


class ReadOnlyDatabase(DatabaseError):
    """A write was attempted on a database open read-only (see neodesk.models.read_only); nothing was saved."""


class InactiveCounselor(DatabaseError):
    """The counselor a unit of work acts for was made inactive (e.g. from another desk meanwhile)."""


def _refuse_inactive(tx: Session, counselor_id: uuid.UUID) -> None:
    from neodesk.models.reference import Counselor

    counselor = tx.get(Counselor, counselor_id)
    if counselor is not None and not counselor.active:
        raise InactiveCounselor(f"{counselor.name} ({counselor.email}) is inactive and cannot act; nothing was saved.")


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite's own transaction handling skips BEGIN before DDL, so a failed migration could
    # leave half a schema; we turn it off and emit BEGIN ourselves (SQLAlchemy's documented recipe).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cur.close()


def _sqlite_begin(conn: Any) -> None:
    # A writer takes the write lock when its transaction begins, so a second writer waits for it
    # (busy_timeout) instead of failing with "database is locked" when it first writes; readers
    # begin deferred and never wait (WAL).
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


def _refuse_foreign_file(path: Path) -> None:
    """Refuse a file that is not NeoDesk's from its header, before SQLite opens (and changes) it."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return
    except OSError:
        return  # SQLite says what is wrong when it opens it
    header = sqlite_files.read_header(path)
    if header is not None and header.is_neodesk:
        return
    if header is None or header.application_id != 0 or sqlite_files.table_count_read_only(path):
        raise NotANeoDeskDatabase("This file is not a NeoDesk database; open a .sqlite3 file NeoDesk made.")


def create_store_engine(url: str) -> Engine:
    sa_url = make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        if sa_url.database and sa_url.database != ":memory:":
            path = Path(sa_url.database)
            if not path.parent.exists():
                private_files.private_folder(path.parent)
            _refuse_foreign_file(path)
            # Made owner-only before SQLite creates it: SQLite gives its -wal and -shm the same mode.
            private_files.create_private_file(path)
        engine = create_engine(sa_url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(sa_url, pool_pre_ping=True)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


class Database:
    """One open NeoDesk store: an engine, a session factory, and its identity for the status bar."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._protected = False  # registered with the output guard while open (open_database)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)
        for factory in (self._sessions, self._write_sessions):
            event.listen(factory, "before_flush", before_flush)
        # Why writes are refused (another NeoDesk has the file, or it is damaged); None: writable.
        self.read_only_reason: str | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        database = make_url(self.url).database
        return Path(database) if self.is_sqlite and database and database != ":memory:" else None

    @property
    def label(self) -> str:
        """How the status bar and reports name this database (no password)."""
        return str(self.path) if self.path else make_url(self.url).render_as_string(hide_password=True)

    def reading(self) -> Session:
        """A database handle for reading (named for what it is for; a counseling session is a record);
        writes go through unit_of_work()."""
        return self._sessions()

    @contextmanager
    def unit_of_work(self, counselor_id: uuid.UUID | None = None) -> Iterator[Session]:
        """Everything done in the block commits together or not at all (on SQLite, begun IMMEDIATE)."""
        if self.read_only_reason is not None:
            raise ReadOnlyDatabase(f"This database is open read-only ({self.read_only_reason}); nothing was saved.")
        tx = self._write_sessions()
        tx.info[COUNSELOR_KEY] = counselor_id
        try:
            if counselor_id is not None:  # an inactive counselor cannot act (checked before any change)
                _refuse_inactive(tx, counselor_id)
            yield tx
            tx.commit()
        except BaseException:
            tx.rollback()
            raise
        finally:
            tx.close()

    def close(self) -> None:
        self.engine.dispose()
        if self.path is not None and self._protected:
            self._protected = False
            output_guard.release(self.path)


def _check_application_id(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
        tables = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type='table'").scalar()
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise NotANeoDeskDatabase("This file is not a NeoDesk database; open a .sqlite3 file NeoDesk made.")


def copy_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of a live SQLite file through SQLite's online backup (safe while in use).

    Written whole or not at all (an owner-only temporary file beside `target`, fsynced, renamed):
    a full disk leaves no file under the target name.
    """
    fd, tmp = files.temporary_beside(target)
    os.close(fd)
    try:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(tmp)
            try:
                with dst:
                    src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        return files.publish(tmp, target)
    except BaseException:
        for leftover in (tmp, *sqlite_files.companions(tmp)):
            leftover.unlink(missing_ok=True)
        raise


def _backup_before_migration(db_path: Path, current: str) -> Path:
    private_files.private_folder(paths.backup_dir())
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return copy_sqlite(db_path, paths.backup_dir() / f"{db_path.stem}-before-upgrade-{current}-{stamp}.sqlite3")


def _stored_revisions(engine: Engine) -> tuple[str, ...]:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return ()
        return tuple(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision in one transaction; refuse a newer database."""
    current = _stored_revisions(engine)
    if current == (SCHEMA_HEAD,):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        raise DatabaseTooNew(
            f"This database was written by a newer NeoDesk (schema {unknown[0]}); update NeoDesk to open it."
        )
    db_file = make_url(str(engine.url)).database
    if current and engine.dialect.name == "sqlite" and db_file and db_file != ":memory:":
        log.info("Backed up to %s before upgrading", _backup_before_migration(Path(db_file), current[0]))
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")


def open_database(target: str | Path | None = None, *, seed: bool = True) -> Database:
    """Open (and create or upgrade) the database at a path or URL; None means NEODESK_DB or the default."""
    url = paths.resolve_db_target(target)
    engine = create_store_engine(url)
    try:
        _check_application_id(engine)
        migrate(engine)
    except DatabaseError:
        engine.dispose()
        raise
    db = Database(url, engine)
    if db.path is not None:
        output_guard.protect(db.path)
        db._protected = True
        private_files.tighten_database(db.path)
    private_files.tighten_data_folders()
    if seed:
        from neodesk.models.seed import seed_reference_data

        with db.unit_of_work() as tx:
            seed_reference_data(tx)
    return db


def integrity_problems(db: Database) -> list[str]:
    """Problems found by the engine's own integrity check (empty when the database is sound)."""
    with db.engine.connect() as conn:
        if not db.is_sqlite:
            conn.execute(text("SELECT 1"))
            return []
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    problems = [r for r in rows if r != "ok"]
    problems += [f"foreign key broken in {r[0]} row {r[1]} → {r[2]}" for r in fk]
    return problems


def backup(db: Database, out: Path | None = None) -> Path:
    """Online backup of a SQLite store (safe while the app is open), default under the backups folder."""
    if db.path is None:
        raise DatabaseError("Online backup is for SQLite files; back up a server database with its own tools.")
    if out is None:
        private_files.private_folder(paths.backup_dir())
        out = paths.backup_dir() / f"{db.path.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.sqlite3"
    return copy_sqlite(db.path, out)
