"""Backup phones at the customers' sites."""
from ._base import _Area


class BackupPhones(_Area):
    """Backup phones at the customers' sites."""
