"""From an uploaded file to the numbered lines the reader consumes, whatever its format.

The kind is detected from the bytes, never from the file name: a Word file (.docx), an
OpenDocument text (.odt), a PDF, or the text export already read. Every format becomes the
same text: paragraphs one per line, a table row one line with its real cells separated by
tabs. ``Extracted.locations`` says where each line comes from in the original file
("§ 12", "tableau 3, ligne 4", "page 2, ligne 14") for review items and sources.
"""

from ctai.documents.reader.formats.detect import extract
from ctai.documents.reader.formats.lines import Extracted

__all__ = ["Extracted", "extract"]
