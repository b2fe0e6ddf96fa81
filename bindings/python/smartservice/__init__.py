"""Python binding of libsmartservice over its C ABI (ctypes, standard library only).

Conventions (see README.md beside this package):
- a failed call raises a SmartServiceError subclass carrying the library's code and message;
- handles are closed by ``close()``, by ``with`` blocks, or by garbage collection, never twice;
- money is integer öre (``*_minor``) or ``decimal.Decimal`` units;
- shares are ``decimal.Decimal`` fractions (0.08) or integer basis points (800);
- a store's operations live on its areas: ``store.cases``, ``store.agreements``, ``store.notes``,
  ``store.center``, ``store.swap``,
  ``store.invoices``, ``store.charges``, ``store.prices``, ``store.roster``,
  ``store.backup_phones``, ``store.changes``, ``store.interchange``, ``store.reports``;
- results are frozen dataclasses (smartservice.results), states and kinds enums
  (smartservice.enums), versions and sizes one module generated from the headers
  (smartservice.constants).
"""
from . import constants, enums, errors, results  # noqa: F401
from ._base import Context, version, version_info
from .catalog import Catalog, Tier, swap_size_rule, swap_size_service
from .agreements import Agreements
from .cases import Cases
from .dates import (Calendar, format_date, format_instant, from_stockholm, parse_date,
                    parse_instant, to_stockholm)
from .diagnosis import DiagnosisSession, DiagnosisStats, DiagnosisTree
from .enums import CaseOutcome, CaseState  # noqa: F401
from .results import CustomTier, ModelTerms  # noqa: F401
from .enums import Feature, Lang
from .errors import SmartServiceError
from .invoices import Invoice
from .reports import Report
from .store import Store
from ._native import SwapSizing
from .backup_phones import BackupPhones
from .changes import Changes
from .charges import Charges
from .interchange import Interchange
from .invoices import Invoices, ocr_reference, ocr_valid
from .prices import PriceList, Prices
from .reports import Reports
from .roster import Roster
from .storage import SqliteSync, Storage
from .swap import SwapPool

__all__ = ["version", "Context", "Catalog", "Tier", "Feature", "Lang", "SmartServiceError",
           "swap_size_rule", "swap_size_service", "SwapSizing", "parse_instant", "Calendar",
           "DiagnosisTree", "DiagnosisSession", "Store", "Invoice", "Report",
           "constants", "enums", "errors", "results"]
__all__ += ["version_info", "Cases", "Agreements", "DiagnosisStats", "CaseState", "CaseOutcome", "CustomTier",
            "ModelTerms", "parse_date", "format_date", "format_instant", "to_stockholm",
            "from_stockholm"]
__all__ += ["SwapPool", "Charges", "Prices", "PriceList", "Invoices", "ocr_reference", "ocr_valid",
            "Reports", "Roster", "BackupPhones", "Changes", "Interchange", "Storage", "SqliteSync"]
