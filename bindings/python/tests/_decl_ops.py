"""The structures and callback types of the SWAP pool, money, invoices, reports, roster, backup
phones, change feed, XML interchange and storage (smartservice/_native_ops.py), for
test_declarations.py, which merges these tables into its own."""
from smartservice import _native_ops as n

STRUCTS = {
    "ssvc_refill_line": n.RefillLine, "ssvc_price": n.Price, "ssvc_user_count": n.UserCount,
    "ssvc_fee_terms": n.FeeTerms, "ssvc_month_input": n.MonthInput,
    "ssvc_invoice_info": n.InvoiceInfo, "ssvc_invoice_line": n.InvoiceLine,
    "ssvc_credit_spec": n.CreditSpec, "ssvc_report_targets": n.ReportTargets,
    "ssvc_report_month": n.ReportMonth, "ssvc_roster_entry": n.RosterEntry,
    "ssvc_roster_import_result": n.RosterImportResult, "ssvc_model_advice": n.ModelAdvice,
    "ssvc_change": n.Change, "ssvc_xml_export_options": n.XmlExportOptions,
    "ssvc_sqlite_options": n.SqliteOptions, "ssvc_pg_options": n.PgOptions,
    "ssvc_repair_spec": n.RepairSpec, "ssvc_stock_line": n.StockLine,
    "ssvc_stock_order": n.StockOrder,
}
# Passed by address as void pointers (they hold arrays): ssvc_report_figures (an array of
# structures) and ssvc_backup_phone (arrays sized by expressions) are checked by
# test_storage_layouts in test_native_ops.py instead.
BY_ADDRESS = {}
CALLBACKS = {
    "ssvc_unit_fn": n.UNIT_FN, "ssvc_order_fn": n.ORDER_FN, "ssvc_refill_fn": n.REFILL_FN,
    "ssvc_price_list_fn": n.PRICE_LIST_FN, "ssvc_invoice_list_fn": n.INVOICE_LIST_FN,
    "ssvc_credit_note_list_fn": n.CREDIT_NOTE_LIST_FN, "ssvc_roster_fn": n.ROSTER_FN,
    "ssvc_model_line_fn": n.MODEL_LINE_FN, "ssvc_backup_phone_fn": n.BACKUP_PHONE_FN,
    "ssvc_change_fn": n.CHANGE_FN, "ssvc_storage_problem_fn": n.PROBLEM_FN,
    "ssvc_repair_order_fn": n.REPAIR_ORDER_FN, "ssvc_stock_line_fn": n.STOCK_LINE_FN,
    "ssvc_stock_order_fn": n.STOCK_ORDER_FN,
}
if n._WRITE_FN_OWN:  # else test_declarations.py registers _native.WRITE_FN, the same type
    CALLBACKS["ssvc_write_fn"] = n.WRITE_FN
