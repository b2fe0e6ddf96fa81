"""Enumerations of the C API's kinds and states, with their stable keys.

Numbers come from smartservice.constants (generated from the headers and checked by
tests/test_constants.py); never write a number here.
"""
import enum
import typing
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

class Lang(_Keyed, enum.IntEnum):
    """Languages of the library's texts (key "sv", "en")."""
    SV = C.LANG_SV
    EN = C.LANG_EN


_keys(Lang, lib.ssvc_lang_name, lib.ssvc_lang_from_name)


class Feature(enum.IntFlag):
    """The features of rule R1."""
    DIAGNOSIS = C.FEATURE_DIAGNOSIS
    REGISTRATION = C.FEATURE_REGISTRATION
    PHONE_HELP = C.FEATURE_PHONE_HELP
    OS_HELP = C.FEATURE_OS_HELP
    SYNC = C.FEATURE_SYNC
    SWAP_ADMIN = C.FEATURE_SWAP_ADMIN
    SWAP_ACTIVATION = C.FEATURE_SWAP_ACTIVATION

    @property
    def key(self):
        """The stable key, e.g. "swap-activation" (single features only)."""
        return _text(lib.ssvc_feature_key(int(self)))

    def display_name(self, lang=None):
        """The feature's name in @p lang (English when None)."""
        return _text(lib.ssvc_feature_name(int(self), int(Lang.EN if lang is None else lang)))

    @classmethod
    def from_key(cls, key, ctx=None):
        """The feature of a stable key ("swap-activation"); UnknownName for another."""
        import ctypes
        from . import errors
        from ._base import Context
        if ctx is None:
            ctx = getattr(_lookup, "ctx", None) or Context()
            _lookup.ctx = ctx
        out = ctypes.c_uint()
        try:
            ctx._check(lib.ssvc_feature_from_key(ctx._h(), ctypes.byref(out), key.encode()))
        except errors.NotFound as e:
            raise errors.UnknownName(e.code, e.name, e.message) from None
        return cls(out.value)


# ---- cases, agreements, diagnosis, calendar (h22pyA adds below this line) -----------------

class CaseState(_Keyed, enum.IntEnum):
    """The states of a case (doc/workflow.md); keys "registered", "swap-requested", ..."""
    REGISTERED = C.CASE_REGISTERED
    DIAGNOSING = C.CASE_DIAGNOSING
    RESOLVED = C.CASE_RESOLVED
    REFERRED = C.CASE_REFERRED
    SWAP_REQUESTED = C.CASE_SWAP_REQUESTED
    SHIPPED = C.CASE_SHIPPED
    FAULTY_RETURNED = C.CASE_FAULTY_RETURNED
    IN_REPAIR = C.CASE_IN_REPAIR
    REPAIRED = C.CASE_REPAIRED
    CLOSED = C.CASE_CLOSED
    CANCELLED = C.CASE_CANCELLED

    @property
    def open(self) -> bool:
        """True for a state below closed."""
        return self < CaseState.CLOSED


_keys(CaseState, lib.ssvc_case_state_name, lib.ssvc_case_state_from_name)


class CaseOutcome(_Keyed, enum.IntEnum):
    """The outcome of a case's diagnosis (rule R3); NONE until diagnosed."""
    NONE = C.CASE_OUTCOME_NONE
    HANDLING_ERROR = C.CASE_OUTCOME_HANDLING_ERROR
    WORKSHOP = C.CASE_OUTCOME_WORKSHOP
    DEFINITE_FAULT = C.CASE_OUTCOME_DEFINITE_FAULT
    OUT_OF_SCOPE = C.CASE_OUTCOME_OUT_OF_SCOPE


_keys(CaseOutcome, lib.ssvc_case_outcome_name, lib.ssvc_case_outcome_from_name)


class CaseEventKind(_Keyed, enum.IntEnum):
    """What an event of a case's history records."""
    CREATED = C.CASE_EVENT_CREATED
    STATE = C.CASE_EVENT_STATE
    NOTE = C.CASE_EVENT_NOTE
    DIAGNOSIS = C.CASE_EVENT_DIAGNOSIS
    SHIPMENT = C.CASE_EVENT_SHIPMENT
    CHARGE = C.CASE_EVENT_CHARGE
    ERASED = C.CASE_EVENT_ERASED
    ESTIMATE = C.CASE_EVENT_ESTIMATE
    ESTIMATE_ANSWER = C.CASE_EVENT_ESTIMATE_ANSWER


_keys(CaseEventKind, lib.ssvc_case_event_kind_name, lib.ssvc_case_event_kind_from_name)


class ShipmentKind(_Keyed, enum.IntEnum):
    """What a shipment of a case carried."""
    REPLACEMENT = C.SHIPMENT_REPLACEMENT
    FAULTY = C.SHIPMENT_FAULTY
    WORKSHOP = C.SHIPMENT_WORKSHOP
    RETURN = C.SHIPMENT_RETURN


_keys(ShipmentKind, lib.ssvc_shipment_kind_name, lib.ssvc_shipment_kind_from_name)


class Warranty(_Keyed, enum.IntEnum):
    """A case's repair against the phone's warranty; UNKNOWN counts as out."""
    UNKNOWN = C.WARRANTY_UNKNOWN
    IN = C.WARRANTY_IN
    OUT = C.WARRANTY_OUT


_keys(Warranty, lib.ssvc_warranty_name, lib.ssvc_warranty_from_name)


class EstimateAnswer(_Keyed, enum.IntEnum):
    """The customer's answer to a cost estimate."""
    PENDING = C.ESTIMATE_PENDING
    ACCEPTED = C.ESTIMATE_ACCEPTED
    DECLINED = C.ESTIMATE_DECLINED


_keys(EstimateAnswer, lib.ssvc_estimate_answer_name, lib.ssvc_estimate_answer_from_name)


class Replacement(_Keyed, enum.IntEnum):
    """Rule R4: what the user gets for a faulty phone ("swap" or "loan")."""
    SWAP = C.REPLACEMENT_SWAP
    LOAN = C.REPLACEMENT_LOAN


_keys(Replacement, lib.ssvc_replacement_name, lib.ssvc_replacement_from_name)


class RepairedTo(_Keyed, enum.IntEnum):
    """Rule R5: where a repaired phone goes ("stock" or "user")."""
    STOCK = C.REPAIRED_TO_STOCK
    USER = C.REPAIRED_TO_USER


_keys(RepairedTo, lib.ssvc_repaired_to_name, lib.ssvc_repaired_to_from_name)


class RosterPolicy(_Keyed, enum.IntEnum):
    """What registration does with a caller not on the roster (doc/roster.md)."""
    NONE = C.ROSTER_POLICY_NONE
    FLAG = C.ROSTER_POLICY_FLAG
    REFUSE = C.ROSTER_POLICY_REFUSE


_keys(RosterPolicy, lib.ssvc_roster_policy_name, lib.ssvc_roster_policy_from_name)


class AgreementEventKind(_Keyed, enum.IntEnum):
    """What an event of an agreement's history records."""
    CREATED = C.AGREEMENT_EVENT_CREATED
    UPDATED = C.AGREEMENT_EVENT_UPDATED


_keys(AgreementEventKind, lib.ssvc_agreement_event_kind_name,
      lib.ssvc_agreement_event_kind_from_name)


class DiagKind(_Keyed, enum.IntEnum):
    """The kind of a diagnosis outcome (rule R3)."""
    HANDLING_ERROR = C.DIAG_HANDLING_ERROR
    WORKSHOP = C.DIAG_WORKSHOP
    DEFINITE_FAULT = C.DIAG_DEFINITE_FAULT
    OUT_OF_SCOPE = C.DIAG_OUT_OF_SCOPE

    def case_outcome(self) -> "CaseOutcome":
        """The case outcome this diagnosis kind records."""
        return CaseOutcome(lib.ssvc_case_outcome_from_diag(int(self)))

    @classmethod
    def of_outcome(cls, outcome) -> "DiagKind":
        """The diagnosis kind of a case outcome (ValueError for NONE)."""
        return cls(lib.ssvc_diag_kind_from_outcome(int(outcome)))


_keys(DiagKind, lib.ssvc_diag_kind_key, lib.ssvc_diag_kind_from_key)


class DiagAction(_Keyed, enum.IntEnum):
    """What the Support Center does for an outcome."""
    NONE = C.DIAG_ACTION_NONE
    GUIDANCE = C.DIAG_ACTION_GUIDANCE
    WORKSHOP = C.DIAG_ACTION_WORKSHOP
    SWAP_OR_LOAN = C.DIAG_ACTION_SWAP_OR_LOAN


_keys(DiagAction, lib.ssvc_diag_action_key, lib.ssvc_diag_action_from_key)


class DiagReminder(enum.IntFlag):
    """Reminders an outcome gives the agent to read to the user."""
    REMOVE_SIM = C.DIAG_REMIND_REMOVE_SIM
    BACKUP = C.DIAG_REMIND_BACKUP
    SIGN_OUT_LOCK = C.DIAG_REMIND_SIGN_OUT_LOCK
    SERVICE_NOTE = C.DIAG_REMIND_SERVICE_NOTE
    SERVICE_BAG = C.DIAG_REMIND_SERVICE_BAG
    RETURN_LABEL = C.DIAG_REMIND_RETURN_LABEL

    @property
    def key(self) -> str:
        """The stable key of a single reminder, e.g. "remove-sim"."""
        return _text(lib.ssvc_diag_reminder_key(int(self)))

    def text(self, lang=None) -> str:
        """The reminder's text in @p lang (English when None)."""
        return _text(lib.ssvc_diag_reminder_text(int(self), int(Lang.EN if lang is None else lang)))

    def singles(self):
        """The single reminders of this set, in bit order."""
        return [r for r in DiagReminder if r & self]


class Holiday(enum.IntEnum):
    """The days the calendar closes for (doc/calendar.md)."""
    NEW_YEARS_DAY = C.HOLIDAY_NEW_YEARS_DAY
    EPIPHANY = C.HOLIDAY_EPIPHANY
    GOOD_FRIDAY = C.HOLIDAY_GOOD_FRIDAY
    EASTER_SUNDAY = C.HOLIDAY_EASTER_SUNDAY
    EASTER_MONDAY = C.HOLIDAY_EASTER_MONDAY
    MAY_DAY = C.HOLIDAY_MAY_DAY
    ASCENSION_DAY = C.HOLIDAY_ASCENSION_DAY
    WHIT_SUNDAY = C.HOLIDAY_WHIT_SUNDAY
    WHIT_MONDAY = C.HOLIDAY_WHIT_MONDAY
    NATIONAL_DAY = C.HOLIDAY_NATIONAL_DAY
    MIDSUMMER_EVE = C.HOLIDAY_MIDSUMMER_EVE
    MIDSUMMER_DAY = C.HOLIDAY_MIDSUMMER_DAY
    ALL_SAINTS_DAY = C.HOLIDAY_ALL_SAINTS_DAY
    CHRISTMAS_EVE = C.HOLIDAY_CHRISTMAS_EVE
    CHRISTMAS_DAY = C.HOLIDAY_CHRISTMAS_DAY
    BOXING_DAY = C.HOLIDAY_BOXING_DAY
    NEW_YEARS_EVE = C.HOLIDAY_NEW_YEARS_EVE
    EXTRA_CLOSED = C.HOLIDAY_EXTRA_CLOSED

    def display_name(self, lang=None) -> str:
        """The holiday's name ("Annandag påsk", "Easter Monday"); English when None."""
        return _text(lib.ssvc_holiday_name(int(self), int(Lang.EN if lang is None else lang)))

    @property
    def eve(self) -> bool:
        """True for a closed eve (midsommarafton, julafton, nyårsafton)."""
        return bool(lib.ssvc_holiday_is_eve(int(self)))


class Eve(enum.IntFlag):
    """Eves a calendar may open (Calendar(open_eves=...))."""
    MIDSUMMER = C.EVE_MIDSUMMER
    CHRISTMAS = C.EVE_CHRISTMAS
    NEW_YEAR = C.EVE_NEW_YEAR


class DocKind(_Keyed, enum.IntEnum):
    """The documents of a case: the service note and the return label."""
    NOTE = C.DOC_NOTE
    LABEL = C.DOC_LABEL


_keys(DocKind, lib.ssvc_doc_kind_name, lib.ssvc_doc_kind_from_name)


class LogLevel(_Keyed, enum.IntEnum):
    """Levels of the context's log callback."""
    DEBUG = C.LOG_DEBUG
    INFO = C.LOG_INFO
    WARN = C.LOG_WARN
    ERROR = C.LOG_ERROR


_keys(LogLevel, lib.ssvc_log_level_name, lib.ssvc_log_level_from_name)


class NoteWord(enum.IntEnum):
    """The words of the service note and return label (shared by HTML and PDF)."""
    TITLE = C.NOTE_W_TITLE
    LABEL_TITLE = C.NOTE_W_LABEL_TITLE
    CASE = C.NOTE_W_CASE
    CUSTOMER = C.NOTE_W_CUSTOMER
    USER = C.NOTE_W_USER
    PHONE = C.NOTE_W_PHONE
    IMEI = C.NOTE_W_IMEI
    SERIAL = C.NOTE_W_SERIAL
    REPORTED = C.NOTE_W_REPORTED
    DIAGNOSED = C.NOTE_W_DIAGNOSED
    TODO = C.NOTE_W_TODO
    RETURN_TO = C.NOTE_W_RETURN_TO
    DEADLINE = C.NOTE_W_DEADLINE
    DEADLINE_DAYS = C.NOTE_W_DEADLINE_DAYS
    FROM = C.NOTE_W_FROM
    TO = C.NOTE_W_TO
    ISSUED = C.NOTE_W_ISSUED
    FOOTER = C.NOTE_W_FOOTER
    SWAP = C.NOTE_W_SWAP
    LOAN = C.NOTE_W_LOAN
    WORKSHOP = C.NOTE_W_WORKSHOP
    FAULT = C.NOTE_W_FAULT

    def text(self, lang=None) -> str:
        """The word in @p lang (English when None)."""
        return _text(lib.ssvc_note_word_text(int(self), int(Lang.EN if lang is None else lang)))




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
    STOCK_CHANGE = C.CHARGE_STOCK_CHANGE

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


class RepairState(_Keyed, enum.IntEnum):
    """The states of a repair order at the service provider; keys "sent", "repaired",
    "scrapped" (doc/workshop.md)."""
    SENT = C.REPAIR_SENT
    REPAIRED = C.REPAIR_REPAIRED
    SCRAPPED = C.REPAIR_SCRAPPED


_keys(RepairState, lib.ssvc_repair_state_name, lib.ssvc_repair_state_from_name)


class GuideResult(enum.IntEnum):
    """How a how-to call ended; keys "solved", "not-solved" (NONE: not done, or not guidance)."""
    NONE = C.GUIDE_NONE
    SOLVED = C.GUIDE_SOLVED
    NOT_SOLVED = C.GUIDE_NOT_SOLVED

    @property
    def key(self) -> typing.Optional[str]:
        """The library's stable name of this value (None for NONE)."""
        return _text(lib.ssvc_guide_result_key(int(self)))


class TreeKind(enum.IntEnum):
    """What a loaded tree holds: fault diagnosis or how-to guidance (doc/guidance.md)."""
    FAULTS = C.DIAG_TREE_FAULTS
    GUIDANCE = C.DIAG_TREE_GUIDANCE


class StockLineKind(enum.IntEnum):
    """The lines of a stock change order; keys "add", "remove", "target"."""
    ADD = C.STOCK_ADD
    REMOVE = C.STOCK_REMOVE
    TARGET = C.STOCK_TARGET

    @property
    def key(self) -> str:
        """The library's stable name of this value."""
        return _text(lib.ssvc_stock_line_kind_name(int(self)))


class StockDisposal(_Keyed, enum.IntEnum):
    """Where a unit taken out of the stock goes; keys "to-customer", "sold", "retired"."""
    TO_CUSTOMER = C.STOCK_TO_CUSTOMER
    SOLD = C.STOCK_SOLD
    RETIRED = C.STOCK_RETIRED


_keys(StockDisposal, lib.ssvc_stock_disposal_name, lib.ssvc_stock_disposal_from_name)


class WorkshopGrouping(enum.IntEnum):
    """How the report groups the workshop's figures: by service provider or by phone model."""
    BY_PROVIDER = C.WORKSHOP_BY_PROVIDER
    BY_MODEL = C.WORKSHOP_BY_MODEL


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
    REPAIR_ORDER = C.CHANGE_REPAIR_ORDER
    STOCK_ORDER = C.CHANGE_STOCK_ORDER

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
