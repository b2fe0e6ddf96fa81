"""Enumerations of the C API's kinds and states, with their stable keys.

Numbers come from smartservice.constants (generated from the headers and checked by
tests/test_constants.py); never write a number here.
"""
import enum
import threading

from . import constants as C
from ._base import _text
from ._native import lib

_lookup = threading.local()  # a context per thread for from_key() called without one


class _Keyed:
    """Mixin of the enums that have stable keys: ``key`` (the library's name of the value) and
    ``from_key()`` (the value of a name, through the library's own _from_name table)."""
    # set after each class: the C functions giving the key of a number and the number of a key
    _key_fn = None
    _from_fn = None

    @property
    def key(self) -> str:
        """The library's stable name of this value, e.g. "swap-requested"."""
        return _text(type(self)._key_fn(int(self)))

    @classmethod
    def from_key(cls, key, ctx=None):
        """The value named @p key (UnknownName, a ValueError, for another name); a member or
        its number is returned as the member."""
        if isinstance(key, cls):
            return key
        if isinstance(key, int):
            return cls(key)
        from ._base import Context, _enum
        if ctx is None:
            ctx = getattr(_lookup, "ctx", None)
            if ctx is None:
                ctx = _lookup.ctx = Context()
        return cls(_enum(ctx, cls._from_fn, key))


def _keys(cls, key_fn, from_fn):
    type.__setattr__(cls, "_key_fn", staticmethod(key_fn))
    type.__setattr__(cls, "_from_fn", staticmethod(from_fn))
    return cls

class Lang(enum.IntEnum):
    SV = 0
    EN = 1


class Feature(enum.IntFlag):
    """The features of rule R1."""
    DIAGNOSIS = 1 << 0
    REGISTRATION = 1 << 1
    PHONE_HELP = 1 << 2
    OS_HELP = 1 << 3
    SYNC = 1 << 4
    SWAP_ADMIN = 1 << 5
    SWAP_ACTIVATION = 1 << 6

    @property
    def key(self):
        """The stable key, e.g. "swap-activation" (single features only)."""
        return _text(lib.ssvc_feature_key(int(self)))

    def display_name(self, lang=Lang.EN):
        return _text(lib.ssvc_feature_name(int(self), int(lang)))


# ---- cases, agreements, diagnosis, calendar (h22pyA adds below this line) -----------------



# ---- SWAP pool, invoices, charges, prices, roster, backup phones, changes, reports ----------
# ---- (h22pyB adds below this line) ----------------------------------------------------------

class UnitState(_Keyed, enum.IntEnum):
    """The states of a SWAP unit (doc/swap.md); keys "available", "on-loan", ..."""
    AVAILABLE = C.UNIT_AVAILABLE
    RESERVED = C.UNIT_RESERVED
    SHIPPED = C.UNIT_SHIPPED
    ON_LOAN = C.UNIT_ON_LOAN
    WITH_USER = C.UNIT_WITH_USER
    IN_REPAIR = C.UNIT_IN_REPAIR
    RETIRED = C.UNIT_RETIRED


_keys(UnitState, lib.ssvc_unit_state_name, lib.ssvc_unit_state_from_name)


class OrderState(_Keyed, enum.IntEnum):
    """The states of a swap or loan order; keys "backordered", "reserved", ..."""
    BACKORDERED = C.ORDER_BACKORDERED
    RESERVED = C.ORDER_RESERVED
    SHIPPED = C.ORDER_SHIPPED
    IN_REPAIR = C.ORDER_IN_REPAIR
    LOAN_OUT = C.ORDER_LOAN_OUT
    DONE = C.ORDER_DONE
    CANCELLED = C.ORDER_CANCELLED


_keys(OrderState, lib.ssvc_order_state_name, lib.ssvc_order_state_from_name)


class RefillState(_Keyed, enum.IntEnum):
    """The states of a refill request (anmodan); keys "pending", "approved", "declined"."""
    PENDING = C.REFILL_PENDING
    APPROVED = C.REFILL_APPROVED
    DECLINED = C.REFILL_DECLINED


_keys(RefillState, lib.ssvc_refill_state_name, lib.ssvc_refill_state_from_name)


class ChargeKind(_Keyed, enum.IntEnum):
    """The kinds of charges and invoice lines (money.h); keys "monthly-fee", "freight", ..."""
    MONTHLY_FEE = C.CHARGE_MONTHLY_FEE
    FREIGHT = C.CHARGE_FREIGHT
    PACKAGING = C.CHARGE_PACKAGING
    SWAP_PURCHASE = C.CHARGE_SWAP_PURCHASE
    SWAP_RENTAL = C.CHARGE_SWAP_RENTAL
    BACKUP_PHONE = C.CHARGE_BACKUP_PHONE
    REPAIR = C.CHARGE_REPAIR
    COST_ESTIMATE = C.CHARGE_COST_ESTIMATE
    UNRETURNED = C.CHARGE_UNRETURNED

    @property
    def direct(self) -> bool:
        """True for a kind billed on the direct invoice (not the monthly service invoice)."""
        return bool(lib.ssvc_charge_kind_is_direct(int(self)))

    def display_name(self, lang=None) -> str:
        """The kind's name in @p lang (English when None)."""
        return _text(lib.ssvc_charge_kind_name(int(self), int(Lang.EN if lang is None else lang)))


_keys(ChargeKind, lib.ssvc_charge_kind_key, lib.ssvc_charge_kind_from_key)


class ReportFormat(_Keyed, enum.IntEnum):
    """The formats of a quality report; keys "xml", "csv", "html"."""
    XML = C.REPORT_XML
    CSV = C.REPORT_CSV
    HTML = C.REPORT_HTML


_keys(ReportFormat, lib.ssvc_report_format_name, lib.ssvc_report_format_from_name)


class RosterCoverage(enum.IntEnum):
    """Whether a case's phone is on the customer's roster (key "unchecked", "covered", ...)."""
    UNCHECKED = C.ROSTER_UNCHECKED
    COVERED = C.ROSTER_COVERED
    NOT_COVERED = C.ROSTER_NOT_COVERED

    @property
    def key(self) -> str:
        """The library's stable name of this value."""
        return _text(lib.ssvc_roster_coverage_name(int(self)))


class BackupState(enum.IntEnum):
    """The states of a backup phone; keys "at-site", "handed-out", "removed"."""
    AT_SITE = C.BACKUP_AT_SITE
    HANDED_OUT = C.BACKUP_HANDED_OUT
    REMOVED = C.BACKUP_REMOVED

    @property
    def key(self) -> str:
        """The library's stable name of this value."""
        return _text(lib.ssvc_backup_state_name(int(self)))


class BackupTerms(_Keyed, enum.IntEnum):
    """How the customer has a backup phone; keys "bought", "rented"."""
    BOUGHT = C.BACKUP_BOUGHT
    RENTED = C.BACKUP_RENTED


_keys(BackupTerms, lib.ssvc_backup_terms_name, lib.ssvc_backup_terms_from_name)


class ChangeKind(enum.IntEnum):
    """What a change in the feed is about; keys "case", "order", "unit", ..."""
    CASE = C.CHANGE_CASE
    ORDER = C.CHANGE_ORDER
    UNIT = C.CHANGE_UNIT
    AGREEMENT = C.CHANGE_AGREEMENT
    INVOICE = C.CHANGE_INVOICE
    CHARGE = C.CHANGE_CHARGE
    ROSTER = C.CHANGE_ROSTER
    BACKUP_PHONE = C.CHANGE_BACKUP_PHONE

    @property
    def key(self) -> str:
        """The library's stable name of this value."""
        return _text(lib.ssvc_change_kind_name(int(self)))


class ChangeOp(enum.IntEnum):
    """A change's operation; keys "put", "delete"."""
    PUT = C.CHANGE_PUT
    DELETE = C.CHANGE_DELETE

    @property
    def key(self) -> str:
        """The library's stable name of this value."""
        return _text(lib.ssvc_change_op_name(int(self)))


class DupPolicy(_Keyed, enum.IntEnum):
    """What an XML import does with a record the store has; keys "reject", "skip", "replace"."""
    REJECT = C.XML_DUP_REJECT
    SKIP = C.XML_DUP_SKIP
    REPLACE = C.XML_DUP_REPLACE


_keys(DupPolicy, lib.ssvc_xml_dup_policy_name, lib.ssvc_xml_dup_policy_from_name)
