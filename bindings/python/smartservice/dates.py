"""The Swedish working-day calendar and the delivery rule R7; instants."""
import ctypes

from ._base import _Handle, _cdate, _instant, _pydate, _pyinstant, _text
from ._native import lib, CalendarOptions, Date
from .enums import Lang


def parse_instant(ctx, text):
    """Parses RFC 3339 or a Stockholm local time without offset; returns an aware UTC datetime."""
    out = ctypes.c_int64()
    ctx._check(lib.ssvc_instant_parse(ctx._h(), ctypes.byref(out), text.encode()))
    return _pyinstant(out.value)


class Calendar(_Handle):
    """The Swedish working-day calendar with the delivery rule R7 (doc/calendar.md)."""
    _free = staticmethod(lib.ssvc_calendar_free)

    def __init__(self, ctx, cutoff=None, return_days=None, closed=(), opened=()):
        """cutoff: datetime.time (default 14:00); closed/opened: extra dates by agreement."""
        o = CalendarOptions()
        ctx._check(lib.ssvc_calendar_options_init(ctypes.byref(o), 1))
        if cutoff is not None:
            o.cutoff_seconds = cutoff.hour * 3600 + cutoff.minute * 60 + cutoff.second
        if return_days is not None:
            o.return_days = return_days
        out = ctypes.c_void_p()
        ctx._check(lib.ssvc_calendar_new(ctx._h(), ctypes.byref(out), ctypes.byref(o)))
        super().__init__(out.value)
        self._ctx = ctx
        ctx._adopt(self)
        for d in closed:
            ctx._check(lib.ssvc_calendar_add_closed(self._h(), ctypes.byref(_cdate(d))))
        for d in opened:
            ctx._check(lib.ssvc_calendar_add_open(self._h(), ctypes.byref(_cdate(d))))

    def _date_call(self, fn, *args):
        out = Date()
        self._ctx._check(fn(self._ctx._h(), self._h(), ctypes.byref(out), *args))
        return _pydate(out)

    def is_working_day(self, day):
        out = ctypes.c_int()
        self._ctx._check(lib.ssvc_calendar_is_working_day(self._ctx._h(), self._h(),
                                                          ctypes.byref(out),
                                                          ctypes.byref(_cdate(day))))
        return bool(out.value)

    def next_working_day(self, day):
        return self._date_call(lib.ssvc_calendar_next_working_day, ctypes.byref(_cdate(day)))

    def add_working_days(self, day, n):
        return self._date_call(lib.ssvc_calendar_add_working_days, ctypes.byref(_cdate(day)), n)

    def count_working_days(self, start, end):
        """Working days d with start <= d < end (negative when end is before start)."""
        out = ctypes.c_int()
        self._ctx._check(lib.ssvc_calendar_count_working_days(
            self._ctx._h(), self._h(), ctypes.byref(out), ctypes.byref(_cdate(start)),
            ctypes.byref(_cdate(end))))
        return out.value

    def counts_on(self, registered):
        """The day a registration at the aware datetime counts on (rule R7)."""
        return self._date_call(lib.ssvc_calendar_counts_on, _instant(registered))

    def delivery(self, registered):
        """The delivery date of a replacement phone for a case registered then (rule R7)."""
        return self._date_call(lib.ssvc_calendar_delivery, _instant(registered))

    def return_deadline(self, delivered):
        return self._date_call(lib.ssvc_calendar_return_deadline, ctypes.byref(_cdate(delivered)))

    def holidays(self, year, lang=Lang.SV):
        """[(date, name)] of the year's holidays and closed eves, sorted."""
        out = ctypes.c_void_p()
        self._ctx._check(lib.ssvc_calendar_holidays(self._ctx._h(), self._h(),
                                                    ctypes.byref(out), year))
        try:
            result = []
            for i in range(lib.ssvc_holiday_list_count(out)):
                d, h = Date(), ctypes.c_int()
                lib.ssvc_holiday_list_get(out, i, ctypes.byref(d), ctypes.byref(h))
                result.append((_pydate(d), _text(lib.ssvc_holiday_name(h.value, int(lang)))))
            return result
        finally:
            lib.ssvc_holiday_list_free(out)


