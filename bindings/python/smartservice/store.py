"""Stores (memory, SQLite) and their per-area objects.

A Store gives one object per area: ``store.cases``, ``store.agreements``, ``store.swap``,
``store.invoices``, ``store.charges``, ``store.prices``, ``store.roster``,
``store.backup_phones``, ``store.changes``, ``store.interchange`` (XML) and ``store.reports``.
The flat methods below are the earlier API, moved to the area objects area by area.
"""
import ctypes

from . import errors
from ._base import (_Handle, _basis_points, _cdate, _enum, _instant, _pydate, _pyinstant,
                    _text)
from ._native import (lib, AgreementSpec, CaseDiagResult, CaseEstimateInfo,
                      CaseInfo, CaseSpec, CASE_LIST_FN, Order)
from .catalog import Tier
from .diagnosis import DiagnosisSession
from .enums import Feature
from .invoices import _party

_CASE_SECOND_OPEN = 0x1  # SSVC_CASE_SECOND_OPEN: Store.create_case(..., second_open=True)

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

    @property
    def storage(self):
        from .storage import Storage
        return Storage(self)

    def _enum(self, fn, name):
        """The number of an enum's @p name through the library's own _from_name table."""
        return _enum(self._ctx, fn, name)

    def create_case(self, customer_id, user_name, imei, model, tier=None, actor=None,
                    symptom=None, user_phone=None, user_email=None, serial=None,
                    purchase_date=None, warranty_end=None, *, second_open=False, at=None):
        """Registers a case; returns its id ("SC-2026-000123").

        The customer's agreement is the root of the case (create_agreement() first): the case
        takes its tier and features from it; a customer without one raises NotFound. tier may be
        left out; given (a Tier or its code) it must be the agreement's tier, or InvalidArgument
        names both. A second open case for the same IMEI of the customer raises AlreadyExists
        unless second_open is true (the case's "created" event then names the other case).
        at: when the call came (aware datetime or Unix seconds), for calls back-filled from a
        helpdesk's own tickets; None for the context's clock. It dates the case and fixes its
        delivery promise (case()["promised_delivery"])."""
        if actor is None:
            raise TypeError("create_case() missing required argument: 'actor'")
        spec = CaseSpec()
        self._ctx._check(lib.ssvc_case_spec_init(ctypes.byref(spec), 2))
        enc = lambda v: None if v is None else v.encode()  # noqa: E731
        spec.customer_id, spec.user_name = enc(customer_id), enc(user_name)
        spec.user_phone, spec.user_email = enc(user_phone), enc(user_email)
        spec.imei, spec.model, spec.serial = enc(imei), enc(model), enc(serial)
        if purchase_date:
            spec.purchase_date = _cdate(purchase_date)
        if warranty_end:
            spec.warranty_end = _cdate(warranty_end)
        if isinstance(tier, Tier):
            spec.tier_code, spec.features = tier.code.encode(), int(tier.features)
        else:
            spec.tier_code = enc(tier)  # None: the agreement's tier
        spec.symptom, spec.actor = enc(symptom), enc(actor)
        spec.flags = _CASE_SECOND_OPEN if second_open else 0
        spec.at = 0 if at is None else _instant(at)
        buf = ctypes.create_string_buffer(24)
        self._ctx._check(lib.ssvc_case_create(self._h(), buf, ctypes.byref(spec)))
        return buf.value.decode()

    def case(self, case_id):
        """The case as a dict of its fields (dates as datetime.date, instants aware)."""
        out = ctypes.c_void_p()
        self._ctx._check(lib.ssvc_case_load(self._h(), ctypes.byref(out), case_id.encode()))
        try:
            info = CaseInfo()
            info.version = 2
            self._ctx._check(lib.ssvc_case_info_get(out, ctypes.byref(info)))
            return {
                "id": _text(info.id), "customer_id": _text(info.customer_id),
                "user_name": _text(info.user_name), "imei": _text(info.imei),
                "model": _text(info.model), "tier": _text(info.tier_code),
                "features": Feature(info.features),
                "symptom": _text(info.symptom),
                "state": _text(lib.ssvc_case_state_name(info.state)),
                "outcome": _text(lib.ssvc_case_outcome_name(info.outcome)),
                "transcript": _text(info.transcript),
                "registered_at": _pyinstant(info.registered_at),
                "purchase_date": _pydate(info.purchase_date),
                "promised_delivery": _pydate(info.promised_delivery),
                "events": info.event_count, "shipments": info.shipment_count,
                "charges": info.charge_count,
            }
        finally:
            lib.ssvc_case_free(out)

    def transition(self, case_id, state, actor, note=None):
        """Moves the case to the state named ("diagnosing", "resolved", ...); StateError when
        the state machine does not allow it. The swap segment (swap-requested, shipped, and
        every move of a case that was swap-requested) belongs to the SWAP pool: use
        swap_reserve(), swap_ship(), swap_faulty_returned(), swap_repaired(), ... (StateError
        names the pool operation)."""
        to = self._enum(lib.ssvc_case_state_from_name, state)
        self._ctx._check(lib.ssvc_case_transition(self._h(), case_id.encode(), to, actor.encode(),
                                                  None if note is None else note.encode()))

    def set_diagnosis(self, case_id, session_or_outcome, actor):
        """Records a finished DiagnosisSession on the case (checked against its tree, as
        diagnose(..., apply=False)), or an outcome name made elsewhere (unchecked). The case must
        be diagnosing."""
        if isinstance(session_or_outcome, DiagnosisSession):
            self.diagnose(case_id, session_or_outcome, actor, apply=False)
            return
        o = self._enum(lib.ssvc_case_outcome_from_name, session_or_outcome)
        self._ctx._check(lib.ssvc_case_set_diagnosis(self._h(), case_id.encode(), o, None,
                                                     actor.encode()))

    def diagnose(self, case_id, session, actor, apply=True):
        """Records the finished DiagnosisSession on the case, which must be diagnosing, and (with
        apply) does what its outcome says: closed, referred, a swap or loan order, or closed out
        of scope. Returns what was done as a dict (doc/diagnosis.md, "A case's diagnosis")."""
        r = CaseDiagResult()
        r.version = 1
        o = Order(version=2)
        self._ctx._check(lib.ssvc_case_diagnose(
            self._h(), ctypes.addressof(r), ctypes.addressof(o), case_id.encode(),
            session._tree._h(), session.transcript.encode(), actor.encode(), 1 if apply else 0))
        return self._diag_dict(r, o)

    def apply_outcome(self, case_id, actor, tree=None):
        """Does what the case's recorded outcome says (the case must be diagnosing)."""
        r = CaseDiagResult()
        r.version = 1
        o = Order(version=2)
        self._ctx._check(lib.ssvc_case_apply_outcome(
            self._h(), ctypes.addressof(r), ctypes.addressof(o), case_id.encode(),
            None if tree is None else tree._h(), actor.encode()))
        return self._diag_dict(r, o)

    def _diag_dict(self, r, o):
        return {"outcome": _text(lib.ssvc_case_outcome_name(r.outcome)),
                "outcome_id": r.outcome_id.decode() or None, "tree": r.tree.decode() or None,
                "applied": bool(r.applied), "action": _text(lib.ssvc_diag_action_key(r.action)),
                "state": _text(lib.ssvc_case_state_name(r.state)),
                "order": self._order_dict(o) if r.order_state else None,
                "reminders": [_text(lib.ssvc_diag_reminder_key(1 << b)) for b in range(6)
                              if r.reminders & (1 << b)],
                "missing_feature": _text(lib.ssvc_feature_key(r.missing_feature))
                if r.missing_feature else None}

    def cases_of(self, customer_id, start=None, end=None):
        """Ids of the customer's cases registered in [start, end), by registration instant."""
        ids = []

        def collect(_ud, case_id):
            ids.append(case_id.decode())
            return 0

        cb = CASE_LIST_FN(collect)
        lo = _instant(start) if start is not None else -2**63
        hi = _instant(end) if end is not None else 2**63 - 1
        self._ctx._check(lib.ssvc_case_list_customer(self._h(), customer_id.encode(), lo, hi,
                                                     cb, None))
        return ids

    # ---- warranty and cost estimates (doc/charges.md "Warranty and cost estimates") ----

    def warranty(self, case_id):
        """"in", "out" or "unknown" (treated as out): the case's repair against the phone's
        warranty end, by the Stockholm date of registration."""
        out = ctypes.c_void_p()
        self._ctx._check(lib.ssvc_case_load(self._h(), ctypes.byref(out), case_id.encode()))
        try:
            w = ctypes.c_int()
            self._ctx._check(lib.ssvc_case_warranty(out, ctypes.byref(w)))
            return _text(lib.ssvc_warranty_name(w.value))
        finally:
            lib.ssvc_case_free(out)

    def estimate(self, case_id, amount_minor, actor, inspection_fee_minor=0, text=None):
        """Records the workshop's cost estimate (öre) on a referred or faulty-returned case out
        of warranty; the repair waits for the answer (StateError until then)."""
        self._ctx._check(lib.ssvc_case_estimate(
            self._h(), case_id.encode(), amount_minor, inspection_fee_minor,
            None if text is None else text.encode(), actor.encode()))

    def answer_estimate(self, case_id, accepted, who_answered, actor):
        """The customer's answer: accepted adds a repair charge for the direct invoice;
        declined charges the inspection fee and closes the case. StateError when answered."""
        self._ctx._check(lib.ssvc_case_estimate_answer(
            self._h(), case_id.encode(), 1 if accepted else 0, who_answered.encode(),
            actor.encode()))

    def estimate_of(self, case_id):
        """The case's cost estimate as a dict, or None when it has none."""
        out = ctypes.c_void_p()
        self._ctx._check(lib.ssvc_case_load(self._h(), ctypes.byref(out), case_id.encode()))
        try:
            e = CaseEstimateInfo()
            e.version = 1
            if lib.ssvc_case_estimate_get(out, ctypes.byref(e)) == errors.ENOTFOUND:
                return None
            return {
                "amount_minor": e.amount_minor, "inspection_fee_minor": e.inspection_fee_minor,
                "currency": _text(e.currency), "text": _text(e.text), "actor": _text(e.actor),
                "at": _pyinstant(e.at), "answer": _text(lib.ssvc_estimate_answer_name(e.answer)),
                "answered_by": _text(e.answered_by) or None,
                "answered_at": _pyinstant(e.answered_at) if e.answered_at else None,
            }
        finally:
            lib.ssvc_case_free(out)

    # ---- agreements and the SWAP pool (doc/agreement.md, doc/swap.md) ----

    def create_agreement(self, customer_id, customer_name, tier, fleet, actor,
                         replacement="swap", repaired_to="stock", cutoff_seconds=0,
                         return_days=0, vat=2500, swap_rent_minor=0, retention_months=0,
                         buyer=None, buyer_reference=None, order_reference=None,
                         payment_days=0):
        """Stores a customer's agreement on a built-in tier ("BAS", "PROF"). vat is the VAT rate
        of its invoices (basis points or a Decimal fraction, default 25%); swap_rent_minor the
        rent per SWAP phone and month in öre when the customer rents its stock (0: owned);
        retention_months how long closed cases are kept (0: forever; doc/erasure.md). buyer is
        the buyer on its invoices, a dict of the party's fields (name, org_number, vat_number,
        street, postal_code, city, endpoint, ...), with buyer_reference or order_reference; the
        invoice run refuses a customer without them (doc/agreement.md "The buyer")."""
        spec = AgreementSpec()
        self._ctx._check(lib.ssvc_agreement_spec_init(ctypes.byref(spec), 4))
        buyer_c = _party(buyer, 2) if buyer is not None else None
        if buyer_c is not None:
            spec.buyer = ctypes.pointer(buyer_c)
        spec.buyer_reference = buyer_reference.encode() if buyer_reference else None
        spec.order_reference = order_reference.encode() if order_reference else None
        spec.payment_days = int(payment_days)
        spec.retention_months = int(retention_months)
        spec.vat_basis_points = _basis_points(vat)
        spec.swap_rent_minor = int(swap_rent_minor)
        spec.customer_id, spec.customer_name = customer_id.encode(), customer_name.encode()
        spec.tier_code, spec.fleet = tier.encode(), int(fleet)
        spec.replacement = self._enum(lib.ssvc_replacement_from_name, replacement)
        spec.repaired_to = self._enum(lib.ssvc_repaired_to_from_name, repaired_to)
        spec.cutoff_seconds, spec.return_days = int(cutoff_seconds), int(return_days)
        self._ctx._check(lib.ssvc_agreement_create(self._h(), ctypes.byref(spec),
                                                   actor.encode()))

    @staticmethod
    def _order_dict(o):  # the order of diagnose()'s result
        return {"case_id": o.case_id.decode(), "customer_id": o.customer_id.decode(),
                "state": _text(lib.ssvc_order_state_name(o.state)),
                "imei": o.imei.decode() or None, "model": o.model.decode(),
                "replacement": _text(lib.ssvc_replacement_name(o.replacement)),
                "delivery": _pydate(o.delivery), "return_deadline": _pydate(o.return_deadline),
                "overdue": bool(o.overdue), "promised": _pydate(o.promised),
                "late_days": None if o.late_days < 0 else o.late_days}

