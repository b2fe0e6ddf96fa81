"""A customer's roster: the phones in service and their users (doc/roster.md), and the
few-models advice."""
import ctypes
import typing

from . import constants as C
from .enums import RosterCoverage
from ._base import _Area, _cdate, _lang, _pydate, _text
from ._native import lib
from ._native_ops import (MODEL_LINE_FN, ModelAdvice as _CAdvice, ROSTER_FN,
                          RosterEntry as _CEntry, RosterImportResult)
from ._ops import _b, _Sink
from .results import ModelAdvice, ModelLine, RosterEntry, RosterImport


def _entry(p):
    e = p.contents
    return RosterEntry(imei=_text(e.imei), user_name=_text(e.user_name) or None,
                       phone=_text(e.phone) or None, email=_text(e.email) or None,
                       model=_text(e.model) or None, purchased=_pydate(e.purchased),
                       warranty_until=_pydate(e.warranty_until))


def _centry(entry):
    e = _CEntry()
    e.version = C.ROSTER_ENTRY_VERSION
    e.imei, e.user_name, e.phone = _b(entry.imei), _b(entry.user_name), _b(entry.phone)
    e.email, e.model = _b(entry.email), _b(entry.model)
    if entry.purchased is not None:
        e.purchased = _cdate(entry.purchased)
    if entry.warranty_until is not None:
        e.warranty_until = _cdate(entry.warranty_until)
    return e


def _advice_text(a, lang):
    buf = ctypes.create_string_buffer(512)
    n = lib.ssvc_model_advice_text(ctypes.byref(a), lang, buf, len(buf))
    if n >= len(buf):  # cut: again with room for the whole sentence
        buf = ctypes.create_string_buffer(n + 1)
        lib.ssvc_model_advice_text(ctypes.byref(a), lang, buf, len(buf))
    return buf.value.decode()


class Roster(_Area):
    """The rosters of a store's customers: which phones (IMEI) are in service, with their users;
    a case's caller is looked up on it at registration (the agreement's roster policy)."""

    def add(self, customer_id: str, entry: RosterEntry, *, actor: str) -> None:
        """Adds a phone to the roster; AlreadyExists when the IMEI is on it."""
        self._check(lib.ssvc_roster_add(self._h(), _b(customer_id), ctypes.byref(_centry(entry)),
                                        _b(actor)))

    def update(self, customer_id: str, entry: RosterEntry, *, actor: str) -> None:
        """Replaces the roster entry of entry.imei; NotFound when it is not on the roster."""
        self._check(lib.ssvc_roster_update(self._h(), _b(customer_id),
                                           ctypes.byref(_centry(entry)), _b(actor)))

    def remove(self, customer_id: str, imei: str, *, actor: str) -> None:
        """Takes a phone off the roster; NotFound when it is not on it."""
        self._check(lib.ssvc_roster_remove(self._h(), _b(customer_id), _b(imei), _b(actor)))

    def find(self, customer_id: str, who: str) -> RosterEntry:
        """The entry of a caller by IMEI, e-mail address or contact phone; NotFound when
        nothing matches."""
        out = []
        cb = ROSTER_FN(lambda _ud, p: out.append(_entry(p)) or 0)
        self._check(lib.ssvc_roster_find(self._h(), _b(customer_id), _b(who), cb, None))
        return out[0]

    def list(self, customer_id: str) -> typing.List[RosterEntry]:
        """The customer's roster by IMEI."""
        out = []
        cb = ROSTER_FN(lambda _ud, p: out.append(_entry(p)) or 0)
        self._check(lib.ssvc_roster_list(self._h(), _b(customer_id), cb, None))
        return out

    def count(self, customer_id: str) -> int:
        """How many phones the customer's roster has."""
        n = ctypes.c_uint32()
        self._check(lib.ssvc_roster_count(self._h(), _b(customer_id), ctypes.byref(n)))
        return n.value

    def import_csv(self, customer_id: str, data: typing.Union[bytes, str], *, actor: str,
                   source: str = None, replace: bool = False,
                   dry_run: bool = False) -> RosterImport:
        """Imports a roster from CSV (bytes or str; columns by header: imei, name, phone,
        email, model, purchased, warranty). replace: phones missing from the file leave the
        roster. dry_run: counts only. InvalidArgument names "SOURCE:LINE:COLUMN" of the first
        fault; nothing changes on failure."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        flags = (C.ROSTER_IMPORT_REPLACE if replace else 0) | \
            (C.ROSTER_IMPORT_DRY_RUN if dry_run else 0)
        r = RosterImportResult()
        r.version = C.ROSTER_IMPORT_RESULT_VERSION
        self._check(lib.ssvc_roster_import(self._h(), _b(customer_id), data, len(data),
                                           _b(source), flags, ctypes.byref(r), _b(actor)))
        return RosterImport(rows=r.rows, added=r.added, updated=r.updated, unchanged=r.unchanged,
                            removed=r.removed)

    def export_csv(self, customer_id: str) -> bytes:
        """The customer's roster as CSV (the columns import_csv() reads)."""
        sink = _Sink()
        self._check(lib.ssvc_roster_export(self._h(), _b(customer_id), sink.fn, None))
        return sink.bytes()

    def models_advice(self, customer_id: str, *, lang=None) -> ModelAdvice:
        """The few-models advice: how many models the fleet and the SWAP stock span, which serve
        few users, whether to consolidate, with a line per model and the advice as a sentence
        in @p lang (None: the context's language)."""
        a = _CAdvice()
        a.version = C.MODEL_ADVICE_VERSION
        lines = []
        cb = MODEL_LINE_FN(lambda _ud, m, users, stock, cons: lines.append(
            ModelLine(model=_text(m), users=users, stock=stock, consolidate=bool(cons))) or 0)
        self._check(lib.ssvc_models_advise(self._h(), _b(customer_id), ctypes.byref(a), cb,
                                           None))
        return ModelAdvice(
            stock_models=a.stock_models, fleet_models=a.fleet_models, fleet_phones=a.fleet_phones,
            model_min_users=a.model_min_users, models_max=a.models_max,
            few_user_models=a.few_user_models, stock_only_models=a.stock_only_models,
            from_roster=bool(a.from_roster), consolidate=bool(a.consolidate),
            lines=tuple(lines), text=_advice_text(a, _lang(self._ctx, lang)))

    def coverage(self, case_id: str) -> RosterCoverage:
        """Whether the case's caller was on the roster at registration."""
        out = ctypes.c_void_p()
        self._check(lib.ssvc_case_load(self._h(), ctypes.byref(out), _b(case_id)))
        try:
            return RosterCoverage(lib.ssvc_case_roster_coverage(out))
        finally:
            lib.ssvc_case_free(out)
