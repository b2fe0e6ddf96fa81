"""Stores (memory, SQLite) and their per-area objects.

A Store gives one object per area: ``store.cases``, ``store.agreements``, ``store.swap``,
``store.notes``, ``store.center``, ``store.invoices``, ``store.charges``, ``store.prices``,
``store.roster``,
``store.backup_phones``, ``store.changes``, ``store.interchange`` (XML) and ``store.reports``.
The flat methods below are the earlier API, moved to the area objects area by area.
"""
import ctypes

from ._base import _Handle, _enum, _pydate, _text
from ._native import lib


class Store(_Handle):
    """A store of case records: SQLite (Store.sqlite) or memory (Store.memory)."""
    _free = staticmethod(lib.ssvc_store_free)

    def __init__(self, ctx, ptr):
        super().__init__(ptr)
        self._ctx = ctx
        ctx._adopt(self)

    @classmethod
    def memory(cls, ctx):
        out = ctypes.c_void_p()
        ctx._check(lib.ssvc_store_memory_new(ctx._h(), ctypes.byref(out)))
        return cls(ctx, out.value)

    @classmethod
    def sqlite(cls, ctx, path, *, busy_timeout_ms=0, sync="full", must_exist=False,
               read_only=False):
        """Opens (creating when absent, unless must_exist) a SQLite database; needs
        libsmartservice-sqlite. sync: "full" or "normal" (storage.SqliteSync); read_only: no
        writes, no migration, no lock (doc/storage.md)."""
        from . import storage
        if storage.sqlite is None:
            raise ImportError("smartservice: libsmartservice-sqlite was not found (set "
                              "SMARTSERVICE_SQLITE_LIBRARY to its path)")
        o = storage.sqlite_options(ctx, busy_timeout_ms, sync, must_exist, read_only)
        out = ctypes.c_void_p()
        ctx._check(storage.sqlite.ssvc_sqlite_open(ctx._h(), ctypes.byref(out),
                                                   str(path).encode(), ctypes.byref(o)))
        return cls(ctx, out.value)

    @classmethod
    def postgresql(cls, ctx, conninfo, *, lock_timeout_ms=0, statement_timeout_ms=0,
                   schema=None):
        """Opens a PostgreSQL database (a postgresql:// URI or key=value conninfo); needs
        libsmartservice-pg (ImportError without it)."""
        from . import storage
        o = storage.pg_options(ctx, lock_timeout_ms, statement_timeout_ms, schema)
        out = ctypes.c_void_p()
        ctx._check(storage.pg.ssvc_pg_open(ctx._h(), ctypes.byref(out), str(conninfo).encode(),
                                           ctypes.byref(o)))
        return cls(ctx, out.value)

    # ---- the areas ------------------------------------------------------------------------

    @property
    def cases(self):
        from .cases import Cases
        return Cases(self)

    @property
    def agreements(self):
        from .agreements import Agreements
        return Agreements(self)

    @property
    def notes(self):
        """Service notes and return labels of the cases (notes.Notes)."""
        from .notes import Notes
        return Notes(self)

    @property
    def center(self):
        """The Support Center's identity (center.Center)."""
        from .center import Center
        return Center(self)

    @property
    def swap(self):
        from .swap import SwapPool
        return SwapPool(self)

    @property
    def charges(self):
        from .charges import Charges
        return Charges(self)

    @property
    def prices(self):
        from .prices import Prices
        return Prices(self)

    @property
    def roster(self):
        from .roster import Roster
        return Roster(self)

    @property
    def backup_phones(self):
        from .backup_phones import BackupPhones
        return BackupPhones(self)

    @property
    def changes(self):
        from .changes import Changes
        return Changes(self)

    @property
    def interchange(self):
        from .interchange import Interchange
        return Interchange(self)

    @property
    def invoices(self):
        from .invoices import Invoices
        return Invoices(self)

    @property
    def stock_orders(self):
        from .stock_orders import StockOrders
        return StockOrders(self)

    @property
    def workshop(self):
        from .workshop import Workshop
        return Workshop(self)

    @property
    def reports(self):
        from .reports import Reports
        return Reports(self)

    @property
    def storage(self):
        from .storage import Storage
        return Storage(self)

    def _enum(self, fn, name):
        """The number of an enum's @p name through the library's own _from_name table."""
        return _enum(self._ctx, fn, name)

    # ---- the SWAP pool (doc/swap.md) ----

    @staticmethod
    def _order_dict(o):  # the order of diagnose()'s result
        return {"case_id": o.case_id.decode(), "customer_id": o.customer_id.decode(),
                "state": _text(lib.ssvc_order_state_name(o.state)),
                "imei": o.imei.decode() or None, "model": o.model.decode(),
                "replacement": _text(lib.ssvc_replacement_name(o.replacement)),
                "delivery": _pydate(o.delivery), "return_deadline": _pydate(o.return_deadline),
                "overdue": bool(o.overdue), "promised": _pydate(o.promised),
                "late_days": None if o.late_days < 0 else o.late_days}

