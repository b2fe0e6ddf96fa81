"""Exceptions carrying the library's status code and message."""

from .constants import (OK, EINVAL, ENOMEM, ERANGE, EVERSION, ENOTFOUND,
                        EEXISTS, ESTATE, ENOTENTITLED, ECONFLICT, ESTORAGE, EPARSE, ELIMIT, EIO,
                        EBUSY, EINTERNAL)


class SmartServiceError(Exception):
    """A call into libsmartservice failed.

    ``code`` is the library's status code (negative), ``name`` its symbol (``"SSVC_EINVAL"``),
    ``message`` the context's message naming the argument or input at fault, ``text`` the same
    in an agent's words, without the library's function names (for a user interface).
    ``remedy`` is the C function that does what the message asks for first
    (``"ssvc_swap_reserve"``), or None when it asks for nothing (ssvc_ctx_errremedy()).
    """

    def __init__(self, code, name, message, text=None, remedy=None):
        super().__init__("%s: %s" % (name, message))
        self.code = code
        self.name = name
        self.message = message
        self.text = message if text is None else text
        self.remedy = remedy


class InvalidArgument(SmartServiceError, ValueError):
    """SSVC_EINVAL: an argument is invalid."""


class OutOfRange(SmartServiceError, ValueError):
    """SSVC_ERANGE: a value is outside the supported range."""


class NotFound(SmartServiceError, LookupError):
    """SSVC_ENOTFOUND: the named object does not exist."""


class UnknownName(NotFound, ValueError):
    """SSVC_ENOTFOUND for a name given as an argument (a state, policy or kind the library's
    _from_name functions do not know): a bad value as well as a missing object."""


class AlreadyExists(SmartServiceError):
    """SSVC_EEXISTS: an object with that identity already exists."""


class StateError(SmartServiceError):
    """SSVC_ESTATE: not allowed in the object's current state."""


class NotEntitled(SmartServiceError):
    """SSVC_ENOTENTITLED: the customer's tier lacks the feature."""


class Conflict(SmartServiceError):
    """SSVC_ECONFLICT: changed concurrently."""


class ParseError(SmartServiceError, ValueError):
    """SSVC_EPARSE: malformed input."""


class OutOfMemory(SmartServiceError, MemoryError):
    """SSVC_ENOMEM: the allocator failed."""


class LimitExceeded(SmartServiceError):
    """SSVC_ELIMIT: a bound (size, depth, count) was exceeded."""


class StorageError(SmartServiceError):
    """SSVC_ESTORAGE, SSVC_EIO or SSVC_EBUSY: the storage or a file failed."""


_BY_CODE = {
    EINVAL: InvalidArgument, ENOMEM: OutOfMemory, ERANGE: OutOfRange, ENOTFOUND: NotFound,
    EEXISTS: AlreadyExists, ESTATE: StateError, ENOTENTITLED: NotEntitled, ECONFLICT: Conflict,
    EPARSE: ParseError, ELIMIT: LimitExceeded, ESTORAGE: StorageError, EIO: StorageError,
    EBUSY: StorageError,
}


def error_for(code, name, message):
    return _BY_CODE.get(code, SmartServiceError)(code, name, message)


__all__ = ["OK", "EINVAL", "ENOMEM", "ERANGE", "EVERSION", "ENOTFOUND", "EEXISTS", "ESTATE",
           "ENOTENTITLED", "ECONFLICT", "ESTORAGE", "EPARSE", "ELIMIT", "EIO", "EBUSY", "EINTERNAL",
           "SmartServiceError", "InvalidArgument", "OutOfRange", "NotFound", "UnknownName",
           "AlreadyExists", "StateError", "NotEntitled", "Conflict", "ParseError", "OutOfMemory",
           "LimitExceeded", "StorageError", "error_for"]
