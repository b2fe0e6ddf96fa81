"""Storage: the SQLite backend's options and online backup, PostgreSQL (when
libsmartservice-pg is built), and a store's transactions, explicit instants, damage check and
scrub (doc/storage.md)."""
import contextlib
import ctypes
import enum
import os
import pathlib
import typing

from . import constants as C
from ._base import _Area, _instant, _text
from ._native import lib, sqlite as _sqlite
from ._native_ops import PG_FUNCTIONS, PROBLEM_FN, PgOptions, SQLITE_OPS_FUNCTIONS, SqliteOptions
from ._ops import _b


def _declare(so, functions):
    for name, (restype, argtypes) in functions.items():
        fn = getattr(so, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return so


def _load_pg():
    """libsmartservice-pg: $SMARTSERVICE_PG_LIBRARY, or beside the main library (or in its
    build's pg directory); None when it is not there."""
    env = os.environ.get("SMARTSERVICE_PG_LIBRARY")
    candidates = [env] if env else []
    if not env:
        if os.sep in lib._name:
            main = pathlib.Path(lib._name).resolve()
            candidates += [str(main.parent / "pg" / "libsmartservice-pg.so.1"),
                           str(main.parent / "libsmartservice-pg.so.1")]
        candidates.append("libsmartservice-pg.so.1")
    for path in candidates:
        try:
            return _declare(ctypes.CDLL(path), PG_FUNCTIONS)
        except OSError:
            continue
    return None


sqlite = _declare(_sqlite, SQLITE_OPS_FUNCTIONS) if _sqlite is not None else None
pg = _load_pg()  # None when libsmartservice-pg is not installed


def _need(so, what, env):
    if so is None:
        raise ImportError("smartservice: libsmartservice-%s was not found (set %s to its path)"
                          % (what, env))
    return so


class SqliteSync(enum.IntEnum):
    """Durability of a SQLite commit: "full" (durable when it returns) or "normal"."""
    FULL = C.SQLITE_SYNC_FULL
    NORMAL = C.SQLITE_SYNC_NORMAL

    @property
    def key(self) -> str:
        return _text(_need(sqlite, "sqlite", "SMARTSERVICE_SQLITE_LIBRARY")
                     .ssvc_sqlite_sync_name(int(self)))

    @classmethod
    def from_key(cls, key, ctx) -> "SqliteSync":
        """The setting named @p key ("full", "normal"); UnknownName for another."""
        from ._base import _enum
        if isinstance(key, int):
            return cls(key)
        so = _need(sqlite, "sqlite", "SMARTSERVICE_SQLITE_LIBRARY")
        return cls(_enum(ctx, so.ssvc_sqlite_sync_from_name, key))


def sqlite_options(ctx, busy_timeout_ms: int = 0, sync: SqliteSync = SqliteSync.FULL,
                   must_exist: bool = False, read_only: bool = False) -> SqliteOptions:
    """The options of a SQLite open or backup (busy_timeout_ms 0: 10 s)."""
    so = _need(sqlite, "sqlite", "SMARTSERVICE_SQLITE_LIBRARY")
    o = SqliteOptions()
    ctx._check(so.ssvc_sqlite_options_init(ctypes.byref(o), C.SQLITE_OPTIONS_VERSION))
    o.busy_timeout_ms = int(busy_timeout_ms)
    o.sync = int(SqliteSync.from_key(sync, ctx))
    o.must_exist = 1 if must_exist else 0
    o.read_only = 1 if read_only else 0
    return o


def sqlite_backup(ctx, path, dest, *, busy_timeout_ms: int = 0) -> None:
    """Copies the SQLite database @p path to @p dest (which must not exist) online: a consistent
    snapshot of what is committed while other writers go on."""
    so = _need(sqlite, "sqlite", "SMARTSERVICE_SQLITE_LIBRARY")
    o = sqlite_options(ctx, busy_timeout_ms)
    ctx._check(so.ssvc_sqlite_backup(ctx._h(), _b(path), _b(dest), ctypes.byref(o)))


def pg_options(ctx, lock_timeout_ms: int = 0, statement_timeout_ms: int = 0,
               schema: str = None) -> PgOptions:
    """The options of a PostgreSQL open."""
    so = _need(pg, "pg", "SMARTSERVICE_PG_LIBRARY")
    o = PgOptions()
    ctx._check(so.ssvc_pg_options_init(ctypes.byref(o), C.PG_OPTIONS_VERSION))
    o.lock_timeout_ms, o.statement_timeout_ms = int(lock_timeout_ms), int(statement_timeout_ms)
    o._schema = _b(schema)
    o.schema = o._schema
    return o


def is_postgresql(db: str) -> bool:
    """True when @p db names a PostgreSQL database (a postgresql:// URI or key=value conninfo)
    rather than a SQLite file."""
    return bool(_need(pg, "pg", "SMARTSERVICE_PG_LIBRARY").ssvc_pg_is_uri(_b(db)))


class Storage(_Area):
    """A store's storage: transactions spanning several operations, explicit instants for
    back-filled calls, the damage check and scrubbing after erasure."""

    def begin(self) -> None:
        """Opens a transaction: the operations until commit() or rollback() are one."""
        self._check(lib.ssvc_store_begin(self._h()))

    def commit(self) -> None:
        self._check(lib.ssvc_store_commit(self._h()))

    def rollback(self) -> None:
        self._check(lib.ssvc_store_rollback(self._h()))

    @contextlib.contextmanager
    def transaction(self):
        """``with store.storage.transaction():`` commits at the end of the block, rolls back
        when it raises."""
        self.begin()
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def set_instant(self, instant) -> None:
        """Stamps every later operation at @p instant (an aware datetime or Unix seconds)
        instead of the context's clock; None returns to the clock."""
        self._check(lib.ssvc_store_set_instant(self._h(), 0 if instant is None
                                               else _instant(instant)))

    def check(self) -> typing.List[str]:
        """Reads every record and reports the damaged ones: the problems found (empty: none)."""
        problems = []
        cb = PROBLEM_FN(lambda _ud, text: problems.append(_text(text)))
        count = ctypes.c_size_t()
        self._check(lib.ssvc_store_check(self._h(), cb, None, ctypes.byref(count)))
        return problems

    def scrub(self) -> None:
        """Makes what committed transactions deleted or overwrote unreadable from the store's
        files; StateError inside a transaction."""
        self._check(lib.ssvc_store_scrub(self._h()))
