"""Diagnosis trees (built in, from files or from memory), sessions and learned check statistics
(rule R2, doc/diagnosis.md)."""
import ctypes
import os
import typing

from . import constants as C
from ._base import _Handle, _lang, _text
from ._native import lib, DiagLoadOptions, TEXT_FN
from .enums import DiagAction, DiagKind, DiagReminder, Feature, GuideResult, Lang, TreeKind


def default_xml() -> str:
    """The XML of the built-in tree (a starting point for a tree of one's own)."""
    return _text(lib.ssvc_diag_default_xml())


def _options(ctx, max_nodes, max_depth, max_text_bytes, max_file_bytes):
    o = DiagLoadOptions()
    ctx._check(lib.ssvc_diag_load_options_init(ctypes.byref(o), C.DIAG_LOAD_OPTIONS_VERSION))
    o.max_nodes, o.max_depth = max_nodes, max_depth
    o.max_text_bytes, o.max_file_bytes = max_text_bytes, max_file_bytes
    return o


class DiagnosisTree(_Handle):
    """A loaded question graph (rule R2): the built-in one (DiagnosisTree(ctx)), or one of your
    own from a file (from_file) or from memory (from_xml), validated on loading."""
    _free = staticmethod(lib.ssvc_diag_tree_free)

    def __init__(self, ctx, *, _ptr=None):
        if _ptr is None:
            out = ctypes.c_void_p()
            ctx._check(lib.ssvc_diag_tree_load_default(ctx._h(), ctypes.byref(out)))
            _ptr = out.value
        super().__init__(_ptr)
        self._ctx = ctx
        ctx._adopt(self)

    @classmethod
    def from_file(cls, ctx, path: typing.Union[str, os.PathLike], *, max_nodes: int = 0,
                  max_depth: int = 0, max_text_bytes: int = 0,
                  max_file_bytes: int = 0) -> "DiagnosisTree":
        """Loads and validates a tree from an XML file (doc/diagnosis.md); ParseError names the
        line and the id at fault. The bounds (0: the default) guard against untrusted files."""
        o = _options(ctx, max_nodes, max_depth, max_text_bytes, max_file_bytes)
        out = ctypes.c_void_p()
        ctx._check(lib.ssvc_diag_tree_load_file(ctx._h(), ctypes.byref(out),
                                                os.fsencode(path), ctypes.byref(o)))
        return cls(ctx, _ptr=out.value)

    @classmethod
    def from_xml(cls, ctx, xml: typing.Union[str, bytes], *, max_nodes: int = 0,
                 max_depth: int = 0, max_text_bytes: int = 0,
                 max_file_bytes: int = 0) -> "DiagnosisTree":
        """Loads and validates a tree from XML text or bytes, as from_file()."""
        data = xml.encode() if isinstance(xml, str) else bytes(xml)
        o = _options(ctx, max_nodes, max_depth, max_text_bytes, max_file_bytes)
        out = ctypes.c_void_p()
        ctx._check(lib.ssvc_diag_tree_load_memory(ctx._h(), ctypes.byref(out), data, len(data),
                                                  ctypes.byref(o)))
        return cls(ctx, _ptr=out.value)

    @classmethod
    def guidance(cls, ctx) -> "DiagnosisTree":
        """The built-in how-to guidance tree (doc/guidance.md): its topics are symptoms gated by
        the features phone-help, os-help and sync; a session ends solved or not solved."""
        out = ctypes.c_void_p()
        ctx._check(lib.ssvc_guide_tree_load_default(ctx._h(), ctypes.byref(out)))
        return cls(ctx, _ptr=out.value)

    @staticmethod
    def guidance_xml() -> str:
        """The built-in guidance tree's XML document (to start a tree of your own from)."""
        return _text(lib.ssvc_guide_default_xml())

    @property
    def kind(self) -> TreeKind:
        """TreeKind.FAULTS or TreeKind.GUIDANCE."""
        return TreeKind(lib.ssvc_diag_tree_kind(self._h()))

    def topic_area(self, index: int) -> typing.Optional[Feature]:
        """The feature that gates the symptom (topic) at @p index of a guidance tree; None for
        an ungated one (a fault tree's symptoms)."""
        f = lib.ssvc_diag_tree_symptom_feature(self._h(), index)
        return Feature(f) if f else None

    @property
    def symptoms(self) -> typing.List[str]:
        """The symptom ids, in document order."""
        return [_text(lib.ssvc_diag_tree_symptom_id(self._h(), i))
                for i in range(lib.ssvc_diag_tree_symptom_count(self._h()))]

    def symptom_labels(self, lang=None) -> typing.Dict[str, str]:
        """{symptom id: its label in @p lang (None: the context's)}, in document order."""
        lg = _lang(self._ctx, lang)
        return {_text(lib.ssvc_diag_tree_symptom_id(self._h(), i)):
                _text(lib.ssvc_diag_tree_symptom_label(self._h(), i, lg))
                for i in range(lib.ssvc_diag_tree_symptom_count(self._h()))}

    @property
    def question_count(self) -> int:
        return lib.ssvc_diag_tree_question_count(self._h())

    @property
    def check_count(self) -> int:
        return lib.ssvc_diag_tree_check_count(self._h())

    @property
    def outcome_count(self) -> int:
        return lib.ssvc_diag_tree_outcome_count(self._h())

    @property
    def fingerprint(self) -> str:
        """16 hex digits identifying the XML the tree was loaded from (a case records it)."""
        return _text(lib.ssvc_diag_tree_fingerprint(self._h()))

    def text(self, node_id: str, lang=None) -> typing.Optional[str]:
        """The text of a node in @p lang (None: the context's): a symptom's label, a question's
        or check's text, an outcome's advice; None when there is no such node."""
        return _text(lib.ssvc_diag_tree_text(self._h(), node_id.encode(),
                                             _lang(self._ctx, lang)))

    def texts(self) -> typing.List[typing.Tuple[str, Lang, str]]:
        """Every text of the tree as (node id, language, text), answer labels included, in
        document order (for audits and translation checks)."""
        out = []
        cb = TEXT_FN(lambda _ud, nid, lang, text: out.append((_text(nid), Lang(lang),
                                                               _text(text))))
        lib.ssvc_diag_tree_foreach_text(self._h(), cb, None)
        return out

    def check_probability(self, check_id: str, stats: "DiagnosisStats" = None) -> float:
        """The probability (0..1) that a check fixes the problem: its prior, or with @p stats the
        learned posterior. KeyError for an unknown check."""
        ppm = lib.ssvc_diag_check_probability_ppm(self._h(),
                                                  None if stats is None else stats._h(),
                                                  check_id.encode())
        if ppm < 0:
            raise KeyError(check_id)
        return ppm / 1e6


class DiagnosisStats(_Handle):
    """Learned counts of the checks of one tree: how often each was tried and fixed the problem.
    Given to a DiagnosisSession, they order the checks by their learned probability."""
    _free = staticmethod(lib.ssvc_diag_stats_free)

    def __init__(self, tree: DiagnosisTree, text: typing.Optional[str] = None):
        """Empty counts for @p tree, or those of an earlier export()."""
        ctx = tree._ctx
        out = ctypes.c_void_p()
        ctx._check(lib.ssvc_diag_stats_new(ctx._h(), ctypes.byref(out), tree._h()))
        super().__init__(out.value)
        self._ctx, self._tree = ctx, tree
        ctx._adopt(self)
        if text is not None:
            self.load(text)

    def record(self, check_id: str, fixed: bool) -> None:
        """Logs one try of a check; NotFound names an unknown check."""
        self._ctx._check(lib.ssvc_diag_stats_record(self._h(), check_id.encode(),
                                                    1 if fixed else 0))

    def record_session(self, session: "DiagnosisSession") -> None:
        """Logs every check answered in a session of the same tree ("yes" fixed)."""
        self._ctx._check(lib.ssvc_diag_stats_record_session(self._h(), session._h()))

    def get(self, check_id: str) -> typing.Tuple[int, int]:
        """(tried, fixed) of a check; NotFound for an unknown one."""
        tried, fixed = ctypes.c_uint32(), ctypes.c_uint32()
        self._ctx._check(lib.ssvc_diag_stats_get(self._h(), check_id.encode(),
                                                 ctypes.byref(tried), ctypes.byref(fixed)))
        return tried.value, fixed.value

    def export(self) -> str:
        """The counts as text, "CHECK-ID TRIED FIXED" per line (checks tried at least once)."""
        n = lib.ssvc_diag_stats_export(self._h(), None, 0)
        buf = ctypes.create_string_buffer(n + 1)
        lib.ssvc_diag_stats_export(self._h(), buf, n + 1)
        return buf.value.decode()

    def load(self, text: str) -> None:
        """Adds the counts of an export() (all or nothing); ParseError gives the line."""
        self._ctx._check(lib.ssvc_diag_stats_import(self._h(), text.encode()))


class DiagnosisSession(_Handle):
    """One caller's control questions for one symptom, gated by the customer's tier."""
    _free = staticmethod(lib.ssvc_diag_session_free)

    def __init__(self, tree: DiagnosisTree, tier, symptom: typing.Optional[str] = None,
                 transcript: typing.Optional[str] = None,
                 stats: typing.Optional[DiagnosisStats] = None):
        """Starts at the symptom, or resumes from a stored transcript; with @p stats the checks
        come in the order of their learned probability."""
        ctx = tree._ctx
        out = ctypes.c_void_p()
        st = None if stats is None else stats._h()
        if transcript is not None:
            rc = lib.ssvc_diag_session_resume(ctx._h(), ctypes.byref(out), tree._h(), tier._h(),
                                              st, transcript.encode())
        else:
            rc = lib.ssvc_diag_session_new(ctx._h(), ctypes.byref(out), tree._h(), tier._h(),
                                           st, symptom.encode())
        ctx._check(rc)
        super().__init__(out.value)
        # keep what the session borrows
        self._ctx, self._tree, self._tier, self._stats = ctx, tree, tier, stats
        ctx._adopt(self)

    @property
    def symptom(self) -> str:
        return _text(lib.ssvc_diag_session_symptom(self._h()))

    @property
    def done(self) -> bool:
        return bool(lib.ssvc_diag_session_done(self._h()))

    @property
    def question(self) -> typing.Optional[str]:
        """The current question's id, or None once there is an outcome."""
        return _text(lib.ssvc_diag_session_question_id(self._h()))

    @property
    def is_check(self) -> bool:
        """True when the current question is a check ("yes": it fixed the problem)."""
        return bool(lib.ssvc_diag_session_question_is_check(self._h()))

    def question_text(self, lang=None) -> typing.Optional[str]:
        """The current question's text in @p lang (None: the context's)."""
        return _text(lib.ssvc_diag_session_question_text(self._h(), _lang(self._ctx, lang)))

    @property
    def answers(self) -> typing.List[str]:
        """The values of the current question's answers ("yes", "no", ...)."""
        return [_text(lib.ssvc_diag_session_answer_value(self._h(), i))
                for i in range(lib.ssvc_diag_session_answer_count(self._h()))]

    def answer_labels(self, lang=None) -> typing.Dict[str, str]:
        """{answer value: its label in @p lang (None: the context's)}."""
        lg = _lang(self._ctx, lang)
        return {_text(lib.ssvc_diag_session_answer_value(self._h(), i)):
                _text(lib.ssvc_diag_session_answer_label(self._h(), i, lg))
                for i in range(lib.ssvc_diag_session_answer_count(self._h()))}

    def answer(self, value: str) -> None:
        """Answers the current question; NotFound names an answer it does not have."""
        self._ctx._check(lib.ssvc_diag_session_answer(self._h(), value.encode()))

    def back(self) -> None:
        """Forgets the last answer; StateError when none was given."""
        self._ctx._check(lib.ssvc_diag_session_back(self._h()))

    @property
    def steps(self) -> typing.List[typing.Tuple[str, str]]:
        """The (question id, answer) pairs given so far."""
        return [(_text(lib.ssvc_diag_session_step_question(self._h(), i)),
                 _text(lib.ssvc_diag_session_step_answer(self._h(), i)))
                for i in range(lib.ssvc_diag_session_step_count(self._h()))]

    @property
    def transcript(self) -> str:
        """"SYMPTOM:QUESTION=ANSWER,..." (stable; a case stores it)."""
        n = lib.ssvc_diag_session_transcript(self._h(), None, 0)
        buf = ctypes.create_string_buffer(n + 1)
        lib.ssvc_diag_session_transcript(self._h(), buf, n + 1)
        return buf.value.decode()

    @property
    def outcome(self) -> typing.Optional[DiagKind]:
        """The outcome's kind, or None until done."""
        k = lib.ssvc_diag_session_outcome_kind(self._h())
        return None if k < 0 else DiagKind(k)

    @property
    def outcome_id(self) -> typing.Optional[str]:
        """The outcome node's id ("out-of-scope:sync" when the tier lacked a feature)."""
        return _text(lib.ssvc_diag_session_outcome_id(self._h()))

    @property
    def action(self) -> DiagAction:
        """What the Support Center does (NONE until done)."""
        return DiagAction(lib.ssvc_diag_session_outcome_action(self._h()))

    @property
    def reminders(self) -> DiagReminder:
        """The reminders of the outcome (empty until done)."""
        return DiagReminder(lib.ssvc_diag_session_outcome_reminders(self._h()))

    @property
    def missing_feature(self) -> typing.Optional[Feature]:
        """The feature whose absence ended the session out of scope, else None."""
        f = lib.ssvc_diag_session_missing_feature(self._h())
        return Feature(f) if f else None

    @property
    def guide_result(self) -> GuideResult:
        """How a guidance session ended: SOLVED, NOT_SOLVED, or NONE (not done, or faults)."""
        return GuideResult(lib.ssvc_guide_session_result(self._h()))

    @property
    def guide_diagnose(self) -> typing.Optional[str]:
        """For a guidance session that ended not solved: the fault symptom to diagnose next."""
        return _text(lib.ssvc_guide_session_diagnose(self._h())) or None

    def advice(self, lang=None) -> typing.Optional[str]:
        """The outcome's advice in @p lang (None: the context's)."""
        return _text(lib.ssvc_diag_session_outcome_advice(self._h(), _lang(self._ctx, lang)))
