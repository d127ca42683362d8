"""Reading an import file: the one place that knows file types, limits and columns."""
import itertools

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import config

from ..lib import normalize, readers, schema
from ..lib.rows import ImportRow

# size limit of an uploaded or dropped file, in MB (server configuration key)
MAX_FILE_MB = 100

# rows read ahead to see whether the columns of a "one of" group hold any value
PEEK_ROWS = 100

# The dispatch point of file types: readers.file_type() names the type of a file
# (by its first bytes, then its extension) and this maps the type to the method of
# dsa.import.file that opens it. A new type (e.g. FatturaPA XML) adds a line here,
# its detection in readers.file_type() and its method.
FILE_READERS = {
    'csv': '_open_csv',
    'xls': '_open_xls',
    'xlsx': '_open_xlsx',
}


class DsaImportFile(models.AbstractModel):
    """Reads the file of an import job: file type, size limits, header check and
    the rows mapped to the target keys of the kind (lib/schema.py).

    Inherited by dsa.import.job, whose fields it reads: ``file`` (an attachment),
    ``file_name``, ``encoding`` and ``delimiter`` (overrides of the profile's)."""
    _name = 'dsa.import.file'
    _description = 'Import file reader'

    # ------------------------------------------------------------------ limits

    @api.model
    def _max_file_size(self):
        """Size limit of an import file in bytes: dsa_import_max_file_mb in the server
        configuration (never a database parameter), default 100 MB."""
        return int(float(config.get('dsa_import_max_file_mb') or MAX_FILE_MB) * 1024 * 1024)

    @api.model
    def _max_xlsx_uncompressed(self):
        """Uncompressed size limit of an XLSX (server configuration
        dsa_import_max_xlsx_uncompressed_mb, default 10 times the file size limit)."""
        value = config.get('dsa_import_max_xlsx_uncompressed_mb')
        if value:
            return int(float(value) * 1024 * 1024)
        return 10 * self._max_file_size()

    @api.model
    def _max_rows(self):
        """Row limit of a spreadsheet (dsa_import_max_rows, default 2,000,000)."""
        return int(config.get('dsa_import_max_rows') or 2000000)

    @api.model
    def _check_file_size(self, size, name):
        limit = self._max_file_size()
        if size > limit:
            raise UserError(_('The file %s is %.1f MB: the limit is %.1f MB '
                              '(dsa_import_max_file_mb in the server configuration).')
                            % (name or '', size / 1048576.0, limit / 1048576.0))

    # ------------------------------------------------------------------ the file

    @api.multi
    def _open_stream(self):
        """Binary stream of the job's file, through its attachment (see
        ir.attachment._dsa_open_stream: streamed, never decoded whole)."""
        attachment = self.env['ir.attachment'].sudo().search([
            ('res_model', '=', self._name), ('res_field', '=', 'file'),
            ('res_id', '=', self.id)], limit=1)
        return attachment._dsa_open_stream(self.display_name)

    @api.multi
    def _open_csv(self, stream, profile, result):
        encoding = self.encoding or profile.encoding or 'utf-8'
        delimiter = self.delimiter or profile.delimiter or ','
        result.rows_total = max(readers.csv_row_count(stream) - 1, 0)
        stream.seek(0)
        return readers.read_csv(stream, encoding, delimiter, profile.quotechar or '"')

    @api.multi
    def _open_xls(self, stream, profile, result):
        content = stream.read()
        stream.close()
        result.rows_total = max(readers.xls_row_count(content) - 1, 0)
        return readers.read_xls(content)

    @api.multi
    def _open_xlsx(self, stream, profile, result):
        readers.check_xlsx(stream, self._max_xlsx_uncompressed(), self._max_rows())
        stream.seek(0)
        result.rows_total = max(readers.xlsx_row_count(stream) - 1, 0)
        if result.rows_total > self._max_rows():
            raise readers.FileFormatError(
                _('the XLSX sheet has %d rows: the limit is %d rows'),
                result.rows_total, self._max_rows())
        stream.seek(0)
        return readers.read_xlsx(stream)

    @api.multi
    def _read_rows(self, profile, result, row_from=0):
        """Header check + generator of ImportRow (mapped values) for the file; with
        row_from, from the last non-empty row before it (see _iter_rows)."""
        stream = self._open_stream()
        head = stream.read(8)
        stream.seek(0)
        ftype = readers.file_type(self.file_name, head)
        rows = getattr(self, FILE_READERS[ftype])(stream, profile, result)
        header = []
        while not any(not normalize.is_empty(h) for h in header):
            try:
                _row_no, header = next(rows)
            except StopIteration:
                raise readers.FileFormatError(_('the file is empty'), row=1)
        columns = self._map_header(profile, header)
        if not row_from:
            rows = self._check_one_of_columns(profile, header, columns, rows)
        result.header = header
        column_map = profile.column_map()
        result.columns = {key: column_map[key] for key in column_map}
        result.columns.update({key: normalize.to_text(header[pos]) for key, pos in columns.items()})
        return self._iter_rows(rows, columns, row_from)

    @api.model
    def _map_header(self, profile, header):
        """{target key: column index}; raises on a missing required column."""
        names = [normalize.to_text(h).strip().lower() for h in header]
        index = {name: i for i, name in enumerate(names) if name}
        column_map = profile.column_map()
        columns = {}
        missing = []
        for key, label, required in schema.FIELDS[profile.kind]:
            source = column_map.get(key)
            if not source:
                continue
            position = index.get(source.strip().lower())
            if position is None:
                if required:
                    missing.append(source)
                continue
            columns[key] = position
        for group in schema.REQUIRES_ONE[profile.kind]:
            if not any(key in columns for key in group):
                missing.append(' / '.join(column_map.get(k, k) for k in group))
        if missing:
            raise readers.FileFormatError(
                _('required column missing: %s (columns found: %s)'),
                ', '.join('"%s"' % m for m in missing),
                ', '.join('"%s"' % normalize.to_text(h) for h in header),
                row=1, column=missing[0])
        return columns

    @api.model
    def _check_one_of_columns(self, profile, header, columns, rows):
        """A group of columns of which one is required (the customer's code or VAT) is
        missing when the file lacks some of them and the ones it has are empty in
        its first PEEK_ROWS rows: refused here, naming the missing column, rather
        than every row rejected for an empty customer. Returns the rows, the ones
        read ahead included."""
        incomplete = [group for group in schema.REQUIRES_ONE[profile.kind]
                      if not all(key in columns for key in group)]
        if not incomplete:
            return rows
        ahead = [(number, raw) for number, raw in itertools.islice(rows, PEEK_ROWS)
                 if any(not normalize.is_empty(value) for value in raw)]
        column_map = profile.column_map()
        for group in incomplete:
            present = [columns[key] for key in group if key in columns]
            if not ahead or any(not normalize.is_empty(raw[position])
                                for _number, raw in ahead for position in present
                                if position < len(raw)):
                continue
            missing = [column_map.get(key, key) for key in group if key not in columns]
            raise readers.FileFormatError(
                _('required column missing: %s (the column %s has no value)'),
                ' / '.join('"%s"' % name for name in missing),
                ', '.join('"%s"' % normalize.to_text(header[position]) for position in present),
                row=1, column=missing[0])
        return itertools.chain(ahead, rows)

    @api.model
    def _iter_rows(self, rows, columns, row_from=0):
        """ImportRow of each non-empty row. Rows before row_from (a chunk) are read but
        not made into ImportRow, except the last non-empty one, which _chunk_rows needs
        to see whether the chunk starts inside a document: measured, building the
        skipped rows made the chunks of a 400,000-row file cost 1.4 million rows more
        than the file has."""
        before = None
        for row_no, raw in rows:
            try:
                if not ''.join(raw).strip():   # CSV: every cell is text
                    continue
            except TypeError:
                if all(normalize.is_empty(v) for v in raw):
                    continue
            if row_no < row_from:
                before = (row_no, raw)
                continue
            if before:
                yield ImportRow(before[0], before[1], columns)
                before = None
            yield ImportRow(row_no, raw, columns)

    @api.model
    def _chunk_rows(self, rows, row_from, row_to, group_key):
        """The rows of a chunk: file rows row_from to row_to - 1 (row_to 0: to the end),
        without the leading rows that continue the document of the row before row_from
        (the previous chunk has them) and with the rows past row_to that continue the
        document of its last row. Rows of one document are contiguous in the file."""
        previous = None
        skipping = True
        last = None
        for row in rows:
            if row.number < row_from:
                previous = row
                continue
            key = group_key(row) if group_key else None
            if skipping:
                if group_key and previous is not None and key == group_key(previous):
                    continue
                skipping = False
            if row_to and row.number >= row_to and (not group_key or key != last):
                return
            last = key
            yield row

    @api.model
    def _group_key(self, handler):
        """Function giving the document a row belongs to, when rows are lines."""
        key = handler.group_key
        if not key:
            return None
        return lambda row: normalize.to_text(row.get(key))
