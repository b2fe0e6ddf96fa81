"""XML import and export of case records and agreements."""
from ._base import _Area


class Interchange(_Area):
    """XML import and export of case records and agreements."""
