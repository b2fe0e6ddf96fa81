"""The service note and the return label of a case (doc/documents.md): gathered from the store,
rendered as HTML by libsmartservice or as PDF by libsmartservice-docs."""
import ctypes
import dataclasses
import datetime
import os
import typing

from . import constants as C
from ._base import _Area, _lang, _pydate, _text
from ._native import lib, docs as _docs, Note, NoteOptions, WRITE_FN
from .agreements import _party
from .enums import CaseOutcome, CaseState, DiagReminder, DocKind, Lang, Replacement


@dataclasses.dataclass(frozen=True)
class ServiceNote:
    """What a case's service note and return label show; render it with store.notes.html() or
    .pdf(). Texts are "" when absent."""
    case_id: str
    customer_id: str
    customer_name: str
    user_name: str
    user_phone: str
    model: str
    imei: str
    serial: str
    symptom: str
    fault_sv: str  # the diagnosed symptom's label
    fault_en: str
    outcome: CaseOutcome
    state: CaseState
    todo: DiagReminder
    order_state: typing.Optional[int]  # enums.OrderState; None without an order
    replacement: typing.Optional[Replacement]
    return_deadline: typing.Optional[datetime.date]
    return_days: int
    issued: datetime.date
    return_to: typing.Dict[str, str]  # name, street, postal_code, city, country
    _raw: bytes = dataclasses.field(repr=False, compare=False, default=b"")

    def _c(self):
        n = Note()
        ctypes.memmove(ctypes.addressof(n), self._raw, ctypes.sizeof(Note))
        return n


def word(w, lang=None) -> str:
    """A word of the documents (enums.NoteWord) in @p lang (English when None)."""
    return _text(lib.ssvc_note_word_text(int(w), int(Lang.EN if lang is None else lang)))


def outcome_text(outcome, lang=None) -> str:
    """A diagnosis outcome in words for the user ("Definite fault"), English when None."""
    return _text(lib.ssvc_note_outcome_text(int(outcome), int(Lang.EN if lang is None else lang)))


def code128(text: str) -> bytes:
    """The Code 128 (set B) modules of @p text, one byte per module (1 bar, 0 space), without
    quiet zones; ValueError for "" or a character outside ASCII 32-126."""
    data = text.encode()
    n = lib.ssvc_code128(data, None, 0)
    if n == 0:
        raise ValueError("code128: %r cannot be encoded (ASCII 32-126 only)" % text)
    buf = (ctypes.c_ubyte * n)()
    lib.ssvc_code128(data, buf, n)
    return bytes(buf)


class Notes(_Area):
    """Service notes and return labels of a store's cases (``store.notes``)."""

    def get(self, case_id: str, return_to: typing.Optional[dict] = None,
            tree=None) -> ServiceNote:
        """Gathers the case's note. return_to: the return address (a dict of name, street,
        postal_code, city, country); None for the stored Support Center identity (store.center).
        tree: the DiagnosisTree that asked the questions (None: the built-in one). StateError
        when the case sends no phone in."""
        o = NoteOptions()
        self._check(lib.ssvc_note_options_init(ctypes.byref(o), C.NOTE_OPTIONS_VERSION))
        party = None
        if return_to is not None:
            party = _party(return_to)
            o.return_to = ctypes.pointer(party)
        o.tree = None if tree is None else tree._h()
        n = Note()
        self._check(lib.ssvc_note_init(ctypes.addressof(n), C.NOTE_VERSION))
        self._check(lib.ssvc_note_get(self._h(), ctypes.addressof(n), case_id.encode(),
                                      ctypes.byref(o)))
        from .cases import _their_enum
        return ServiceNote(
            case_id=_text(n.case_id), customer_id=_text(n.customer_id),
            customer_name=_text(n.customer_name), user_name=_text(n.user_name),
            user_phone=_text(n.user_phone), model=_text(n.model), imei=_text(n.imei),
            serial=_text(n.serial), symptom=_text(n.symptom), fault_sv=_text(n.fault[0].value),
            fault_en=_text(n.fault[1].value), outcome=CaseOutcome(n.outcome),
            state=CaseState(n.state), todo=DiagReminder(n.todo),
            order_state=_their_enum("OrderState", n.order_state) if n.order_state else None,
            replacement=Replacement(n.replacement) if n.replacement else None,
            return_deadline=_pydate(n.return_deadline), return_days=n.return_days,
            issued=_pydate(n.issued),
            return_to={"name": _text(n.return_name), "street": _text(n.return_street),
                       "postal_code": _text(n.return_postal_code),
                       "city": _text(n.return_city), "country": _text(n.return_country)},
            _raw=ctypes.string_at(ctypes.addressof(n), ctypes.sizeof(n)))

    def _render(self, fn, note, kind, lang):
        chunks = []

        def write(_ud, data, size):
            chunks.append(ctypes.string_at(data, size))
            return 0
        c = note._c()
        cb = WRITE_FN(write)
        self._ctx._check(fn(self._ctx._h(), ctypes.addressof(c),
                            int(DocKind.from_key(kind, self._ctx)), _lang(self._ctx, lang), cb,
                            None))
        return b"".join(chunks)

    def html(self, note: ServiceNote, kind=DocKind.NOTE, lang=None) -> str:
        """The note (DocKind.NOTE) or label (DocKind.LABEL, or their keys) as one self-contained
        HTML page in @p lang (None: the context's)."""
        return self._render(lib.ssvc_note_html, note, kind, lang).decode()

    def write_html(self, note: ServiceNote, path, kind=DocKind.NOTE, lang=None) -> None:
        """html() into the file @p path."""
        c = note._c()
        self._ctx._check(lib.ssvc_note_html_file(self._ctx._h(), ctypes.addressof(c),
                                                 int(DocKind.from_key(kind, self._ctx)),
                                                 _lang(self._ctx, lang), os.fsencode(path)))

    @staticmethod
    def _docs():
        if _docs is None:
            raise ImportError("smartservice: libsmartservice-docs was not found (built when "
                              "cairo is found; set SMARTSERVICE_DOCS_LIBRARY to its path)")
        return _docs

    def pdf(self, note: ServiceNote, kind=DocKind.NOTE, lang=None) -> bytes:
        """The document as a one-page PDF (needs libsmartservice-docs)."""
        return self._render(self._docs().ssvc_docs_pdf, note, kind, lang)

    def write_pdf(self, note: ServiceNote, path, kind=DocKind.NOTE, lang=None) -> None:
        """pdf() into the file @p path."""
        c = note._c()
        self._ctx._check(self._docs().ssvc_docs_pdf_file(
            self._ctx._h(), ctypes.addressof(c), int(DocKind.from_key(kind, self._ctx)),
            _lang(self._ctx, lang), os.fsencode(path)))


__all__ = ["ServiceNote", "Notes", "word", "outcome_text", "code128"]
