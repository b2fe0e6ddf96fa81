"""XML interchange of case records and agreements (doc/xml.md)."""
import ctypes
import datetime
import typing

from . import constants as C
from .enums import DupPolicy
from ._base import _Area, _cdate
from ._native import lib, XmlImportOptions, XmlImportResult
from ._native_ops import XmlExportOptions
from ._ops import _b, _Sink
from .results import ImportResult


class Interchange(_Area):
    """Exports and imports case records and agreements as XML (urn:smartservice:cases:1), to and
    from files or memory."""

    def _export_options(self, customer_id, start, end):
        o = XmlExportOptions()
        self._check(lib.ssvc_xml_export_options_init(ctypes.byref(o),
                                                     C.XML_EXPORT_OPTIONS_VERSION))
        o.customer_id = _b(customer_id)
        if start is not None:
            setattr(o, "from", _cdate(start))
        if end is not None:
            o.to = _cdate(end)
        return o

    def export_file(self, path, *, customer_id: str = None, start: datetime.date = None,
                    end: datetime.date = None) -> int:
        """Exports to the file @p path: every case (or one customer's, registered from @p start
        to @p end, UTC days inclusive) and the agreements; returns how many cases."""
        n = ctypes.c_size_t()
        o = self._export_options(customer_id, start, end)
        self._check(lib.ssvc_xml_export_file(self._h(), ctypes.byref(n), _b(path),
                                             ctypes.byref(o)))
        return n.value

    def export_bytes(self, *, customer_id: str = None, start: datetime.date = None,
                     end: datetime.date = None) -> bytes:
        """As export_file(), into memory: the XML document as bytes."""
        n = ctypes.c_size_t()
        o = self._export_options(customer_id, start, end)
        sink = _Sink()
        self._check(lib.ssvc_xml_export(self._h(), ctypes.byref(n), sink.fn, None,
                                        ctypes.byref(o)))
        return sink.bytes()

    def _import_options(self, on_duplicate, validate, continue_on_error):
        o = XmlImportOptions()
        self._check(lib.ssvc_xml_import_options_init(ctypes.byref(o),
                                                     C.XML_IMPORT_OPTIONS_VERSION))
        o.on_duplicate = int(DupPolicy.from_key(on_duplicate, self._ctx))
        o.validate = 1 if validate else 0
        o.continue_on_error = 1 if continue_on_error else 0
        return o

    @staticmethod
    def _result(r):
        return ImportResult(imported=r.imported, replaced=r.replaced, skipped=r.skipped, bad=r.bad,
                            agreements_imported=r.agreements_imported,
                            agreements_replaced=r.agreements_replaced,
                            agreements_skipped=r.agreements_skipped)

    def import_file(self, path, *, on_duplicate: DupPolicy = DupPolicy.REJECT,
                    validate: bool = False, continue_on_error: bool = False) -> ImportResult:
        """Imports case records and agreements from the file @p path. on_duplicate: what to do
        with a record the store has (a DupPolicy or its key: "reject" raises AlreadyExists,
        "skip", "replace"); validate: against the schema first."""
        o = self._import_options(on_duplicate, validate, continue_on_error)
        r = XmlImportResult()
        r.version = C.XML_IMPORT_RESULT_VERSION
        self._check(lib.ssvc_xml_import_file(self._h(), ctypes.byref(r), _b(path),
                                             ctypes.byref(o)))
        return self._result(r)

    def import_bytes(self, xml: typing.Union[bytes, str], *, name: str = None,
                     on_duplicate: DupPolicy = DupPolicy.REJECT, validate: bool = False,
                     continue_on_error: bool = False) -> ImportResult:
        """As import_file(), from the XML document in memory; @p name is used in messages."""
        if isinstance(xml, str):
            xml = xml.encode("utf-8")
        o = self._import_options(on_duplicate, validate, continue_on_error)
        r = XmlImportResult()
        r.version = C.XML_IMPORT_RESULT_VERSION
        self._check(lib.ssvc_xml_import_memory(self._h(), ctypes.byref(r), xml, len(xml),
                                               _b(name), ctypes.byref(o)))
        return self._result(r)
