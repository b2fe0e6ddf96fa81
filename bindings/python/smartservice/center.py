"""The Support Center's own identity (the seller on invoices, the return address of service
notes), stored once per store (doc/documents.md)."""
import ctypes

from . import constants as C, results
from ._base import _Area, _pyinstant, _text
from ._native import lib, Party
from .agreements import _party, _party_dict


class Center(_Area):
    """The Support Center's identity (``store.center``)."""

    def set(self, party: dict, *, actor: str) -> None:
        """Stores the identity, replacing the one before: a dict of the party's fields (name,
        org_number, vat_number, street, postal_code, city, country, endpoint, legal_form,
        bankgiro, iban, bic, contact_name, contact_phone, contact_email, f_skatt). The VAT
        number and a payment account (bankgiro, or IBAN with BIC) are required;
        InvalidArgument names the field and its value."""
        p = _party(party)
        self._check(lib.ssvc_center_set(self._h(), ctypes.byref(p), actor.encode()))

    def get(self) -> results.CenterIdentity:
        """The stored identity; NotFound when none is stored."""
        out = ctypes.c_void_p()
        self._check(lib.ssvc_center_load(self._h(), ctypes.byref(out)))
        try:
            p = Party()
            p.version = C.PARTY_VERSION
            self._check(lib.ssvc_center_party(out, ctypes.byref(p)))
            return results.CenterIdentity(party=_party_dict(p),
                                          set_by=_text(lib.ssvc_center_set_by(out)),
                                          set_at=_pyinstant(lib.ssvc_center_set_at(out)))
        finally:
            lib.ssvc_center_free(out)
