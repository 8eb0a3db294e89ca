"""Exports of HR and supervisor lists as CSV or XLSX, streamed in chunks so memory stays flat, and audited."""

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from lms.domain.spreadsheet import Cell, csv_row, neutralise
from lms.extensions import db
from lms.models import User
from lms.services import audit

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
MIMETYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Rows gathered before a CSV chunk is sent, and bytes per chunk of an XLSX file.
CSV_BATCH = 500
FILE_CHUNK = 64 * 1024
#: Excel's limit on a sheet's name.
SHEET_NAME_MAX = 31


@dataclass
class Table:
    """One list to export: its code (audited), a title, the header, the rows (read lazily) and the filter used."""

    list_name: str
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    filter: Mapping[str, object] = field(default_factory=dict)
    #: Rows written so far (known once the rows have been read).
    count: int = 0

    def counted(self) -> Iterator[Sequence[Cell]]:
        """The rows, counting them as they pass."""
        for row in self.rows:
            self.count += 1
            yield row


def csv_chunks(table: Table) -> Iterator[bytes]:
    """The table as UTF-8 CSV with a BOM (so Excel reads Chinese), ``CSV_BATCH`` rows per chunk, cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_row(table.header))
    yield "\ufeff".encode() + buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    for index, row in enumerate(table.counted(), start=1):
        writer.writerow(csv_row(row))
        if index % CSV_BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def xlsx_file(table: Table, directory: str | None = None) -> str:
    """Write the table to a temporary XLSX file with openpyxl's write-only workbook (rows are not kept); its path."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_name(table.title))
    sheet.append([neutralise(cell) for cell in table.header])
    for row in table.counted():
        sheet.append([neutralise(cell) for cell in row])
    handle, path = tempfile.mkstemp(suffix=".xlsx", dir=directory)
    os.close(handle)
    book.save(path)
    return path


def _sheet_name(title: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\ and at most 31 characters."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:SHEET_NAME_MAX] or "Sheet1"


def file_chunks(path: str) -> Iterator[bytes]:
    """A file's bytes in ``FILE_CHUNK`` pieces, removing the file once read (or abandoned)."""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(FILE_CHUNK):
                yield chunk
    finally:
        os.unlink(path)


def audited(chunks: Iterator[bytes], table: Table, fmt: str, viewer: User, ip: str | None) -> Iterator[bytes]:
    """``chunks`` as they come, then an audit entry (who, which list and filter, how many rows) once all are sent."""
    yield from chunks
    record(table, fmt, viewer, ip)


def record(table: Table, fmt: str, viewer: User | None, ip: str | None = None) -> None:
    """Audit one export (who, which list and filter, how many rows) and commit it."""
    detail = {"list": table.list_name, "format": fmt, "filter": dict(table.filter), "rows": table.count}
    audit.record("export.download", viewer, detail=detail, ip=ip)
    db.session.commit()


def stream(table: Table, fmt: str, viewer: User, ip: str | None) -> Iterator[bytes]:
    """The export's bytes in chunks: CSV as it is read, XLSX from its file once written; audited either way."""
    if fmt == CSV:
        return audited(csv_chunks(table), table, fmt, viewer, ip)
    path = xlsx_file(table)
    record(table, fmt, viewer, ip)
    return file_chunks(path)


def write(table: Table, fmt: str, out, viewer: User | None = None) -> int:
    """Write the export to the binary file ``out`` (the command line; audited as the system); the number of rows."""
    for chunk in csv_chunks(table) if fmt == CSV else file_chunks(xlsx_file(table)):
        out.write(chunk)
    record(table, fmt, viewer)
    return table.count
