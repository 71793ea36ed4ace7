"""Reader of exported CTAI documents (contract and action sheets) into the ctai/1 format.

Pure Python, no Django: ``read_document(data)`` takes the bytes or text of the office
export and returns the ctai/1 dict described in ``docs/exchange-format.md``; it raises
:class:`ReadError` (with a French message and, when it applies, a line number) for a
file it cannot read at all.
"""

from ctai.documents.reader.document import FORMAT, read_document
from ctai.documents.reader.errors import ReadError

__all__ = ["FORMAT", "ReadError", "read_document"]
