"""The import job: what to import (file, kind, profile), its guards, its run and
its outcome. Reading the file is dsa.import.file's (dsa_import_file.py), each kind's
rows are a handler's (handlers/), publishing the progress is
dsa.import.job.progress's, queueing is dsa_import_job_queue.py's and the drop
folder dsa_import_job_drop_folder.py's. A run that fails as a whole raises
ImportFailure (lib/errors.py), the typed error naming the row and column."""
import base64
import json
import logging
from collections import OrderedDict

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..handlers import handler_for
from ..lib import normalize, readers
from ..lib.errors import ImportFailure
from ..lib.rows import ImportResult, ImportRow  # noqa: F401 (public names of this module)

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


class ChunkId(int):
    """Context value ``dsa_import_chunk_id`` of a chunk's queue job: a Python
    object, which no RPC client can send (a plain number sent by a client
    would publish progress on another job's chunk)."""


class _DryRunRollback(Exception):
    """Raised at the end of a dry run to roll its savepoint back."""


class DsaImportJob(models.Model):
    _name = 'dsa.import.job'
    _description = 'Import job'
    _inherit = ['mail.thread', 'dsa.import.file']
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

    @api.multi
    def _compute_progress(self):
        live = self.env['dsa.import.job.progress']._live(self.ids)
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
        failure = None
        self.line_ids.unlink()
        try:
            with self.env.cr.savepoint():
                self._import(result, dry_run)
                if dry_run:
                    raise _DryRunRollback()
        except _DryRunRollback:
            pass
        except Exception as exc:  # the whole file is rolled back, the job says why
            failure = self._failure(exc)
        # the savepoint was rolled back on a dry run or a failure: forget what the
        # cache still holds about the records that no longer exist
        self.env.clear()
        self._write_result(result, failure, dry_run, start)
        return True

    @api.multi
    def _failure(self, exc):
        """The ImportFailure that a whole run (job or chunk) ends with, in the user's
        language, for any exception its import raised."""
        if isinstance(exc, ImportFailure):
            return exc
        if isinstance(exc, readers.FileFormatError):
            message = _(exc.template) % exc.params if exc.params else _(exc.template)
            return ImportFailure(message, row=exc.row, column=exc.column)
        if isinstance(exc, UserError):
            return ImportFailure(exc.name)
        _logger.error('Import job %s failed', self.name, exc_info=exc)
        return ImportFailure(_('Unexpected error: %s') % exc)

    @api.multi
    def _failure_text(self, failure):
        """The job's error message for a failure: its row first when it has one."""
        if failure.row:
            return _('Row %s: %s') % (failure.row, failure.message)
        return failure.message

    @api.multi
    def _write_result(self, result, failure, dry_run, start):
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
        if failure:
            line_model.create(dict(failure.line_vals(), job_id=self.id))
            vals.update({
                'state': 'failed', 'error_message': self._failure_text(failure),
                'count_created': 0, 'count_updated': 0, 'count_skipped': 0,
                'count_rejected': 0,
            })
            if dry_run:
                vals['dry_run'] = True
        elif dry_run:
            vals['state'] = 'draft'
        self._write_server(vals)

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

    @api.multi
    def _end_batch(self, result):
        # flush pending recomputations, then drop the record cache so that memory
        # stays flat however long the file is
        self.env[self._name].recompute()
        self.env.cache.invalidate()
        self._report_progress(result)

    @api.multi
    def _report_progress(self, result):
        """Publish rows done / total to other users during the run (see
        dsa.import.job.progress._publish). A chunk's queue job publishes its own
        rows under its chunk (context dsa_import_chunk_id, a ChunkId)."""
        chunk_id = self.env.context.get('dsa_import_chunk_id')
        if not isinstance(chunk_id, ChunkId):
            chunk_id = None
        self.env['dsa.import.job.progress']._publish(
            self.id, result.rows_done, result.rows_total, chunk_id=chunk_id)
