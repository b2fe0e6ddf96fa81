"""The change feed: every committed change to a case, order, unit, agreement, invoice, charge,
roster entry or backup phone, in commit order, with gap-free positions (doc/storage.md, "The change feed")."""
import ctypes
import typing

from .enums import ChangeKind, ChangeOp
from ._base import _Area, _pyinstant, _text
from ._native import lib
from ._native_ops import CHANGE_FN
from .results import Change


class Changes(_Area):
    """The store's change feed: read from a position, the last position, prune."""

    def read(self, after: int = 0, limit: int = None) -> typing.List[Change]:
        """The committed changes after position @p after (0: the whole feed left after
        pruning), oldest first; at most @p limit of them when given."""
        out = []

        def cb(_ud, p):
            c = p.contents
            out.append(Change(position=c.position, kind=ChangeKind(c.kind), op=ChangeOp(c.op),
                              instant=_pyinstant(c.instant), id=_text(c.id)))
            return 1 if limit is not None and len(out) >= limit else 0
        if limit is not None and limit <= 0:
            return out
        rc = lib.ssvc_changes_read(self._h(), int(after), CHANGE_FN(cb), None)
        if rc != 1 or limit is None:  # 1: stopped by the limit
            self._check(rc)
        return out

    def follow(self, after: int = 0) -> typing.Iterator[Change]:
        """The changes after @p after, read in batches; stops at the end of the feed (call again
        with the last position to go on)."""
        while True:
            batch = self.read(after, 256)
            yield from batch
            if len(batch) < 256:
                return
            after = batch[-1].position

    def last(self) -> int:
        """The position of the last committed change (0 for an empty feed)."""
        out = ctypes.c_uint64()
        self._check(lib.ssvc_changes_last(self._h(), ctypes.byref(out)))
        return out.value

    def prune(self, before: int) -> int:
        """Removes the changes with a position below @p before; returns how many. Positions are
        never reused."""
        out = ctypes.c_uint64()
        self._check(lib.ssvc_changes_prune(self._h(), int(before), ctypes.byref(out)))
        return out.value
