"""Declarations of the C functions and structures of the SWAP pool, invoices, charges, prices,
roster, backup phones, change feed, XML interchange and reports (the areas beyond cases,
agreements, diagnosis and the calendar, which are in _native.py).

_native.py merges FUNCTIONS below into its own table before loading; tests/test_declarations.py
checks both against the headers.
"""
import ctypes

_p = ctypes.c_void_p  # an opaque handle
_pp = ctypes.POINTER(ctypes.c_void_p)  # where a handle is written
_s = ctypes.c_char_p
_i = ctypes.c_int
_u = ctypes.c_uint
_u32 = ctypes.c_uint32
_i64 = ctypes.c_int64
_size = ctypes.c_size_t

FUNCTIONS = {
}
