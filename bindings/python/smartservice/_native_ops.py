"""Declarations of the C functions and structures of the SWAP pool, invoices, charges, prices,
roster, backup phones, change feed, XML interchange, reports and storage (the areas beyond cases,
agreements, diagnosis and the calendar, which are in _native.py).

_native.py merges FUNCTIONS below into its own table before loading; tests/test_declarations.py
checks both against the headers (this file's structures and callback types are registered in
tests/_decl_ops.py). SQLITE_OPS_FUNCTIONS and PG_FUNCTIONS belong to libsmartservice-sqlite and
libsmartservice-pg, declared when smartservice.storage loads them.
"""
import ctypes

from . import _native, constants as C
from ._native import Charge, Date as _Date, InvoiceTotals, Party, XmlImportOptions, XmlImportResult

_p = ctypes.c_void_p  # an opaque handle, or a structure passed by address
_pp = ctypes.POINTER(ctypes.c_void_p)  # where a handle is written
_s = ctypes.c_char_p
_i = ctypes.c_int
_u = ctypes.c_uint
_u32 = ctypes.c_uint32
_i64 = ctypes.c_int64
_u64 = ctypes.c_uint64
_size = ctypes.c_size_t
_pi = ctypes.POINTER(ctypes.c_int)
_pu32 = ctypes.POINTER(ctypes.c_uint32)
_pu64 = ctypes.POINTER(ctypes.c_uint64)
_psize = ctypes.POINTER(ctypes.c_size_t)


class RefillLine(ctypes.Structure):
    _fields_ = [("version", _u), ("model", _s), ("available", _u32), ("target", _u32),
                ("backorders", _u32), ("recommended", _u32)]


class Price(ctypes.Structure):
    _fields_ = [("version", _u), ("customer_id", _s), ("kind", _i), ("tier", _s),
                ("from", _Date), ("amount_minor", _i64)]


class UserCount(ctypes.Structure):
    _fields_ = [("from", _Date), ("users", _u32)]


class FeeTerms(ctypes.Structure):
    _fields_ = [("from", _Date), ("tier", _s), ("user_price_minor", _i64),
                ("tier_price_minor", _i64)]


class MonthInput(ctypes.Structure):
    _fields_ = [("version", _u), ("agreement", _s), ("tier", _s), ("year", _i), ("month", _i),
                ("users", ctypes.POINTER(UserCount)), ("user_changes", _size),
                ("shipments", _u32), ("charges", ctypes.POINTER(Charge)), ("charge_count", _size),
                ("vat_basis_points", _u32), ("terms", ctypes.POINTER(FeeTerms)),
                ("term_count", _size)]


class InvoiceInfo(ctypes.Structure):
    _fields_ = [("version", _u), ("number", _s), ("issue_date", _Date), ("due_date", _Date),
                ("period_start", _Date), ("period_end", _Date), ("buyer_reference", _s),
                ("currency", _s), ("seller", ctypes.POINTER(Party)),
                ("buyer", ctypes.POINTER(Party)), ("direct", _i),
                ("order_reference", _s)]


class InvoiceLine(ctypes.Structure):
    _fields_ = [("version", _u), ("kind", _i), ("text_sv", _s), ("text_en", _s),
                ("quantity", _i64), ("base_quantity", _i64), ("unit_code", _s),
                ("unit_price_minor", _i64), ("vat_basis_points", _u32), ("net_minor", _i64),
                ("vat_minor", _i64)]


class CreditSpec(ctypes.Structure):
    _fields_ = [("version", _u), ("invoice_number", _s), ("lines", _psize),
                ("line_count", _size), ("reason", _s)]


class ReportTargets(ctypes.Structure):
    _fields_ = [("version", _u), ("on_time_bp", ctypes.c_int32),
                ("solved_on_phone_bp", ctypes.c_int32), ("unreturned_max", ctypes.c_int32)]


class ReportMonth(ctypes.Structure):
    _fields_ = [("year", _i), ("month", _i), ("cases", _u32), ("solved_on_phone", _u32),
                ("deliveries", _u32), ("on_time", _u32), ("unreturned", _u32)]


class ReportFigures(ctypes.Structure):
    """struct ssvc_report_figures (passed by address: it holds a char array)."""
    _fields_ = [("version", _u), ("customer_name", ctypes.c_char * 257), ("from", _Date),
                ("to", _Date), ("made", _Date), ("period", ReportMonth), ("closed", _u32),
                ("median_close_seconds", _i64), ("unreturned_value_minor", _i64),
                ("unreturned_oldest_days", _u32), ("overdue", _u32),
                ("overdue_value_minor", _i64), ("swap_status", _i), ("swap_available", _u32),
                ("swap_level", _u32), ("swap_to_buy", _u32), ("backorders", _u32),
                ("trend", ReportMonth * C.REPORT_TREND_MONTHS), ("targets", ReportTargets),
                # version 2
                ("howto_calls", _u32 * C.REPORT_HOWTO_AREAS),
                ("howto_solved", _u32 * C.REPORT_HOWTO_AREAS)]


class RosterEntry(ctypes.Structure):
    _fields_ = [("version", _u), ("imei", _s), ("user_name", _s), ("phone", _s), ("email", _s),
                ("model", _s), ("purchased", _Date), ("warranty_until", _Date)]


class RosterImportResult(ctypes.Structure):
    _fields_ = [("version", _u), ("rows", _u32), ("added", _u32), ("updated", _u32),
                ("unchanged", _u32), ("removed", _u32)]


class ModelAdvice(ctypes.Structure):
    _fields_ = [("version", _u), ("stock_models", _u32), ("fleet_models", _u32),
                ("fleet_phones", _u32), ("model_min_users", _u32), ("models_max", _u32),
                ("few_user_models", _u32), ("stock_only_models", _u32), ("from_roster", _i),
                ("consolidate", _i)]


class BackupPhone(ctypes.Structure):
    """struct ssvc_backup_phone (passed by address: it holds char arrays)."""
    _fields_ = [("version", _u), ("customer_id", ctypes.c_char * (C.AGREEMENT_ID_MAX + 1)),
                ("imei", ctypes.c_char * 16), ("model", ctypes.c_char * (C.MODEL_MAX + 1)),
                ("terms", _i), ("state", _i), ("user", ctypes.c_char * C.BACKUP_USER_SIZE),
                ("price_minor", _i64), ("received_at", _i64), ("removed_at", _i64),
                ("updated_at", _i64)]


class Change(ctypes.Structure):
    _fields_ = [("version", _u), ("position", _u64), ("kind", _i), ("op", _i),
                ("instant", _i64), ("id", _s)]


class XmlExportOptions(ctypes.Structure):
    _fields_ = [("version", _u), ("customer_id", _s), ("from", _Date), ("to", _Date),
                ("progress", _p), ("progress_data", _p)]


class SqliteOptions(ctypes.Structure):
    _fields_ = [("version", _u), ("busy_timeout_ms", _i), ("sync", _i), ("must_exist", _i),
                ("read_only", _i)]


class PgOptions(ctypes.Structure):
    _fields_ = [("version", _u), ("lock_timeout_ms", _i), ("statement_timeout_ms", _i),
                ("schema", _s)]


# Callbacks. Structures holding char arrays come as void pointers (read with from_address).
UNIT_FN = ctypes.CFUNCTYPE(_i, _p, _p)
ORDER_FN = ctypes.CFUNCTYPE(_i, _p, _p)
REFILL_FN = ctypes.CFUNCTYPE(_i, _p, ctypes.POINTER(RefillLine))
PRICE_LIST_FN = ctypes.CFUNCTYPE(_i, _p, ctypes.POINTER(Price))
INVOICE_LIST_FN = ctypes.CFUNCTYPE(_i, _p, _s, _i, _i, _i)
CREDIT_NOTE_LIST_FN = ctypes.CFUNCTYPE(_i, _p, _s, _s)
ROSTER_FN = ctypes.CFUNCTYPE(_i, _p, ctypes.POINTER(RosterEntry))
MODEL_LINE_FN = ctypes.CFUNCTYPE(_i, _p, _s, _u32, _u32, _i)
BACKUP_PHONE_FN = ctypes.CFUNCTYPE(_i, _p, _p)
CHANGE_FN = ctypes.CFUNCTYPE(_i, _p, ctypes.POINTER(Change))
PROBLEM_FN = ctypes.CFUNCTYPE(None, _p, _s)
# int (*ssvc_write_fn)(void *user_data, const char *data, size_t len): _native.py's when it
# declares one (the notes' HTML), so that both halves pass the same type.
_WRITE_FN_OWN = not hasattr(_native, "WRITE_FN")
WRITE_FN = (ctypes.CFUNCTYPE(_i, _p, ctypes.POINTER(ctypes.c_char), _size) if _WRITE_FN_OWN
            else _native.WRITE_FN)

# name: (restype, argtypes)
class RepairSpec(ctypes.Structure):
    _fields_ = [("version", _u), ("case_id", _s), ("provider", _s), ("estimate_minor", _i64),
                ("note", _s), ("actor", _s)]


class RepairOrder(ctypes.Structure):
    """struct ssvc_repair_order (passed by address: it holds char arrays)."""
    _fields_ = [("version", _u), ("case_id", ctypes.c_char * C.CASE_ID_SIZE),
                ("customer_id", ctypes.c_char * (C.AGREEMENT_ID_MAX + 1)),
                ("imei", ctypes.c_char * 16), ("model", ctypes.c_char * (C.MODEL_MAX + 1)),
                ("provider", ctypes.c_char * (C.PROVIDER_MAX + 1)), ("state", _i),
                ("moved_case", _i), ("estimate_minor", _i64), ("cost_minor", _i64),
                ("sent_at", _i64), ("done_at", _i64), ("turnaround_days", _i),
                ("note", ctypes.c_char * 1025), ("updated_at", _i64)]


class WorkshopFigures(ctypes.Structure):
    """struct ssvc_workshop_figures (passed by address: it holds a char array)."""
    _fields_ = [("version", _u), ("key", ctypes.c_char * (C.PROVIDER_MAX + 1)), ("done", _u32),
                ("repaired", _u32), ("scrapped", _u32), ("at_provider", _u32),
                ("turnaround_days", _i64), ("turnaround_tenths", ctypes.c_int32),
                ("cost_minor", _i64)]


REPAIR_ORDER_FN = ctypes.CFUNCTYPE(_i, _p, _p)


class StockLine(ctypes.Structure):
    _fields_ = [("version", _u), ("kind", _i), ("imei", ctypes.c_char * C.IMEI_SIZE),
                ("model", ctypes.c_char * C.NAME_SIZE), ("disposal", _i), ("target", _u32)]


class StockOrder(ctypes.Structure):
    _fields_ = [("version", _u), ("customer_id", ctypes.c_char * C.NAME_SIZE),
                ("number", _u32), ("state", _i), ("price_minor", _i64), ("adds", _u32),
                ("removes", _u32), ("targets", _u32), ("created_at", _i64),
                ("decided_at", _i64), ("charge_index", _u32)]


STOCK_LINE_FN = ctypes.CFUNCTYPE(_i, _p, ctypes.POINTER(StockLine))
STOCK_ORDER_FN = ctypes.CFUNCTYPE(_i, _p, ctypes.POINTER(StockOrder))

FUNCTIONS = {
    "ssvc_repair_state_name": (_s, [_i]),
    "ssvc_repair_state_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_repair_order_init": (_i, [_p, _u]),
    "ssvc_repair_order_send": (_i, [_p, ctypes.POINTER(RepairSpec)]),
    "ssvc_repair_order_estimate": (_i, [_p, _s, _i64, _s]),
    "ssvc_repair_order_done": (_i, [_p, _s, _i, _i64, _s]),
    "ssvc_repair_order_get": (_i, [_p, _p, _s]),
    "ssvc_repair_order_list": (_i, [_p, _s, REPAIR_ORDER_FN, _p]),
    "ssvc_workshop_figures_init": (_i, [_p, _u]),
    "ssvc_report_workshop_count": (_size, [_p, _i]),
    "ssvc_report_workshop_at": (_i, [_p, _i, _size, _p]),
    "ssvc_stock_line_kind_name": (_s, [_i]),
    "ssvc_stock_disposal_name": (_s, [_i]),
    "ssvc_stock_disposal_from_name": (_i, [_p, ctypes.POINTER(_i), _s]),
    "ssvc_stock_line_init": (_i, [ctypes.POINTER(StockLine), _u]),
    "ssvc_stock_order_init": (_i, [ctypes.POINTER(StockOrder), _u]),
    "ssvc_stock_order_new": (_i, [_p, ctypes.POINTER(_u32), _s, ctypes.POINTER(StockLine), _size,
                                  _i64, _s]),
    "ssvc_stock_order_decide": (_i, [_p, _s, _u32, _i, _s]),
    "ssvc_stock_order_get": (_i, [_p, ctypes.POINTER(StockOrder), _s, _u32, STOCK_LINE_FN, _p]),
    "ssvc_stock_order_list": (_i, [_p, _s, STOCK_ORDER_FN, _p]),
    # the SWAP pool (swap.h; receive/get/reserve/... are in _native.py)
    "ssvc_unit_state_from_name": (_i, [_p, _pi, _s]),
    "ssvc_unit_init": (_i, [_p, _u]),
    "ssvc_order_state_from_name": (_i, [_p, _pi, _s]),
    "ssvc_order_init": (_i, [_p, _u]),
    "ssvc_swap_unit_list": (_i, [_p, _s, UNIT_FN, _p]),
    "ssvc_swap_retire": (_i, [_p, _s, _s, _s, _s]),
    "ssvc_swap_order_list": (_i, [_p, _s, _i, ORDER_FN, _p]),
    "ssvc_swap_advise": (_i, [_p, _s, _pu32, REFILL_FN, _p]),
    "ssvc_refill_state_name": (_s, [_i]),
    "ssvc_refill_state_from_name": (_i, [_p, _pi, _s]),
    "ssvc_swap_refill_request": (_i, [_p, _pu32, _pu32, _s, _s]),
    "ssvc_swap_refill_decide": (_i, [_p, _s, _u32, _i, ctypes.POINTER(_s), ctypes.POINTER(_s),
                                     _size, _s]),
    "ssvc_swap_refill_get": (_i, [_p, _pi, _pu32, _pu32, _s, _u32, REFILL_FN, _p]),
    "ssvc_swap_overdue": (_i, [_p, _s, _s, _psize, ORDER_FN, _p]),
    "ssvc_swap_erase_user": (_i, [_p, _psize, _s, _s, _s]),
    # charges and money (charges.h, money.h)
    "ssvc_charge_init": (_i, [ctypes.POINTER(Charge), _u]),
    "ssvc_month_input_init": (_i, [ctypes.POINTER(MonthInput), _u]),
    "ssvc_charges_fee": (_i, [_p, ctypes.POINTER(_i64), ctypes.POINTER(MonthInput)]),
    "ssvc_charges_month": (_i, [_p, _p, _p, ctypes.POINTER(MonthInput)]),
    "ssvc_charge_kind_name": (_s, [_i, _i]),
    "ssvc_charge_kind_is_direct": (_i, [_i]),
    "ssvc_charge_kind_from_key": (_i, [_p, _pi, _s]),
    # prices and price lists (prices.h, pricelist.h)
    "ssvc_price_set": (_i, [_p, ctypes.POINTER(Price), _s]),
    "ssvc_price_remove": (_i, [_p, ctypes.POINTER(Price)]),
    "ssvc_price_list": (_i, [_p, _s, PRICE_LIST_FN, _p]),
    "ssvc_pricelist_load": (_i, [_p, _pp, _p, _s]),
    "ssvc_pricelist_add_price": (_i, [_p, _s, _Date, _i64]),
    "ssvc_pricelist_add_override": (_i, [_p, _s, _s, _Date, _i64]),
    "ssvc_pricelist_add_shipment": (_i, [_p, _s, _i, _Date, _i64]),
    "ssvc_pricelist_lookup": (_i, [_p, ctypes.POINTER(_i64), _s, _s, _Date]),
    "ssvc_pricelist_shipment": (_i, [_p, ctypes.POINTER(_i64), _s, _i, _Date]),
    # invoices (invoice.h, invoice_run.h)
    "ssvc_party_init": (_i, [ctypes.POINTER(Party), _u]),
    "ssvc_party_check": (_i, [_p, ctypes.POINTER(Party)]),
    "ssvc_ocr_reference": (_size, [ctypes.c_char_p, _size, _s]),
    "ssvc_ocr_valid": (_i, [_s]),
    "ssvc_invoice_info_init": (_i, [ctypes.POINTER(InvoiceInfo), _u]),
    "ssvc_invoice_line_init": (_i, [ctypes.POINTER(InvoiceLine), _u]),
    "ssvc_invoice_totals_init": (_i, [ctypes.POINTER(InvoiceTotals), _u]),
    "ssvc_invoice_new": (_i, [_p, _pp, ctypes.POINTER(InvoiceInfo)]),
    "ssvc_invoice_add_line": (_i, [_p, ctypes.POINTER(InvoiceLine)]),
    "ssvc_invoice_line_count": (_size, [_p]),
    "ssvc_invoice_line_get": (_i, [_p, _size, ctypes.POINTER(InvoiceLine)]),
    "ssvc_invoice_is_direct": (_i, [_p]),
    "ssvc_invoice_is_credit_note": (_i, [_p]),
    "ssvc_invoice_credited": (_s, [_p]),
    "ssvc_invoice_ubl_file": (_i, [_p, _s]),
    "ssvc_invoice_load": (_i, [_p, _pp, _s]),
    "ssvc_invoice_list": (_i, [_p, _s, INVOICE_LIST_FN, _p]),
    "ssvc_credit_spec_init": (_i, [ctypes.POINTER(CreditSpec), _u]),
    "ssvc_credit_note_issue": (_i, [_p, _pp, ctypes.POINTER(CreditSpec)]),
    "ssvc_credit_note_list": (_i, [_p, _s, CREDIT_NOTE_LIST_FN, _p]),
    # reports (report.h)
    "ssvc_report_format_name": (_s, [_i]),
    "ssvc_report_targets_set": (_i, [_p, _s, ctypes.POINTER(ReportTargets), _s]),
    "ssvc_report_targets_get": (_i, [_p, _s, ctypes.POINTER(ReportTargets)]),
    "ssvc_report_figures_init": (_i, [_p, _u]),
    "ssvc_report_figures_get": (_i, [_p, _p]),
    "ssvc_report_write": (_i, [_p, _i, WRITE_FN, _p]),
    # roster (roster.h)
    "ssvc_roster_add": (_i, [_p, _s, ctypes.POINTER(RosterEntry), _s]),
    "ssvc_roster_update": (_i, [_p, _s, ctypes.POINTER(RosterEntry), _s]),
    "ssvc_roster_remove": (_i, [_p, _s, _s, _s]),
    "ssvc_roster_find": (_i, [_p, _s, _s, ROSTER_FN, _p]),
    "ssvc_roster_list": (_i, [_p, _s, ROSTER_FN, _p]),
    "ssvc_roster_count": (_i, [_p, _s, _pu32]),
    "ssvc_roster_import": (_i, [_p, _s, _s, _size, _s, _u, ctypes.POINTER(RosterImportResult),
                                _s]),
    "ssvc_roster_export": (_i, [_p, _s, WRITE_FN, _p]),
    "ssvc_models_advise": (_i, [_p, _s, ctypes.POINTER(ModelAdvice), MODEL_LINE_FN, _p]),
    "ssvc_model_advice_text": (_i, [ctypes.POINTER(ModelAdvice), _i, ctypes.c_char_p, _size]),
    "ssvc_roster_coverage_name": (_s, [_i]),
    "ssvc_case_roster_coverage": (_i, [_p]),
    # backup phones (backup_phone.h)
    "ssvc_backup_state_name": (_s, [_i]),
    "ssvc_backup_terms_name": (_s, [_i]),
    "ssvc_backup_terms_from_name": (_i, [_p, _pi, _s]),
    "ssvc_backup_phone_init": (_i, [_p, _u]),
    "ssvc_backup_phone_add": (_i, [_p, _s, _s, _s, _i, _i64, _s]),
    "ssvc_backup_phone_hand_out": (_i, [_p, _s, _s, _s, _s]),
    "ssvc_backup_phone_return": (_i, [_p, _s, _s, _s]),
    "ssvc_backup_phone_remove": (_i, [_p, _s, _s, _s]),
    "ssvc_backup_phone_get": (_i, [_p, _p, _s, _s]),
    "ssvc_backup_phone_list": (_i, [_p, _s, BACKUP_PHONE_FN, _p]),
    # the change feed (changes.h)
    "ssvc_changes_read": (_i, [_p, _u64, CHANGE_FN, _p]),
    "ssvc_changes_last": (_i, [_p, _pu64]),
    "ssvc_changes_prune": (_i, [_p, _u64, _pu64]),
    "ssvc_change_kind_name": (_s, [_i]),
    "ssvc_change_op_name": (_s, [_i]),
    # XML interchange (xml.h)
    "ssvc_xml_dup_policy_name": (_s, [_i]),
    "ssvc_xml_import_memory": (_i, [_p, ctypes.POINTER(XmlImportResult), _p, _size, _s,
                                    ctypes.POINTER(XmlImportOptions)]),
    "ssvc_xml_export_options_init": (_i, [ctypes.POINTER(XmlExportOptions), _u]),
    "ssvc_xml_export_file": (_i, [_p, _psize, _s, ctypes.POINTER(XmlExportOptions)]),
    "ssvc_xml_export": (_i, [_p, _psize, WRITE_FN, _p, ctypes.POINTER(XmlExportOptions)]),
    # storage (storage.h)
    "ssvc_store_set_instant": (_i, [_p, _i64]),
    "ssvc_store_begin": (_i, [_p]),
    "ssvc_store_commit": (_i, [_p]),
    "ssvc_store_rollback": (_i, [_p]),
    "ssvc_store_scrub": (_i, [_p]),
    "ssvc_store_check": (_i, [_p, PROBLEM_FN, _p, _psize]),
}

# libsmartservice-sqlite beyond ssvc_sqlite_open (_native.SQLITE_FUNCTIONS).
SQLITE_OPS_FUNCTIONS = {
    "ssvc_sqlite_sync_name": (_s, [_i]),
    "ssvc_sqlite_sync_from_name": (_i, [_p, _pi, _s]),
    "ssvc_sqlite_options_init": (_i, [ctypes.POINTER(SqliteOptions), _u]),
    "ssvc_sqlite_backup": (_i, [_p, _s, _s, ctypes.POINTER(SqliteOptions)]),
}

# libsmartservice-pg (built when libpq is found).
PG_FUNCTIONS = {
    "ssvc_pg_options_init": (_i, [ctypes.POINTER(PgOptions), _u]),
    "ssvc_pg_open": (_i, [_p, _pp, _s, ctypes.POINTER(PgOptions)]),
    "ssvc_pg_is_uri": (_i, [_s]),
}
