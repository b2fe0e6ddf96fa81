"""Stores (memory, SQLite) and their per-area objects.

A Store gives one object per area: ``store.cases``, ``store.agreements``, ``store.swap``,
``store.notes``, ``store.center``, ``store.invoices``, ``store.charges``, ``store.prices``,
``store.roster``,
``store.backup_phones``, ``store.changes``, ``store.interchange`` (XML) and ``store.reports``.
The flat methods below are the earlier API, moved to the area objects area by area.
"""
import ctypes

from ._base import _Handle, _cdate, _enum, _pydate, _pyinstant, _text
from ._native import (lib, sqlite as _sqlite, CHARGES_LIST_FN, Charge, InvoiceRunSpec, Order,
                      ReportOptions, Unit, XmlImportOptions, XmlImportResult)
from .invoices import Invoice, _party
from .reports import Report


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
    def sqlite(cls, ctx, path):
        """Opens (creating when absent) a SQLite database; needs libsmartservice-sqlite."""
        if _sqlite is None:
            raise ImportError("smartservice: libsmartservice-sqlite was not found (set "
                              "SMARTSERVICE_SQLITE_LIBRARY to its path)")
        out = ctypes.c_void_p()
        ctx._check(_sqlite.ssvc_sqlite_open(ctx._h(), ctypes.byref(out), str(path).encode(),
                                            None))
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
    def reports(self):
        from .reports import Reports
        return Reports(self)

    def _enum(self, fn, name):
        """The number of an enum's @p name through the library's own _from_name table."""
        return _enum(self._ctx, fn, name)

    # ---- the SWAP pool (doc/swap.md) ----

    def swap_receive(self, customer_id, imei, model, actor):
        """Receives a phone into the stock; returns the backordered case it went to, or None."""
        served = ctypes.create_string_buffer(24)
        self._ctx._check(lib.ssvc_swap_receive(self._h(), customer_id.encode(), imei.encode(),
                                               model.encode(), actor.encode(), served))
        return served.value.decode() or None

    def swap_unit(self, customer_id, imei):
        """A unit of the stock as a dict (state: "available", "on-loan", ...)."""
        u = Unit()
        u.version = 1
        self._ctx._check(lib.ssvc_swap_unit_get(self._h(), ctypes.addressof(u),
                                                customer_id.encode(), imei.encode()))
        return {"imei": u.imei.decode(), "model": u.model.decode(),
                "state": _text(lib.ssvc_unit_state_name(u.state)),
                "case_id": u.case_id.decode() or None}

    @staticmethod
    def _order_dict(o):
        return {"case_id": o.case_id.decode(), "customer_id": o.customer_id.decode(),
                "state": _text(lib.ssvc_order_state_name(o.state)),
                "imei": o.imei.decode() or None, "model": o.model.decode(),
                "replacement": _text(lib.ssvc_replacement_name(o.replacement)),
                "delivery": _pydate(o.delivery), "return_deadline": _pydate(o.return_deadline),
                "overdue": bool(o.overdue), "promised": _pydate(o.promised),
                "late_days": None if o.late_days < 0 else o.late_days}

    def swap_order(self, case_id):
        """The swap or loan order of a case as a dict."""
        o = Order(version=2)
        self._ctx._check(lib.ssvc_swap_order_get(self._h(), ctypes.addressof(o),
                                                 case_id.encode()))
        return self._order_dict(o)

    def swap_reserve(self, case_id, actor, model=None):
        """Requests a swap or loan phone: the order, "reserved" or "backordered"."""
        o = Order(version=2)
        self._ctx._check(lib.ssvc_swap_reserve(self._h(), ctypes.addressof(o), case_id.encode(),
                                               None if model is None else model.encode(),
                                               actor.encode()))
        return self._order_dict(o)

    def swap_ship(self, case_id, actor, carrier=None, tracking=None):
        """Ships the reserved phone: the order with its delivery date and return deadline."""
        o = Order(version=2)
        enc = lambda v: None if v is None else v.encode()  # noqa: E731
        self._ctx._check(lib.ssvc_swap_ship(self._h(), ctypes.addressof(o), case_id.encode(),
                                            enc(carrier), enc(tracking), actor.encode()))
        return self._order_dict(o)

    def swap_faulty_returned(self, case_id, actor):
        """The user's faulty phone is back (at the workshop now); returns the order."""
        self._ctx._check(lib.ssvc_swap_faulty_returned(self._h(), case_id.encode(),
                                                       actor.encode()))
        return self.swap_order(case_id)

    def swap_repaired(self, case_id, actor):
        """The faulty phone is repaired (rule R5 routes it); returns the order."""
        self._ctx._check(lib.ssvc_swap_repaired(self._h(), case_id.encode(), actor.encode()))
        return self.swap_order(case_id)

    def swap_loan_returned(self, case_id, actor):
        """The loan phone is back in the stock; returns the order."""
        self._ctx._check(lib.ssvc_swap_loan_returned(self._h(), case_id.encode(),
                                                     actor.encode()))
        return self.swap_order(case_id)

    def swap_cancel(self, case_id, actor):
        """Cancels a reserved or backordered order; returns it."""
        self._ctx._check(lib.ssvc_swap_cancel(self._h(), case_id.encode(), actor.encode()))
        return self.swap_order(case_id)

    def invoice_run(self, catalog, customer_id, year, month, seller, dry_run=False):
        """Runs (or returns the stored) invoices of a customer's month: (service, direct or None).
        seller is a dict of name, org_number, vat_number, street, postal_code, city. dry_run:
        return what the run would bill, with provisional numbers, storing nothing."""
        pl = ctypes.c_void_p()
        self._ctx._check(lib.ssvc_pricelist_new(self._ctx._h(), ctypes.byref(pl), catalog._h()))
        try:
            spec = InvoiceRunSpec()
            self._ctx._check(lib.ssvc_invoice_run_spec_init(ctypes.byref(spec), 2))
            seller_c = _party(seller)
            spec.customer_id, spec.year, spec.month = customer_id.encode(), year, month
            spec.pricelist, spec.seller = pl.value, ctypes.pointer(seller_c)
            spec.dry_run = 1 if dry_run else 0
            out = [ctypes.c_void_p(), ctypes.c_void_p()]
            self._ctx._check(lib.ssvc_invoice_run(self._h(), ctypes.byref(out[0]),
                                                  ctypes.byref(out[1]), ctypes.byref(spec)))
            return tuple(Invoice(self._ctx, o.value) if o.value else None for o in out)
        finally:
            lib.ssvc_pricelist_free(pl)

    def record_charge(self, customer_id, kind, unit_price_minor, date, actor, quantity=1,
                      text=None):
        """Records a charge on the customer's account, outside any case (doc/charges.md): kind is
        a charge kind's key ("swap-purchase", "backup-phone", "repair", ...), date when it arose
        (a datetime.date); a negative quantity is a credit. The first invoice run of a month
        that begins after it carries it. Returns its number on the account."""
        keys = {_text(lib.ssvc_charge_kind_key(k)): k for k in range(9)}
        if kind not in keys:
            raise ValueError("unknown charge kind %r (one of %s)" % (kind, ", ".join(keys)))
        c = Charge()
        c.version, c.kind = 1, keys[kind]
        c.text_sv = c.text_en = text.encode() if text is not None else None
        c.quantity, c.unit_price_minor = int(quantity), int(unit_price_minor)
        c.date = _cdate(date)
        index = ctypes.c_uint32()
        self._ctx._check(lib.ssvc_charges_record(self._h(), ctypes.byref(index),
                                                 customer_id.encode(), ctypes.byref(c),
                                                 actor.encode()))
        return index.value

    def account_charges(self, customer_id):
        """The charges on the customer's account, oldest first, as dicts."""
        out = []

        def cb(_ud, index, c, at, actor, invoiced):
            ch = c.contents
            out.append({"index": index, "kind": _text(lib.ssvc_charge_kind_key(ch.kind)),
                        "text": _text(ch.text_sv) if ch.text_sv else None,
                        "quantity": ch.quantity, "unit_price_minor": ch.unit_price_minor,
                        "date": _pydate(ch.date), "recorded_at": _pyinstant(at),
                        "actor": _text(actor), "invoiced": bool(invoiced)})
            return 0
        self._ctx._check(lib.ssvc_charges_list(self._h(), customer_id.encode(),
                                               CHARGES_LIST_FN(cb), None))
        return out

    def export_xml(self, path):
        """Exports every case record and agreement to an XML file (doc/xml.md); returns how
        many cases."""
        n = ctypes.c_size_t()
        self._ctx._check(lib.ssvc_xml_export_file(self._h(), ctypes.byref(n), str(path).encode(),
                                                  None))
        return n.value

    def import_xml(self, path, on_duplicate="reject", validate=False):
        """Imports case records and agreements from an XML file; returns a dict of
        imported/replaced/skipped (cases) and agreements_imported/_replaced/_skipped."""
        o = XmlImportOptions()
        self._ctx._check(lib.ssvc_xml_import_options_init(ctypes.byref(o), 1))
        o.on_duplicate = self._enum(lib.ssvc_xml_dup_policy_from_name, on_duplicate)
        o.validate = int(validate)
        r = XmlImportResult()
        r.version = 2
        self._ctx._check(lib.ssvc_xml_import_file(self._h(), ctypes.byref(r), str(path).encode(),
                                                  ctypes.byref(o)))
        return {"imported": r.imported, "replaced": r.replaced, "skipped": r.skipped,
                "agreements_imported": r.agreements_imported,
                "agreements_replaced": r.agreements_replaced,
                "agreements_skipped": r.agreements_skipped}

    def report(self, customer_id, start, end, calendar=None):
        """The quality report of a customer's cases registered from start to end (dates, inclusive)."""
        o = ReportOptions()
        self._ctx._check(lib.ssvc_report_options_init(ctypes.byref(o), 1))
        o.customer_id = customer_id.encode()
        setattr(o, "from", _cdate(start))
        o.to = _cdate(end)
        o.calendar = calendar._h() if calendar is not None else None
        out = ctypes.c_void_p()
        self._ctx._check(lib.ssvc_report_new(self._h(), ctypes.byref(out), ctypes.byref(o)))
        return Report(self._ctx, out.value)


# ---- invoices, XML interchange, quality reports ------------------------------------------------
