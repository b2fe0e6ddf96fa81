"""Backup phones kept at a customer's site, bought or rented, handed to users while their own
phone is away (doc/backup-phones.md)."""
import ctypes
import typing

from . import constants as C
from .enums import BackupState, BackupTerms
from ._base import _Area, _pyinstant
from ._native import lib
from ._native_ops import BACKUP_PHONE_FN, BackupPhone as _CPhone
from ._ops import _b, _opt_instant, _opt_text
from .results import BackupPhone


def _phone(p):
    return BackupPhone(customer_id=p.customer_id.decode(), imei=p.imei.decode(),
                       model=p.model.decode(), terms=BackupTerms(p.terms),
                       state=BackupState(p.state), user=_opt_text(p.user),
                       price_minor=p.price_minor, received_at=_pyinstant(p.received_at),
                       removed_at=_opt_instant(p.removed_at), updated_at=_pyinstant(p.updated_at))


class BackupPhones(_Area):
    """The backup phones of a store's customers."""

    def add(self, customer_id: str, imei: str, model: str, terms: BackupTerms, *,
            actor: str, price_minor: int = 0) -> BackupPhone:
        """Adds a phone to the customer's site (terms a BackupTerms or its key: "bought" is
        charged once at price_minor on the customer's account; "rented" takes price_minor 0 and
        is rent on the service invoice); returns it. AlreadyExists when the site has the IMEI."""
        t = int(BackupTerms.from_key(terms, self._ctx))
        self._check(lib.ssvc_backup_phone_add(self._h(), _b(customer_id), _b(imei), _b(model), t,
                                              int(price_minor), _b(actor)))
        return self.get(customer_id, imei)

    def hand_out(self, customer_id: str, imei: str, user: str, *, actor: str) -> BackupPhone:
        """Hands an at-site phone to @p user; returns it. StateError unless at site."""
        self._check(lib.ssvc_backup_phone_hand_out(self._h(), _b(customer_id), _b(imei),
                                                   _b(user), _b(actor)))
        return self.get(customer_id, imei)

    def return_(self, customer_id: str, imei: str, *, actor: str) -> BackupPhone:
        """The handed-out phone is back at the site; returns it."""
        self._check(lib.ssvc_backup_phone_return(self._h(), _b(customer_id), _b(imei),
                                                 _b(actor)))
        return self.get(customer_id, imei)

    def remove(self, customer_id: str, imei: str, *, actor: str) -> BackupPhone:
        """Takes the phone out of service (kept for the invoices); returns it."""
        self._check(lib.ssvc_backup_phone_remove(self._h(), _b(customer_id), _b(imei),
                                                 _b(actor)))
        return self.get(customer_id, imei)

    def get(self, customer_id: str, imei: str) -> BackupPhone:
        """A backup phone; NotFound when the site has no such IMEI."""
        p = _CPhone()
        self._check(lib.ssvc_backup_phone_init(ctypes.addressof(p), C.BACKUP_PHONE_VERSION))
        self._check(lib.ssvc_backup_phone_get(self._h(), ctypes.addressof(p), _b(customer_id),
                                              _b(imei)))
        return _phone(p)

    def list(self, customer_id: str) -> typing.List[BackupPhone]:
        """The customer's backup phones by IMEI (removed ones too)."""
        out = []
        cb = BACKUP_PHONE_FN(lambda _ud, p: out.append(_phone(_CPhone.from_address(p))) or 0)
        self._check(lib.ssvc_backup_phone_list(self._h(), _b(customer_id), cb, None))
        return out
