import base64
import io
import json
import logging
from collections import OrderedDict

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import config

from ..handlers import handler_for
from ..lib import normalize, readers, schema

_logger = logging.getLogger(__name__)

KINDS = [
    ('customers', 'Customers'),
    ('invoices', 'Invoices'),
    ('supplier_purchases', 'Supplier purchases'),
    ('offers', 'Offers and orders'),
]
# a file of the drop folder that no profile recognises gets a job of this kind
JOB_KINDS = KINDS + [('unrecognised', 'Unrecognised file')]

# Fields that only the server writes (the import, the queue, the drop folder): refused
# in create() and write() over RPC, whoever the user. source_path names the folder the
# order PDFs are read from; the others would let a user forge a job's outcome. The
# server writes them through _write_server() (sudo) after checking the user's rights.
SERVER_FIELDS = frozenset([
    'source_path', 'state', 'dry_run', 'date_start', 'date_end', 'user_id', 'rows_total',
    'rows_done', 'count_created', 'count_updated', 'count_skipped', 'count_rejected',
    'error_message', 'header_json', 'file_sha256',
])
# size limit of an uploaded or dropped file, in MB (server configuration key)
MAX_FILE_MB = 100


class ChunkId(int):
    """Context value ``dsa_import_chunk_id`` of a chunk's queue job: a Python
    object, which no RPC client can send (a plain number sent by a client
    would publish progress on another job's chunk)."""


class _DryRunRollback(Exception):
    """Raised at the end of a dry run to roll its savepoint back."""


class ImportRow(object):
    """One row of the file: its number, the raw cells, and the positions of the
    mapped columns ({target key: index}, shared by every row). `values` (the mapped
    cells, text stripped) is built when first read: the set-based invoice path reads
    whole columns through `raw` instead."""
    __slots__ = ('number', 'raw', 'positions', '_values')

    def __init__(self, number, raw, positions):
        self.number = number
        self.raw = raw
        self.positions = positions
        self._values = None

    @property
    def values(self):
        if self._values is None:
            raw, values = self.raw, {}
            for key, position in self.positions.items():
                value = raw[position] if position < len(raw) else None
                if isinstance(value, str):
                    value = value.strip()
                values[key] = value
            self._values = values
        return self._values

    def get(self, key):
        """One mapped cell, text stripped (None when not mapped or missing)."""
        position = self.positions.get(key)
        if position is None or position >= len(self.raw):
            return None
        value = self.raw[position]
        return value.strip() if isinstance(value, str) else value


class ImportResult(object):
    """Counters and error log of one run, kept in Python so that a dry run can roll
    its writes back and still report them."""

    def __init__(self):
        self.created = self.updated = self.skipped = self.rejected = 0
        self.rows_done = 0
        self.rows_total = 0
        self.errors = []
        self.header = []
        self.columns = {}   # target key -> column name as written in the file

    def reject(self, row, errors, count=True):
        if count:
            self.rejected += 1
        for column, message in errors:
            self.errors.append((row.number, column, message, row.raw))


class DsaImportJob(models.Model):
    _name = 'dsa.import.job'
    _description = 'Import job'
    _inherit = ['mail.thread']
    _order = 'id desc'

    name = fields.Char(required=True, default='/', copy=False)
    kind = fields.Selection(JOB_KINDS, required=True, default='customers',
                            track_visibility='onchange')
    state = fields.Selection([
        ('draft', 'Draft'),
        ('queued', 'Queued'),
        ('running', 'Running'),
        ('done', 'Done'),
        ('done_errors', 'Done with rejected rows'),
        ('failed', 'Failed'),
    ], default='draft', required=True, readonly=True, copy=False,
        track_visibility='onchange')
    file = fields.Binary(string='File', attachment=True, copy=False)
    file_name = fields.Char(string='File name', copy=False)
    profile_id = fields.Many2one(
        'dsa.import.profile', string='Mapping profile', ondelete='restrict',
        domain="[('kind', '=', kind)]",
        help="Columns, delimiter and encoding of the file. Empty: the generic profile of "
             "the kind.")
    encoding = fields.Selection([
        ('utf-8', 'UTF-8 (with or without BOM)'),
        ('cp1252', 'Windows-1252'),
        ('iso-8859-15', 'ISO-8859-15'),
    ], string='Encoding', help="Overrides the encoding of the profile.")
    delimiter = fields.Char(string='CSV delimiter', size=1,
                            help="Overrides the delimiter of the profile.")
    dry_run = fields.Boolean(
        string='Dry run', copy=False, readonly=True,
        help="The last run was a dry run: the counters say what would happen, nothing "
             "was written.")
    file_sha256 = fields.Char(
        string='File SHA-256', readonly=True, copy=False, index=True,
        help="Content hash of a file of the drop folder: a file imported but not moved "
             "(crash) is recognised by it and not imported twice.")
    source_path = fields.Char(
        string='Source folder', readonly=True, copy=False,
        help="Folder the file came from (drop folder); order PDFs are looked up there.")
    date_start = fields.Datetime(string='Started', readonly=True, copy=False)
    date_end = fields.Datetime(string='Ended', readonly=True, copy=False)
    user_id = fields.Many2one('res.users', string='Run by', readonly=True, copy=False)
    rows_total = fields.Integer(string='Rows in file', readonly=True, copy=False)
    rows_done = fields.Integer(string='Rows done', readonly=True, copy=False)
    progress = fields.Float(string='Progress (%)', compute='_compute_progress')
    progress_rows_done = fields.Integer(string='Rows done so far', compute='_compute_progress')
    progress_rows_total = fields.Integer(string='Rows to do', compute='_compute_progress')
    is_running = fields.Boolean(string='Running now', compute='_compute_progress')
    count_created = fields.Integer(string='Created', readonly=True, copy=False)
    count_updated = fields.Integer(string='Updated', readonly=True, copy=False)
    count_skipped = fields.Integer(string='Unchanged', readonly=True, copy=False)
    count_rejected = fields.Integer(string='Rejected', readonly=True, copy=False)
    error_message = fields.Text(string='Error', readonly=True, copy=False)
    header_json = fields.Text(string='File header', readonly=True, copy=False)
    line_ids = fields.One2many('dsa.import.job.line', 'job_id', string='Error log',
                               readonly=True, copy=False)
    rejected_file = fields.Binary(string='Rejected rows', compute='_compute_rejected_file')
    rejected_file_name = fields.Char(compute='_compute_rejected_file')

    @api.model_cr
    def init(self):
        # Progress of running jobs, written by a separate cursor that commits at once
        # (see _report_progress). A side table rather than columns of dsa_import_job:
        # the import transaction (repeatable read) writes the job row at the end, and a
        # row also updated by another committed transaction meanwhile would make it
        # fail with a serialization error. No foreign key: the job row may not be
        # committed yet (cron) and the progress writer must never wait for it.
        self.env.cr.execute("""
            CREATE TABLE IF NOT EXISTS dsa_import_job_progress (
                job_id integer PRIMARY KEY,
                rows_done integer NOT NULL DEFAULT 0,
                rows_total integer NOT NULL DEFAULT 0,
                updated timestamp without time zone NOT NULL
            )
        """)
        # the same for the chunks of a queued job (several may run at once)
        self.env.cr.execute("""
            CREATE TABLE IF NOT EXISTS dsa_import_chunk_progress (
                chunk_id integer PRIMARY KEY,
                job_id integer NOT NULL,
                rows_done integer NOT NULL DEFAULT 0,
                updated timestamp without time zone NOT NULL
            )
        """)

    @api.multi
    def _compute_progress(self):
        live = {}
        if self.ids:
            self.env.cr.execute("""
                SELECT job_id, rows_done, rows_total,
                       to_char(updated, 'YYYY-MM-DD HH24:MI:SS')
                  FROM dsa_import_job_progress WHERE job_id IN %s
            """, (tuple(self.ids),))
            live = {r[0]: r[1:] for r in self.env.cr.fetchall()}
        for job in self:
            done, total, running = job.rows_done, job.rows_total, False
            row = live.get(job.id)
            # Odoo's cursor gives timestamps as text: compare the two as text, in the
            # same format (the web client read of a finished job's form failed here)
            if row and (not job.date_end or row[2] > job.date_end):
                done, total, running = row[0], row[1], True
            job.progress_rows_done = done
            job.progress_rows_total = total
            job.is_running = running
            job.progress = min(100.0, 100.0 * done / total) if total else 0.0

    @api.multi
    def _compute_rejected_file(self):
        for job in self:
            lines = job.line_ids.filtered(lambda ln: ln.raw_json and ln.level == 'error')
            if not lines:
                job.rejected_file = False
                job.rejected_file_name = False
                continue
            header = json.loads(job.header_json or '[]')
            by_row = OrderedDict()
            for line in lines.sorted(lambda ln: (ln.row_number, ln.id)):
                by_row.setdefault(line.row_number, []).append(line)
            rows = []
            for row_lines in by_row.values():
                raw = json.loads(row_lines[0].raw_json)
                reasons = '; '.join(
                    '%s: %s' % (ln.column, ln.reason) if ln.column else ln.reason
                    for ln in row_lines)
                rows.append(raw + [''] * max(0, len(header) - len(raw)) + [reasons])
            content = readers.write_csv(header + [_('Import error')], rows)
            job.rejected_file = base64.b64encode(content)
            base = (job.file_name or 'import').rsplit('.', 1)[0]
            job.rejected_file_name = '%s_rejected.csv' % base

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

    @api.model
    def _check_server_fields(self, vals):
        forbidden = sorted(SERVER_FIELDS & set(vals))
        if forbidden and self.env.uid != SUPERUSER_ID:
            raise AccessError(_('These fields of an import job are set by the server only: %s.')
                              % ', '.join(forbidden))
        if vals.get('file'):
            data = vals['file']
            # size of the decoded content, without decoding it
            self._check_file_size(len(data) * 3 // 4, vals.get('file_name'))

    @api.multi
    def write(self, vals):
        self._check_server_fields(vals)
        return super(DsaImportJob, self).write(vals)

    @api.multi
    def _write_server(self, vals):
        """Write server-side fields (see SERVER_FIELDS) for a user allowed to write the
        job."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        return self.sudo().write(vals)

    @api.model
    def create(self, vals):
        # a default_<field> key of the context (an RPC client sends any) sets
        # the field as well
        from_context = {name: True for name in SERVER_FIELDS
                        if 'default_' + name in self.env.context}
        self._check_server_fields(dict(from_context, **vals))
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('dsa.import.job') or '/'
        return super(DsaImportJob, self).create(vals)

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_run(self):
        """Import the file. Returns True.

        Contract for scripts (RPC): with the context key `dsa_import_sync` the whole import
        runs before the call returns, in the caller's transaction. Without it the import is
        queued (queue_job: one job that plans the chunks, one job per chunk) and the call
        returns at once; `state` and the counters say when it is done."""
        sync = self.env.context.get('dsa_import_sync') or \
            self.env.context.get('test_queue_job_no_delay')
        for job in self:
            if sync:
                job._run(dry_run=False)
            else:
                job._enqueue()
        return True

    @api.multi
    def action_dry_run(self):
        """Run the import and roll everything back: only counters and log are kept."""
        for job in self:
            job._run(dry_run=True)
        return True

    @api.multi
    def action_reset(self):
        self._write_server({'state': 'draft'})
        return True

    @api.multi
    def action_download_rejected(self):
        self.ensure_one()
        if not self.rejected_file:
            raise UserError(_('This job has no rejected rows.'))
        return {
            'type': 'ir.actions.act_url',
            'url': '/web/content?model=dsa.import.job&id=%d&field=rejected_file'
                   '&filename_field=rejected_file_name&download=true' % self.id,
            'target': 'self',
        }

    # ------------------------------------------------------------------ framework

    @api.multi
    def _get_profile(self):
        self.ensure_one()
        if self.profile_id:
            return self.profile_id
        xmlid = 'dsa_accounting_bridge.dsa_import_profile_generic_%s' % self.kind
        profile = self.env.ref(xmlid, raise_if_not_found=False)
        if not profile:
            profile = self.env['dsa.import.profile'].search([('kind', '=', self.kind)], limit=1)
        if not profile:
            raise UserError(_('No mapping profile for the import of %s.') % self.kind)
        return profile

    @api.multi
    def _run(self, dry_run=False):
        self.ensure_one()
        if self.state == 'running':
            raise UserError(_('Job %s is already running.') % self.name)
        if not self.with_context(bin_size=True).file:   # not the content: its size
            raise UserError(_('Job %s has no file to import.') % self.name)
        start = fields.Datetime.now()
        result = ImportResult()
        fatal = None
        self.line_ids.unlink()
        try:
            with self.env.cr.savepoint():
                self._import(result, dry_run)
                if dry_run:
                    raise _DryRunRollback()
        except _DryRunRollback:
            pass
        except readers.FileFormatError as exc:
            fatal = (exc.row, exc.column, _(exc.template) % exc.params if exc.params
                     else _(exc.template))
        except UserError as exc:
            fatal = (0, '', exc.name)
        except Exception as exc:  # the whole file is rolled back, the job says why
            _logger.exception('Import job %s failed', self.name)
            fatal = (0, '', _('Unexpected error: %s') % exc)
        # the savepoint was rolled back on a dry run or a fatal error: forget what the
        # cache still holds about the records that no longer exist
        self.env.clear()
        self._write_result(result, fatal, dry_run, start)
        return True

    @api.multi
    def _write_result(self, result, fatal, dry_run, start):
        line_model = self.env['dsa.import.job.line']
        for row_number, column, reason, raw in result.errors:
            line_model.create({
                'job_id': self.id, 'row_number': row_number, 'column': column,
                'reason': reason, 'level': 'error',
                'raw_json': json.dumps([normalize.to_text(v) for v in raw]) if raw else False,
            })
        vals = {
            'state': 'done_errors' if result.rejected else 'done',
            'dry_run': dry_run,
            'date_start': start,
            'date_end': fields.Datetime.now(),
            'user_id': self.env.uid,
            'rows_total': result.rows_total,
            'rows_done': result.rows_done,
            'count_created': result.created,
            'count_updated': result.updated,
            'count_skipped': result.skipped,
            'count_rejected': result.rejected,
            'error_message': False,
            'header_json': json.dumps([normalize.to_text(h) for h in result.header]),
        }
        if fatal:
            row, column, message = fatal
            text = message
            if row:
                text = _('Row %s: %s') % (row, message)
            line_model.create({'job_id': self.id, 'row_number': row, 'column': column,
                               'reason': message, 'level': 'fatal'})
            vals.update({
                'state': 'failed', 'error_message': text,
                'count_created': 0, 'count_updated': 0, 'count_skipped': 0,
                'count_rejected': 0,
            })
            if dry_run:
                vals['dry_run'] = True
        elif dry_run:
            vals['state'] = 'draft'
        self._write_server(vals)

    @api.multi
    def _open_stream(self):
        """Binary stream of the file: read from the filestore without decoding the
        whole base64 value when the attachment is stored on disk."""
        attachment = self.env['ir.attachment'].sudo().search([
            ('res_model', '=', self._name), ('res_field', '=', 'file'),
            ('res_id', '=', self.id)], limit=1)
        if attachment.store_fname:
            path = self._dsa_file_path(attachment)
            try:
                return open(path, 'rb')
            except IOError:
                _logger.warning('Filestore file %s missing, reading the field', path)
        return io.BytesIO(base64.b64decode(self.with_context(bin_size=False).file))

    @api.model
    def _dsa_file_path(self, attachment):
        """The filestore path of the job's file, read only if its name is the
        one core gives to that content (its SHA-1 ``checksum``, which no user
        can write): a ``store_fname`` pointed at another stored file fails the
        job instead of importing, and echoing in the rejected rows, that file.
        dsa_security refuses such writes; this covers a name set before."""
        checksum = attachment.checksum or ''
        names = ('%s/%s' % (checksum[:2], checksum), '%s/%s' % (checksum[:3], checksum))
        if not checksum or attachment.store_fname not in names:
            _logger.warning('Import job %s: attachment %s is stored as %s, not under its '
                            'checksum: refused', self.name, attachment.id,
                            attachment.store_fname)
            raise readers.FileFormatError(
                _('the stored file does not match the uploaded one: upload it again'))
        return attachment._full_path(attachment.store_fname)

    @api.multi
    def _read_rows(self, profile, result, row_from=0):
        """Header check + generator of ImportRow (mapped values) for the file; with
        row_from, from the last non-empty row before it (see _iter_rows)."""
        encoding = self.encoding or profile.encoding or 'utf-8'
        delimiter = self.delimiter or profile.delimiter or ','
        stream = self._open_stream()
        head = stream.read(8)
        stream.seek(0)
        ftype = readers.file_type(self.file_name, head)
        if ftype == 'csv':
            result.rows_total = max(readers.csv_row_count(stream) - 1, 0)
            stream.seek(0)
            rows = readers.read_csv(stream, encoding, delimiter, profile.quotechar or '"')
        elif ftype == 'xls':
            content = stream.read()
            stream.close()
            result.rows_total = max(readers.xls_row_count(content) - 1, 0)
            rows = readers.read_xls(content)
        else:
            readers.check_xlsx(stream, self._max_xlsx_uncompressed(), self._max_rows())
            stream.seek(0)
            result.rows_total = max(readers.xlsx_row_count(stream) - 1, 0)
            if result.rows_total > self._max_rows():
                raise readers.FileFormatError(
                    _('the XLSX sheet has %d rows: the limit is %d rows'),
                    result.rows_total, self._max_rows())
            stream.seek(0)
            rows = readers.read_xlsx(stream)
        header = []
        while not any(not normalize.is_empty(h) for h in header):
            try:
                _row_no, header = next(rows)
            except StopIteration:
                raise readers.FileFormatError(_('the file is empty'), row=1)
        columns = self._map_header(profile, header)
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

    @api.multi
    def _import(self, result, dry_run, row_from=0, row_to=0):
        """Read the file and hand it, batch by batch, to the handler of the kind
        (handlers/): the job only orchestrates."""
        profile = self._get_profile()
        if self.kind == 'offers' and not self.env['sale.order'].check_access_rights(
                'create', raise_exception=False):
            raise UserError(_('Importing offers and orders needs the Sales rights.'))
        if profile.kind != self.kind:
            raise UserError(_('Profile "%s" is for %s, not for %s.') % (
                profile.name, profile.kind, self.kind))
        rows = self._read_rows(profile, result, row_from)
        handler = handler_for(self, profile, result)
        group_key = self._group_key(handler)
        if row_from or row_to:
            rows = self._chunk_rows(rows, row_from, row_to, group_key)
            result.rows_total = (row_to or result.rows_total + 2) - row_from
        self._report_progress(result)
        batch = []
        batch_size = handler.batch_size()
        for row in rows:
            # a batch never splits the rows of one document (invoice lines, order lines)
            if len(batch) >= batch_size and (
                    not group_key or group_key(row) != group_key(batch[-1])):
                handler.run_batch(batch)
                result.rows_done += len(batch)
                batch = []
                self._end_batch(result)
            batch.append(row)
        if batch:
            handler.run_batch(batch)
            result.rows_done += len(batch)
        self._end_batch(result)

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

    @api.multi
    def _end_batch(self, result):
        # flush pending recomputations, then drop the record cache so that memory
        # stays flat however long the file is
        self.env[self._name].recompute()
        self.env.cache.invalidate()
        self._report_progress(result)

    @api.multi
    def _report_progress(self, result):
        """Publish rows done / total to other users during the run.

        The import runs in one transaction, invisible to others until it commits, so
        the progress alone is written through a separate cursor that commits at once,
        into the side table dsa_import_job_progress that the import transaction only
        reads: the two transactions never wait on each other (a lock timeout guards it
        anyway). In test mode (one shared test cursor) nothing is published.
        """
        if self.env.registry.test_cr is not None or not self.id:
            return
        chunk_id = self.env.context.get('dsa_import_chunk_id')
        if not isinstance(chunk_id, ChunkId):
            chunk_id = None
        try:
            with self.env.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '2s'")
                if chunk_id:
                    cr.execute("""
                        INSERT INTO dsa_import_chunk_progress (chunk_id, job_id, rows_done, updated)
                        VALUES (%s, %s, %s, now() at time zone 'UTC')
                        ON CONFLICT (chunk_id) DO UPDATE
                           SET rows_done = EXCLUDED.rows_done, updated = EXCLUDED.updated
                    """, (chunk_id, self.id, result.rows_done))
                    return
                cr.execute("""
                    INSERT INTO dsa_import_job_progress (job_id, rows_done, rows_total, updated)
                    VALUES (%s, %s, %s, now() at time zone 'UTC')
                    ON CONFLICT (job_id) DO UPDATE
                       SET rows_done = EXCLUDED.rows_done, rows_total = EXCLUDED.rows_total,
                           updated = EXCLUDED.updated
                """, (self.id, result.rows_done, result.rows_total or 0))
        except Exception:
            _logger.info('Progress of import job %s not published', self.id, exc_info=True)
