"""Diagnosis trees and sessions (rule R2)."""
import ctypes

from ._base import _Handle, _text
from ._native import lib
from .enums import Lang


class DiagnosisTree(_Handle):
    """A loaded question graph (rule R2); the built-in one by default."""
    _free = staticmethod(lib.ssvc_diag_tree_free)

    def __init__(self, ctx):
        out = ctypes.c_void_p()
        ctx._check(lib.ssvc_diag_tree_load_default(ctx._h(), ctypes.byref(out)))
        super().__init__(out.value)
        self._ctx = ctx
        ctx._adopt(self)

    @property
    def symptoms(self):
        return [_text(lib.ssvc_diag_tree_symptom_id(self._h(), i))
                for i in range(lib.ssvc_diag_tree_symptom_count(self._h()))]


class DiagnosisSession(_Handle):
    """One caller's control questions for one symptom, gated by the customer's tier."""
    _free = staticmethod(lib.ssvc_diag_session_free)

    def __init__(self, tree, tier, symptom=None, transcript=None):
        """Starts at the symptom, or resumes from a stored transcript."""
        ctx = tree._ctx
        out = ctypes.c_void_p()
        if transcript is not None:
            rc = lib.ssvc_diag_session_resume(ctx._h(), ctypes.byref(out), tree._h(), tier._h(),
                                              None, transcript.encode())
        else:
            rc = lib.ssvc_diag_session_new(ctx._h(), ctypes.byref(out), tree._h(), tier._h(),
                                           None, symptom.encode())
        ctx._check(rc)
        super().__init__(out.value)
        self._ctx, self._tree, self._tier = ctx, tree, tier  # keep what the session borrows
        ctx._adopt(self)

    @property
    def done(self):
        return bool(lib.ssvc_diag_session_done(self._h()))

    @property
    def question(self):
        """The current question's id, or None once there is an outcome."""
        return _text(lib.ssvc_diag_session_question_id(self._h()))

    def question_text(self, lang=Lang.EN):
        return _text(lib.ssvc_diag_session_question_text(self._h(), int(lang)))

    @property
    def answers(self):
        return [_text(lib.ssvc_diag_session_answer_value(self._h(), i))
                for i in range(lib.ssvc_diag_session_answer_count(self._h()))]

    def answer(self, value):
        self._ctx._check(lib.ssvc_diag_session_answer(self._h(), value.encode()))

    def back(self):
        self._ctx._check(lib.ssvc_diag_session_back(self._h()))

    @property
    def transcript(self):
        n = lib.ssvc_diag_session_transcript(self._h(), None, 0)
        buf = ctypes.create_string_buffer(n + 1)
        lib.ssvc_diag_session_transcript(self._h(), buf, n + 1)
        return buf.value.decode()

    @property
    def outcome(self):
        """The outcome kind key ("handling-error", "workshop", ...), or None."""
        return _text(lib.ssvc_diag_kind_key(lib.ssvc_diag_session_outcome_kind(self._h())))

    @property
    def action(self):
        return _text(lib.ssvc_diag_action_key(lib.ssvc_diag_session_outcome_action(self._h())))

    def advice(self, lang=Lang.EN):
        return _text(lib.ssvc_diag_session_outcome_advice(self._h(), int(lang)))

