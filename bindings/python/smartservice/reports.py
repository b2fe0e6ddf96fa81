"""Quality reports (rule R9)."""
from ._base import _Area, _Handle, _enum
from ._native import lib


class Report(_Handle):
    """A customer's quality report for a period (rule R9), without personal data."""
    _free = staticmethod(lib.ssvc_report_free)

    def __init__(self, ctx, ptr):
        super().__init__(ptr)
        self._ctx = ctx
        ctx._adopt(self)

    @property
    def case_count(self):
        return lib.ssvc_report_case_count(self._h())

    def write(self, path, fmt="html"):
        """Writes the report as "html" (with SVG charts), "xml" or "csv"."""
        self._ctx._check(lib.ssvc_report_write_file(self._h(), _enum(self._ctx, lib.ssvc_report_format_from_name, fmt),
                                                    str(path).encode()))


class Reports(_Area):
    """Quality reports of a store's customers."""
