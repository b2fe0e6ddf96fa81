"""Loading libsmartservice and declaring the C functions the binding calls.

Every function the binding uses is declared once, in FUNCTIONS, with its exact return and argument
types; tests/test_declarations.py checks the table against the C headers.
"""
import ctypes
import ctypes.util
import os
import pathlib

from . import _loader
from . import constants as C

SUPPORTED_MAJOR = 1
LIBRARY_ENV = "SMARTSERVICE_LIBRARY"
_SONAME = "libsmartservice.so.%d" % SUPPORTED_MAJOR


class Allocator(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("malloc_fn", ctypes.c_void_p),
        ("realloc_fn", ctypes.c_void_p),
        ("free_fn", ctypes.c_void_p),
        ("user_data", ctypes.c_void_p),
    ]


LOG_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p)
CLOCK_FN = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_void_p)


class CtxOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("allocator", ctypes.POINTER(Allocator)),
        ("log", LOG_FN),
        ("log_user_data", ctypes.c_void_p),
        ("log_level", ctypes.c_int),
        ("clock", CLOCK_FN),
        ("clock_user_data", ctypes.c_void_p),
    ]


class TierSpec(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("code", ctypes.c_char_p),
        ("name_sv", ctypes.c_char_p),
        ("name_en", ctypes.c_char_p),
        ("features", ctypes.c_uint),
        ("price_minor", ctypes.c_int64),
        ("currency", ctypes.c_char_p),
    ]


class SwapDemand(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("fleet", ctypes.c_uint32),
        ("rate_basis_points", ctypes.c_uint32),
        ("turnaround_days", ctypes.c_uint32),
        ("fill_basis_points", ctypes.c_uint32),
    ]


class SwapSizing(ctypes.Structure):
    _fields_ = [
        ("spares", ctypes.c_uint32),
        ("mean_demand", ctypes.c_double),
        ("fill", ctypes.c_double),
        ("expected_backorders", ctypes.c_double),
    ]


class Date(ctypes.Structure):
    _fields_ = [("year", ctypes.c_int), ("month", ctypes.c_int), ("day", ctypes.c_int)]


class CalendarOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("open_eves", ctypes.c_uint),
        ("cutoff_seconds", ctypes.c_int),
        ("return_days", ctypes.c_int),
    ]


class CaseSpec(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("customer_id", ctypes.c_char_p),
        ("user_name", ctypes.c_char_p),
        ("user_phone", ctypes.c_char_p),
        ("user_email", ctypes.c_char_p),
        ("imei", ctypes.c_char_p),
        ("model", ctypes.c_char_p),
        ("serial", ctypes.c_char_p),
        ("purchase_date", Date),
        ("warranty_end", Date),
        ("tier_code", ctypes.c_char_p),
        ("features", ctypes.c_uint),
        ("symptom", ctypes.c_char_p),
        ("actor", ctypes.c_char_p),
        # version 2
        ("flags", ctypes.c_uint),
        ("at", ctypes.c_int64),
    ]


class CaseInfo(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("id", ctypes.c_char_p),
        ("customer_id", ctypes.c_char_p),
        ("user_name", ctypes.c_char_p),
        ("user_phone", ctypes.c_char_p),
        ("user_email", ctypes.c_char_p),
        ("imei", ctypes.c_char_p),
        ("model", ctypes.c_char_p),
        ("serial", ctypes.c_char_p),
        ("purchase_date", Date),
        ("warranty_end", Date),
        ("tier_code", ctypes.c_char_p),
        ("features", ctypes.c_uint),
        ("symptom", ctypes.c_char_p),
        ("outcome", ctypes.c_int),
        ("transcript", ctypes.c_char_p),
        ("state", ctypes.c_int),
        ("registered_at", ctypes.c_int64),
        ("updated_at", ctypes.c_int64),
        ("erased", ctypes.c_int),
        ("event_count", ctypes.c_size_t),
        ("shipment_count", ctypes.c_size_t),
        ("charge_count", ctypes.c_size_t),
        # version 2
        ("promised_delivery", Date),
    ]


class CaseEstimateInfo(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("amount_minor", ctypes.c_int64),
        ("inspection_fee_minor", ctypes.c_int64),
        ("currency", ctypes.c_char_p),
        ("text", ctypes.c_char_p),
        ("actor", ctypes.c_char_p),
        ("at", ctypes.c_int64),
        ("answer", ctypes.c_int),
        ("answered_by", ctypes.c_char_p),
        ("answer_actor", ctypes.c_char_p),
        ("answered_at", ctypes.c_int64),
    ]


class CaseDiagResult(ctypes.Structure):
    """struct ssvc_case_diag_result (passed by address as a void pointer: it holds char arrays)."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("outcome", ctypes.c_int),
        ("outcome_id", ctypes.c_char * C.CASE_OUTCOME_ID_SIZE),
        ("tree", ctypes.c_char * C.CASE_OUTCOME_ID_SIZE),
        ("applied", ctypes.c_int),
        ("action", ctypes.c_int),
        ("state", ctypes.c_int),
        ("order_state", ctypes.c_int),
        ("reminders", ctypes.c_uint),
        ("missing_feature", ctypes.c_uint),
    ]


class Party(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("name", ctypes.c_char_p),
                ("org_number", ctypes.c_char_p), ("vat_number", ctypes.c_char_p),
                ("street", ctypes.c_char_p), ("postal_code", ctypes.c_char_p),
                ("city", ctypes.c_char_p), ("country", ctypes.c_char_p),
                # version 2
                ("endpoint", ctypes.c_char_p), ("f_skatt", ctypes.c_int),
                ("legal_form", ctypes.c_char_p), ("bankgiro", ctypes.c_char_p),
                ("iban", ctypes.c_char_p), ("bic", ctypes.c_char_p),
                ("contact_name", ctypes.c_char_p), ("contact_phone", ctypes.c_char_p),
                ("contact_email", ctypes.c_char_p)]


class InvoiceRunSpec(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("customer_id", ctypes.c_char_p),
                ("year", ctypes.c_int), ("month", ctypes.c_int), ("pricelist", ctypes.c_void_p),
                ("seller", ctypes.POINTER(Party)), ("buyer", ctypes.POINTER(Party)),
                ("due_days", ctypes.c_int), ("dry_run", ctypes.c_int)]


class InvoiceTotals(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("lines", ctypes.c_size_t),
                ("vat_categories", ctypes.c_size_t), ("line_extension", ctypes.c_int64),
                ("tax_exclusive", ctypes.c_int64), ("tax", ctypes.c_int64),
                ("tax_inclusive", ctypes.c_int64), ("payable", ctypes.c_int64),
                ("line_vat_sum", ctypes.c_int64)]


class XmlImportOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("on_duplicate", ctypes.c_int),
                ("batch_size", ctypes.c_size_t), ("continue_on_error", ctypes.c_int),
                ("validate", ctypes.c_int), ("max_depth", ctypes.c_uint),
                ("max_name", ctypes.c_size_t), ("max_text", ctypes.c_size_t),
                ("max_total", ctypes.c_uint64), ("on_bad", ctypes.c_void_p),
                ("on_bad_data", ctypes.c_void_p), ("progress", ctypes.c_void_p),
                ("progress_data", ctypes.c_void_p),
                ("max_record_bytes", ctypes.c_uint64)]  # version 2


class XmlImportResult(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("imported", ctypes.c_size_t),
                ("replaced", ctypes.c_size_t), ("skipped", ctypes.c_size_t),
                ("bad", ctypes.c_size_t), ("agreements_imported", ctypes.c_size_t),
                ("agreements_replaced", ctypes.c_size_t), ("agreements_skipped", ctypes.c_size_t)]


REPORT_PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_uint64,
                                      ctypes.c_uint64, ctypes.c_uint64)


class ReportOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("customer_id", ctypes.c_char_p),
                ("from", Date), ("to", Date), ("calendar", ctypes.c_void_p),
                ("supplier_name", ctypes.c_char_p), ("lang", ctypes.c_int),
                ("progress", REPORT_PROGRESS_FN), ("progress_data", ctypes.c_void_p)]  # version 3


CASE_LIST_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p)


class AgreementModel(ctypes.Structure):
    _fields_ = [("model", ctypes.c_char_p), ("replacement_value_minor", ctypes.c_int64),
                ("target", ctypes.c_uint32)]


class AgreementSpec(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("customer_id", ctypes.c_char_p),
        ("customer_name", ctypes.c_char_p),
        ("tier_code", ctypes.c_char_p),
        ("custom_tier", ctypes.POINTER(TierSpec)),
        ("fleet", ctypes.c_uint32),
        ("replacement", ctypes.c_int),
        ("repaired_to", ctypes.c_int),
        ("swap_basis_points", ctypes.c_uint32),
        ("cutoff_seconds", ctypes.c_int),
        ("return_days", ctypes.c_int),
        ("closed_days", ctypes.POINTER(Date)),
        ("closed_day_count", ctypes.c_size_t),
        ("user_price_minor", ctypes.c_int64),
        ("freight_minor", ctypes.c_int64),
        ("packaging_minor", ctypes.c_int64),
        ("replacement_value_minor", ctypes.c_int64),
        ("models", ctypes.POINTER(AgreementModel)),
        ("model_count", ctypes.c_size_t),
        ("vat_basis_points", ctypes.c_uint32),
        ("swap_rent_minor", ctypes.c_int64),
        ("retention_months", ctypes.c_uint32),
        # version 4: the buyer
        ("buyer", ctypes.POINTER(Party)),
        ("buyer_reference", ctypes.c_char_p),
        ("order_reference", ctypes.c_char_p),
        ("payment_days", ctypes.c_int),
        # version 5: the roster policy and the few-models thresholds (doc/roster.md)
        ("roster_policy", ctypes.c_int),
        ("model_min_users", ctypes.c_uint32),
        ("models_max", ctypes.c_uint32),
    ]


class Charge(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("kind", ctypes.c_int),
        ("text_sv", ctypes.c_char_p),
        ("text_en", ctypes.c_char_p),
        ("quantity", ctypes.c_int64),
        ("unit_price_minor", ctypes.c_int64),
        ("date", Date),
    ]


CHARGES_LIST_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32,
                                   ctypes.POINTER(Charge), ctypes.c_int64, ctypes.c_char_p,
                                   ctypes.c_int)


class Unit(ctypes.Structure):
    """struct ssvc_unit (passed by address as a void pointer: it holds char arrays)."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("customer_id", ctypes.c_char * C.NAME_SIZE),
        ("imei", ctypes.c_char * C.IMEI_SIZE),
        ("model", ctypes.c_char * C.NAME_SIZE),
        ("state", ctypes.c_int),
        ("case_id", ctypes.c_char * C.CASE_ID_SIZE),
        ("received_at", ctypes.c_int64),
        ("updated_at", ctypes.c_int64),
    ]


class Order(ctypes.Structure):
    """struct ssvc_order (passed by address as a void pointer: it holds char arrays)."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("case_id", ctypes.c_char * C.CASE_ID_SIZE),
        ("customer_id", ctypes.c_char * C.NAME_SIZE),
        ("model", ctypes.c_char * C.NAME_SIZE),
        ("imei", ctypes.c_char * C.IMEI_SIZE),
        ("user_imei", ctypes.c_char * C.IMEI_SIZE),
        ("replacement", ctypes.c_int),
        ("repaired_to", ctypes.c_int),
        ("state", ctypes.c_int),
        ("requested_at", ctypes.c_int64),
        ("reserved_at", ctypes.c_int64),
        ("shipped_at", ctypes.c_int64),
        ("delivery", Date),
        ("return_deadline", Date),
        ("returned_at", ctypes.c_int64),
        ("overdue", ctypes.c_int),
        # version 2
        ("promised", Date),
        ("late_days", ctypes.c_int),
    ]


# ---- cases, agreements, notes, erasure, calendar, diagnosis (h22pyA) ------------------------

class CaseEvent(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("at", ctypes.c_int64), ("actor", ctypes.c_char_p),
                ("kind", ctypes.c_int), ("from_state", ctypes.c_int), ("to_state", ctypes.c_int),
                ("note", ctypes.c_char_p)]


class Shipment(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("kind", ctypes.c_int), ("at", ctypes.c_int64),
                ("carrier", ctypes.c_char_p), ("tracking", ctypes.c_char_p),
                ("freight_minor", ctypes.c_int64)]


class CaseCharge(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("kind", ctypes.c_int),
                ("amount_minor", ctypes.c_int64), ("currency", ctypes.c_char_p),
                ("text", ctypes.c_char_p)]


class CaseStats(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("total", ctypes.c_size_t),
                ("by_state", ctypes.c_size_t * 32), ("by_outcome", ctypes.c_size_t * 16),
                ("erased", ctypes.c_size_t)]


class AgreementEvent(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("at", ctypes.c_int64), ("actor", ctypes.c_char_p),
                ("kind", ctypes.c_int), ("note", ctypes.c_char_p)]


class EraseKey(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("phone", ctypes.c_char_p),
                ("email", ctypes.c_char_p), ("name", ctypes.c_char_p), ("imei", ctypes.c_char_p)]


class EraseResult(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("cases", ctypes.c_size_t),
                ("orders", ctypes.c_size_t), ("units", ctypes.c_size_t),
                ("invoices", ctypes.c_size_t)]


class LocalTime(ctypes.Structure):
    _fields_ = [("date", Date), ("hour", ctypes.c_int), ("minute", ctypes.c_int),
                ("second", ctypes.c_int), ("utc_offset", ctypes.c_int)]


class DiagLoadOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("max_nodes", ctypes.c_size_t),
                ("max_depth", ctypes.c_uint), ("max_text_bytes", ctypes.c_size_t),
                ("max_file_bytes", ctypes.c_size_t)]


class NoteOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("return_to", ctypes.POINTER(Party)),
                ("tree", ctypes.c_void_p)]


_TEXT = C.NOTE_TEXT_SIZE


class Note(ctypes.Structure):
    """struct ssvc_note (passed by address as a void pointer: it holds char arrays)."""
    _fields_ = [
        ("version", ctypes.c_uint), ("case_id", ctypes.c_char * C.CASE_ID_SIZE),
        ("customer_id", ctypes.c_char * C.NAME_SIZE), ("customer_name", ctypes.c_char * _TEXT),
        ("user_name", ctypes.c_char * _TEXT), ("user_phone", ctypes.c_char * _TEXT),
        ("model", ctypes.c_char * _TEXT), ("imei", ctypes.c_char * C.IMEI_SIZE),
        ("serial", ctypes.c_char * _TEXT), ("symptom", ctypes.c_char * C.NOTE_SYMPTOM_SIZE),
        ("fault", ctypes.c_char * _TEXT * 2), ("outcome", ctypes.c_int), ("state", ctypes.c_int),
        ("todo", ctypes.c_uint), ("order_state", ctypes.c_int), ("replacement", ctypes.c_int),
        ("return_deadline", Date), ("return_days", ctypes.c_int), ("issued", Date),
        ("return_name", ctypes.c_char * _TEXT), ("return_street", ctypes.c_char * _TEXT),
        ("return_postal_code", ctypes.c_char * C.NAME_SIZE),
        ("return_city", ctypes.c_char * _TEXT),
        ("return_country", ctypes.c_char * 3),
    ]


AGREEMENT_LIST_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p)
# void (*fn)(void *user_data, const char *id, int lang, const char *text) of
# ssvc_diag_tree_foreach_text()
TEXT_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)
WRITE_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_char),
                            ctypes.c_size_t)

_p = ctypes.c_void_p  # an opaque handle
_pp = ctypes.POINTER(ctypes.c_void_p)  # where a handle is written
_s = ctypes.c_char_p
_i = ctypes.c_int
_u = ctypes.c_uint
_u32 = ctypes.c_uint32
_i64 = ctypes.c_int64
_size = ctypes.c_size_t

# name: (restype, argtypes)
FUNCTIONS = {
    "ssvc_version": (_s, []),
    "ssvc_version_number": (_i, []),
    "ssvc_strerror": (_s, [_i]),
    "ssvc_status_name": (_s, [_i]),
    "ssvc_ctx_options_init": (_i, [ctypes.POINTER(CtxOptions), _u]),
    "ssvc_ctx_new": (_i, [_pp, ctypes.POINTER(CtxOptions)]),
    "ssvc_ctx_free": (None, [_p]),
    "ssvc_ctx_errmsg": (_s, [_p]),
    "ssvc_ctx_errcode": (_i, [_p]),
    "ssvc_feature_name": (_s, [_u, _i]),
    "ssvc_feature_key": (_s, [_u]),
    "ssvc_tier_spec_init": (_i, [ctypes.POINTER(TierSpec), _u]),
    "ssvc_catalog_new": (_i, [_p, _pp]),
    "ssvc_catalog_free": (None, [_p]),
    "ssvc_catalog_add": (_i, [_p, ctypes.POINTER(TierSpec), _pp]),
    "ssvc_catalog_find": (_i, [_p, _s, _pp]),
    "ssvc_catalog_count": (_size, [_p]),
    "ssvc_catalog_at": (_p, [_p, _size]),
    "ssvc_tier_code": (_s, [_p]),
    "ssvc_tier_name": (_s, [_p, _i]),
    "ssvc_tier_features": (_u, [_p]),
    "ssvc_tier_price": (_i64, [_p]),
    "ssvc_tier_currency": (_s, [_p]),
    "ssvc_tier_is_builtin": (_i, [_p]),
    "ssvc_tier_check": (_i, [_p, _p, _u]),
    "ssvc_swap_size_rule": (_i, [_p, ctypes.POINTER(_u32), _u32, _u32]),
    "ssvc_swap_demand_init": (_i, [ctypes.POINTER(SwapDemand), _u]),
    "ssvc_swap_size_service": (_i, [_p, ctypes.POINTER(SwapSizing), ctypes.POINTER(SwapDemand)]),
    # calendar
    "ssvc_date_parse": (_i, [_p, ctypes.POINTER(Date), _s]),
    "ssvc_instant_parse": (_i, [_p, ctypes.POINTER(_i64), _s]),
    "ssvc_calendar_options_init": (_i, [ctypes.POINTER(CalendarOptions), _u]),
    "ssvc_calendar_new": (_i, [_p, _pp, ctypes.POINTER(CalendarOptions)]),
    "ssvc_calendar_free": (None, [_p]),
    "ssvc_calendar_add_closed": (_i, [_p, ctypes.POINTER(Date)]),
    "ssvc_calendar_add_open": (_i, [_p, ctypes.POINTER(Date)]),
    "ssvc_calendar_is_working_day": (_i, [_p, _p, ctypes.POINTER(_i), ctypes.POINTER(Date)]),
    "ssvc_calendar_next_working_day": (_i, [_p, _p, ctypes.POINTER(Date), ctypes.POINTER(Date)]),
    "ssvc_calendar_add_working_days": (_i, [_p, _p, ctypes.POINTER(Date), ctypes.POINTER(Date),
                                            _i]),
    "ssvc_calendar_count_working_days": (_i, [_p, _p, ctypes.POINTER(_i), ctypes.POINTER(Date),
                                              ctypes.POINTER(Date)]),
    "ssvc_calendar_counts_on": (_i, [_p, _p, ctypes.POINTER(Date), _i64]),
    "ssvc_calendar_delivery": (_i, [_p, _p, ctypes.POINTER(Date), _i64]),
    "ssvc_calendar_return_deadline": (_i, [_p, _p, ctypes.POINTER(Date), ctypes.POINTER(Date)]),
    "ssvc_calendar_holidays": (_i, [_p, _p, _pp, _i]),
    "ssvc_holiday_list_free": (None, [_p]),
    "ssvc_holiday_list_count": (_size, [_p]),
    "ssvc_holiday_list_get": (_i, [_p, _size, ctypes.POINTER(Date), ctypes.POINTER(_i)]),
    "ssvc_holiday_name": (_s, [_i, _i]),
    # diagnosis
    "ssvc_diag_tree_load_default": (_i, [_p, _pp]),
    "ssvc_diag_tree_free": (None, [_p]),
    "ssvc_diag_tree_symptom_count": (_size, [_p]),
    "ssvc_diag_tree_symptom_id": (_s, [_p, _size]),
    "ssvc_diag_session_new": (_i, [_p, _pp, _p, _p, _p, _s]),
    "ssvc_diag_session_resume": (_i, [_p, _pp, _p, _p, _p, _s]),
    "ssvc_diag_session_free": (None, [_p]),
    "ssvc_diag_session_done": (_i, [_p]),
    "ssvc_diag_session_question_id": (_s, [_p]),
    "ssvc_diag_session_question_text": (_s, [_p, _i]),
    "ssvc_diag_session_answer_count": (_size, [_p]),
    "ssvc_diag_session_answer_value": (_s, [_p, _size]),
    "ssvc_diag_session_answer": (_i, [_p, _s]),
    "ssvc_diag_session_back": (_i, [_p]),
    "ssvc_diag_session_transcript": (_size, [_p, ctypes.c_char_p, _size]),
    "ssvc_diag_session_outcome_kind": (_i, [_p]),
    "ssvc_diag_session_outcome_action": (_i, [_p]),
    "ssvc_diag_session_outcome_advice": (_s, [_p, _i]),
    "ssvc_diag_kind_key": (_s, [_i]),
    "ssvc_diag_action_key": (_s, [_i]),
    "ssvc_diag_reminder_key": (_s, [_u]),
    "ssvc_diag_tree_fingerprint": (_s, [_p]),
    # storage and cases
    "ssvc_store_memory_new": (_i, [_p, _pp]),
    "ssvc_store_free": (None, [_p]),
    "ssvc_case_spec_init": (_i, [ctypes.POINTER(CaseSpec), _u]),
    "ssvc_case_create": (_i, [_p, ctypes.c_char_p, ctypes.POINTER(CaseSpec)]),
    "ssvc_case_load": (_i, [_p, _pp, _s]),
    "ssvc_case_free": (None, [_p]),
    "ssvc_case_info_get": (_i, [_p, ctypes.POINTER(CaseInfo)]),
    "ssvc_case_state_name": (_s, [_i]),
    "ssvc_case_state_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_case_outcome_name": (_s, [_i]),
    "ssvc_case_outcome_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_case_transition": (_i, [_p, _s, _i, _s, _s]),
    "ssvc_case_set_diagnosis": (_i, [_p, _s, _i, _s, _s]),
    "ssvc_case_diagnose": (_i, [_p, _p, _p, _s, _p, _s, _s, _u]),
    "ssvc_case_apply_outcome": (_i, [_p, _p, _p, _s, _p, _s]),
    "ssvc_case_list_customer": (_i, [_p, _s, _i64, _i64, CASE_LIST_FN, _p]),
    "ssvc_case_warranty": (_i, [_p, ctypes.POINTER(_i)]),
    "ssvc_warranty_name": (_s, [_i]),
    "ssvc_case_estimate": (_i, [_p, _s, _i64, _i64, _s, _s]),
    "ssvc_case_estimate_answer": (_i, [_p, _s, _i, _s, _s]),
    "ssvc_case_estimate_get": (_i, [_p, ctypes.POINTER(CaseEstimateInfo)]),
    "ssvc_estimate_answer_name": (_s, [_i]),
    "ssvc_agreement_spec_init": (_i, [ctypes.POINTER(AgreementSpec), _u]),
    "ssvc_agreement_create": (_i, [_p, ctypes.POINTER(AgreementSpec), _s]),
    "ssvc_swap_receive": (_i, [_p, _s, _s, _s, _s, _s]),
    "ssvc_swap_unit_get": (_i, [_p, _p, _s, _s]),
    "ssvc_swap_reserve": (_i, [_p, _p, _s, _s, _s]),
    "ssvc_swap_ship": (_i, [_p, _p, _s, _s, _s, _s]),
    "ssvc_swap_faulty_returned": (_i, [_p, _s, _s]),
    "ssvc_swap_repaired": (_i, [_p, _s, _s]),
    "ssvc_swap_loan_returned": (_i, [_p, _s, _s]),
    "ssvc_swap_cancel": (_i, [_p, _s, _s]),
    "ssvc_swap_order_get": (_i, [_p, _p, _s]),
    "ssvc_unit_state_name": (_s, [_i]),
    "ssvc_replacement_name": (_s, [_i]),
    "ssvc_replacement_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_xml_dup_policy_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_report_format_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_repaired_to_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_order_state_name": (_s, [_i]),
    # invoices, XML, reports
    "ssvc_pricelist_new": (_i, [_p, _pp, _p]),
    "ssvc_pricelist_free": (None, [_p]),
    "ssvc_invoice_run_spec_init": (_i, [ctypes.POINTER(InvoiceRunSpec), _u]),
    "ssvc_invoice_run": (_i, [_p, _pp, _pp, ctypes.POINTER(InvoiceRunSpec)]),
    "ssvc_charges_record": (_i, [_p, ctypes.POINTER(_u32), _s, ctypes.POINTER(Charge), _s]),
    "ssvc_charges_list": (_i, [_p, _s, CHARGES_LIST_FN, _p]),
    "ssvc_charge_kind_key": (_s, [_i]),
    "ssvc_invoice_free": (None, [_p]),
    "ssvc_invoice_number": (_s, [_p]),
    "ssvc_invoice_get_totals": (_i, [_p, ctypes.POINTER(InvoiceTotals)]),
    "ssvc_invoice_ubl": (_i, [_p, ctypes.c_char_p, _size, ctypes.POINTER(_size)]),
    "ssvc_invoice_text": (_size, [_p, _i, ctypes.c_char_p, _size]),
    "ssvc_xml_import_options_init": (_i, [ctypes.POINTER(XmlImportOptions), _u]),
    "ssvc_xml_import_file": (_i, [_p, ctypes.POINTER(XmlImportResult), _s,
                                  ctypes.POINTER(XmlImportOptions)]),
    "ssvc_report_options_init": (_i, [ctypes.POINTER(ReportOptions), _u]),
    "ssvc_report_new": (_i, [_p, _pp, ctypes.POINTER(ReportOptions)]),
    "ssvc_report_free": (None, [_p]),
    "ssvc_report_case_count": (_size, [_p]),
    "ssvc_report_write_file": (_i, [_p, _i, _s]),
    # ---- h22pyA: context, common ----
    "ssvc_ctx_errtext": (_s, [_p]),
    "ssvc_ctx_errremedy": (_s, [_p]),
    "ssvc_ctx_clear_error": (None, [_p]),
    "ssvc_ctx_now": (_i64, [_p]),
    "ssvc_log_level_name": (_s, [_i]),
    "ssvc_log_level_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_lang_name": (_s, [_i]),
    "ssvc_lang_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_money_format": (_size, [ctypes.c_char_p, _size, _i64, _s]),
    "ssvc_luhn_check_digit": (_i, [_s, _size]),
    "ssvc_luhn_valid": (_i, [_s, _size]),
    "ssvc_imei_valid": (_i, [_s]),
    "ssvc_imei_complete": (_i, [ctypes.c_char_p, _s]),
    "ssvc_feature_from_key": (_i, [_p, ctypes.POINTER(_u), _s]),
    "ssvc_tier_has": (_i, [_p, _u]),
    # ---- h22pyA: cases ----
    "ssvc_case_outcome_from_diag": (_i, [_i]),
    "ssvc_diag_kind_from_outcome": (_i, [_i]),
    "ssvc_case_event_kind_name": (_s, [_i]),
    "ssvc_case_event_kind_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_shipment_kind_name": (_s, [_i]),
    "ssvc_shipment_kind_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_shipment_init": (_i, [ctypes.POINTER(Shipment), _u]),
    "ssvc_case_charge_init": (_i, [ctypes.POINTER(CaseCharge), _u]),
    "ssvc_case_event_at": (_i, [_p, _size, ctypes.POINTER(CaseEvent)]),
    "ssvc_case_shipment_at": (_i, [_p, _size, ctypes.POINTER(Shipment)]),
    "ssvc_case_charge_at": (_i, [_p, _size, ctypes.POINTER(CaseCharge)]),
    "ssvc_case_add_note": (_i, [_p, _s, _s, _s]),
    "ssvc_case_add_shipment": (_i, [_p, _s, _s, ctypes.POINTER(Shipment)]),
    "ssvc_case_add_charge": (_i, [_p, _s, _s, ctypes.POINTER(CaseCharge)]),
    "ssvc_case_erase_user": (_i, [_p, ctypes.POINTER(_size), _s, _s, _s]),
    "ssvc_case_list_all": (_i, [_p, CASE_LIST_FN, _p]),
    "ssvc_case_list_state": (_i, [_p, _i, CASE_LIST_FN, _p]),
    "ssvc_case_list_open": (_i, [_p, CASE_LIST_FN, _p]),
    "ssvc_case_stats_get": (_i, [_p, _s, ctypes.POINTER(CaseStats)]),
    "ssvc_warranty_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_estimate_answer_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_case_diag_result_init": (_i, [_p, _u]),
    # ---- h22pyA: agreements ----
    "ssvc_agreement_load": (_i, [_p, _pp, _s]),
    "ssvc_agreement_free": (None, [_p]),
    "ssvc_agreement_spec_get": (_i, [_p, ctypes.POINTER(AgreementSpec)]),
    "ssvc_agreement_stored_version": (ctypes.c_uint64, [_p]),
    "ssvc_agreement_features": (_u, [_p]),
    "ssvc_agreement_swap_level": (_u32, [_p]),
    "ssvc_agreement_shipment_cost": (_i64, [_p]),
    "ssvc_agreement_replacement_value": (_i64, [_p, _s]),
    "ssvc_agreement_created_at": (_i64, [_p]),
    "ssvc_agreement_updated_at": (_i64, [_p]),
    "ssvc_agreement_event_kind_name": (_s, [_i]),
    "ssvc_agreement_event_kind_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_agreement_event_count": (_size, [_p]),
    "ssvc_agreement_event_at": (_i, [_p, _size, ctypes.POINTER(AgreementEvent)]),
    "ssvc_agreement_update": (_i, [_p, ctypes.POINTER(AgreementSpec), ctypes.c_uint64, _s]),
    "ssvc_agreement_update_from": (_i, [_p, ctypes.POINTER(AgreementSpec), ctypes.c_uint64, _s,
                                        _i64]),
    "ssvc_agreement_list": (_i, [_p, AGREEMENT_LIST_FN, _p]),
    "ssvc_agreement_calendar": (_i, [_p, _p, _pp]),
    "ssvc_roster_policy_name": (_s, [_i]),
    "ssvc_roster_policy_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_repaired_to_name": (_s, [_i]),
    # ---- h22pyA: erasure, Support Center ----
    "ssvc_erase_key_init": (_i, [ctypes.POINTER(EraseKey), _u]),
    "ssvc_erase_user": (_i, [_p, ctypes.POINTER(EraseResult), _s, ctypes.POINTER(EraseKey), _s]),
    "ssvc_erase_expired": (_i, [_p, ctypes.POINTER(EraseResult), _s, _i64, _s]),
    "ssvc_center_set": (_i, [_p, ctypes.POINTER(Party), _s]),
    "ssvc_center_load": (_i, [_p, _pp]),
    "ssvc_center_party": (_i, [_p, ctypes.POINTER(Party)]),
    "ssvc_center_set_by": (_s, [_p]),
    "ssvc_center_set_at": (_i64, [_p]),
    "ssvc_center_free": (None, [_p]),
    # ---- h22pyA: notes and documents ----
    "ssvc_doc_kind_name": (_s, [_i]),
    "ssvc_doc_kind_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_note_options_init": (_i, [ctypes.POINTER(NoteOptions), _u]),
    "ssvc_note_init": (_i, [_p, _u]),
    "ssvc_note_get": (_i, [_p, _p, _s, ctypes.POINTER(NoteOptions)]),
    "ssvc_note_html": (_i, [_p, _p, _i, _i, WRITE_FN, _p]),
    "ssvc_note_html_file": (_i, [_p, _p, _i, _i, _s]),
    "ssvc_note_word_text": (_s, [_i, _i]),
    "ssvc_note_outcome_text": (_s, [_i, _i]),
    "ssvc_code128": (_size, [_s, ctypes.POINTER(ctypes.c_ubyte), _size]),
    # ---- h22pyA: calendar ----
    "ssvc_date_is_valid": (_i, [ctypes.POINTER(Date)]),
    "ssvc_uint_parse": (_i, [_p, ctypes.POINTER(ctypes.c_uint64), _s, ctypes.c_uint64]),
    "ssvc_date_format": (_size, [ctypes.c_char_p, _size, ctypes.POINTER(Date)]),
    "ssvc_date_weekday": (_i, [ctypes.POINTER(Date)]),
    "ssvc_date_to_days": (_i64, [ctypes.POINTER(Date)]),
    "ssvc_date_from_days": (_i, [ctypes.POINTER(Date), _i64]),
    "ssvc_stockholm_offset": (_i, [_i64]),
    "ssvc_stockholm_from_instant": (_i, [_p, ctypes.POINTER(LocalTime), _i64]),
    "ssvc_stockholm_to_instant": (_i, [_p, ctypes.POINTER(_i64), ctypes.POINTER(Date), _i, _i,
                                       _i]),
    "ssvc_instant_format": (_size, [ctypes.c_char_p, _size, _i64]),
    "ssvc_holiday_is_eve": (_i, [_i]),
    "ssvc_calendar_cutoff": (_i, [_p]),
    "ssvc_calendar_return_days": (_i, [_p]),
    "ssvc_calendar_previous_working_day": (_i, [_p, _p, ctypes.POINTER(Date),
                                                ctypes.POINTER(Date)]),
    "ssvc_calendar_delivery_batch": (_i, [_p, _p, ctypes.POINTER(Date), ctypes.POINTER(_i64),
                                          _size]),
    "ssvc_calendar_counts_on_cutoff": (_i, [_p, _p, ctypes.POINTER(Date), _i64, _i]),
    "ssvc_calendar_delivery_shipped": (_i, [_p, _p, ctypes.POINTER(Date), _i64, _i64]),
    "ssvc_calendar_delivery_cutoff": (_i, [_p, _p, ctypes.POINTER(Date), _i64, _i]),
    "ssvc_holiday_list_is_working": (_i, [_p, _size]),
    # ---- h22pyA: diagnosis ----
    "ssvc_diag_reminder_text": (_s, [_u, _i]),
    "ssvc_diag_kind_from_key": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_diag_action_from_key": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_diag_load_options_init": (_i, [ctypes.POINTER(DiagLoadOptions), _u]),
    "ssvc_diag_tree_load_memory": (_i, [_p, _pp, _s, _size, ctypes.POINTER(DiagLoadOptions)]),
    "ssvc_diag_tree_load_file": (_i, [_p, _pp, _s, ctypes.POINTER(DiagLoadOptions)]),
    "ssvc_diag_default_xml": (_s, []),
    "ssvc_diag_tree_symptom_label": (_s, [_p, _size, _i]),
    "ssvc_diag_tree_question_count": (_size, [_p]),
    "ssvc_diag_tree_check_count": (_size, [_p]),
    "ssvc_diag_tree_outcome_count": (_size, [_p]),
    "ssvc_diag_tree_text": (_s, [_p, _s, _i]),
    "ssvc_diag_tree_foreach_text": (_size, [_p, TEXT_FN, _p]),
    "ssvc_diag_stats_new": (_i, [_p, _pp, _p]),
    "ssvc_diag_stats_free": (None, [_p]),
    "ssvc_diag_stats_record": (_i, [_p, _s, _i]),
    "ssvc_diag_stats_record_session": (_i, [_p, _p]),
    "ssvc_diag_stats_get": (_i, [_p, _s, ctypes.POINTER(_u32), ctypes.POINTER(_u32)]),
    "ssvc_diag_check_probability_ppm": (ctypes.c_long, [_p, _p, _s]),
    "ssvc_diag_stats_export": (_size, [_p, ctypes.c_char_p, _size]),
    "ssvc_diag_stats_import": (_i, [_p, _s]),
    "ssvc_diag_session_symptom": (_s, [_p]),
    "ssvc_diag_session_question_is_check": (_i, [_p]),
    "ssvc_diag_session_answer_label": (_s, [_p, _size, _i]),
    "ssvc_diag_session_step_count": (_size, [_p]),
    "ssvc_diag_session_step_question": (_s, [_p, _size]),
    "ssvc_diag_session_step_answer": (_s, [_p, _size]),
    "ssvc_diag_session_outcome_id": (_s, [_p]),
    "ssvc_diag_session_outcome_reminders": (_u, [_p]),
    "ssvc_diag_session_missing_feature": (_u, [_p]),
}

class CaseGuidance(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("at", ctypes.c_int64), ("actor", ctypes.c_char_p),
                ("topic", ctypes.c_char_p), ("feature", ctypes.c_uint), ("result", ctypes.c_int),
                ("transcript", ctypes.c_char_p), ("diagnose", ctypes.c_char_p)]


FUNCTIONS.update({
    "ssvc_guide_result_key": (_s, [_i]),
    "ssvc_diag_tree_kind": (_i, [_p]),
    "ssvc_diag_tree_symptom_feature": (_u, [_p, _size]),
    "ssvc_guide_tree_load_default": (_i, [_p, _pp]),
    "ssvc_guide_default_xml": (_s, []),
    "ssvc_guide_session_result": (_i, [_p]),
    "ssvc_guide_session_diagnose": (_s, [_p]),
    "ssvc_case_guidance_count": (_size, [_p]),
    "ssvc_case_guidance_at": (_i, [_p, _size, ctypes.POINTER(CaseGuidance)]),
    "ssvc_case_guide": (_i, [_p, ctypes.POINTER(CaseGuidance), _s, _p, _s, _s]),
})

# The other areas' declarations (_native_ops.py), one table in the end.
from . import _native_ops  # noqa: E402

for _name, _value in vars(_native_ops).items():  # its structures and callback types, here too
    if not _name.startswith("_") and _name not in ("FUNCTIONS", "ctypes"):
        globals()[_name] = _value
_twice = set(FUNCTIONS) & set(_native_ops.FUNCTIONS)
if _twice:
    raise ImportError("smartservice: declared twice: " + ", ".join(sorted(_twice)))
FUNCTIONS.update(_native_ops.FUNCTIONS)

# Functions of libsmartservice-sqlite, the embedded storage default.
SQLITE_FUNCTIONS = {
    "ssvc_sqlite_open": (_i, [_p, _pp, _s, ctypes.POINTER(_native_ops.SqliteOptions)]),
}

# Functions of libsmartservice-docs, the PDF documents (built when cairo is found).
DOCS_FUNCTIONS = {
    "ssvc_docs_pdf": (_i, [_p, _p, _i, _i, WRITE_FN, _p]),
    "ssvc_docs_pdf_file": (_i, [_p, _p, _i, _i, _s]),
}


def _load():
    errors = []
    for path in _loader.candidates(_SONAME):
        if os.sep in path and not os.path.exists(path):
            errors.append("%s: no such file" % path)
            continue
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            errors.append("%s: %s" % (path, e))
    else:
        raise ImportError("smartservice: cannot load libsmartservice (set %s to its path): %s"
                          % (LIBRARY_ENV, "; ".join(errors)))
    lib.ssvc_version_number.restype = ctypes.c_int
    lib.ssvc_version_number.argtypes = []
    number = lib.ssvc_version_number()
    if number // 10000 != SUPPORTED_MAJOR:
        raise ImportError("smartservice: the binding supports libsmartservice %d.x, but %s is "
                          "version %d.%d.%d" % (SUPPORTED_MAJOR, lib._name, number // 10000,
                                                number // 100 % 100, number % 100))
    for name, (restype, argtypes) in FUNCTIONS.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


def _load_beside(main, env, subdir, soname, functions):
    """An optional library: $env, or beside the main library (or in its build subdirectory)."""
    candidates = []
    if os.environ.get(env):
        candidates.append(os.environ[env])
    else:
        main_path = pathlib.Path(main._name)
        if os.sep in main._name:
            main_path = main_path.resolve()
            candidates.append(str(main_path.parent / subdir / soname))
            candidates.append(str(main_path.parent / soname))
        candidates.append(soname)
    for path in candidates:
        try:
            so = ctypes.CDLL(path)
        except OSError:
            continue
        for name, (restype, argtypes) in functions.items():
            fn = getattr(so, name)
            fn.restype = restype
            fn.argtypes = argtypes
        return so
    return None


def _load_sqlite(main):
    """libsmartservice-sqlite: $SMARTSERVICE_SQLITE_LIBRARY, or beside the main library."""
    return _load_beside(main, "SMARTSERVICE_SQLITE_LIBRARY", "sqlite",
                        "libsmartservice-sqlite.so.1", SQLITE_FUNCTIONS)


def _load_docs(main):
    """libsmartservice-docs: $SMARTSERVICE_DOCS_LIBRARY, or beside the main library."""
    return _load_beside(main, "SMARTSERVICE_DOCS_LIBRARY", "docs", "libsmartservice-docs.so.1",
                        DOCS_FUNCTIONS)


lib = _load()
sqlite = _load_sqlite(lib)  # None when libsmartservice-sqlite is not installed
docs = _load_docs(lib)  # None when libsmartservice-docs is not installed
