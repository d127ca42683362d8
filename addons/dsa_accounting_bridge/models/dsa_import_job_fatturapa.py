"""E-invoices (FatturaPA) as a source of the import job: .xml, signed .xml.p7m and
.zip archives of them are imported by handlers/fatturapa.py instead of the
column-mapped readers. The hook is at the job's file-type dispatch (_import, and
_job_plan for the queue): a FatturaPA upload has no header to check nor rows to
cut into chunks, so it runs as one chunk."""
from odoo import _, api, fields, models

from odoo.addons.queue_job import job as queue_job

from ..handlers.fatturapa import FatturaPAImporter
from ..lib import fatturapa, readers
from .dsa_import_job_queue import CHANNEL

FATTURAPA_SUFFIXES = ('.xml', '.p7m', '.zip')


class DsaImportJob(models.Model):
    _inherit = 'dsa.import.job'

    kind = fields.Selection(selection_add=[('fatturapa', 'E-invoices (FatturaPA)')])
    count_files_skipped = fields.Integer(
        string='Other files skipped', readonly=True, copy=False,
        help="Files of an e-invoice archive that are not invoices (SDI receipts and "
             "notifications, metadata): skipped, not errors.")

    @api.onchange('file_name')
    def _onchange_file_name_fatturapa(self):
        """An e-invoice file chooses its kind: no mapping to configure."""
        if self._dsa_is_fatturapa_name(self.file_name):
            self.kind = 'fatturapa'
            self.profile_id = False

    @api.model
    def _dsa_is_fatturapa_name(self, name):
        return (name or '').lower().endswith(FATTURAPA_SUFFIXES)

    @api.multi
    def _dsa_is_fatturapa(self):
        """A FatturaPA job: of that kind, or a file named .xml, .p7m or .zip (whatever
        kind was chosen: the file carries its own structure)."""
        self.ensure_one()
        return self.kind == 'fatturapa' or self._dsa_is_fatturapa_name(self.file_name)

    @api.multi
    def _dsa_fatturapa_profile(self):
        if self.profile_id.kind == 'fatturapa':
            return self.profile_id
        return self.env.ref('dsa_accounting_bridge.dsa_import_profile_generic_fatturapa')

    @api.multi
    def _import(self, result, dry_run, row_from=0, row_to=0):
        if not self._dsa_is_fatturapa():
            return super(DsaImportJob, self)._import(result, dry_run, row_from, row_to)
        if self.kind != 'fatturapa':
            self._write_server({'kind': 'fatturapa'})
        importer = FatturaPAImporter(self, self._dsa_fatturapa_profile(), result)
        self._report_progress(result)
        stream = self._open_stream()
        try:
            importer.run(self.file_name or 'fattura.xml', stream)
        except fatturapa.FatturaPAError as exc:   # the upload as a whole (zip, company)
            raise readers.FileFormatError(importer.message(exc))
        finally:
            stream.close()
        self._write_server({'count_files_skipped': importer.files_skipped})
        return True

    @api.multi
    @queue_job.job(default_channel=CHANNEL)
    def _job_plan(self):
        """A FatturaPA upload is one chunk (files are not rows: no header, no count)."""
        if not self._dsa_is_fatturapa():
            return super(DsaImportJob, self)._job_plan()
        chunk = self.env['dsa.import.job.chunk'].sudo().create({
            'job_id': self.id, 'sequence': 0, 'row_from': 2, 'row_to': 0})
        self._write_server({'state': 'running', 'rows_total': 0, 'header_json': '[]',
                            'count_files_skipped': 0})
        self._enqueue_chunk(chunk)
        return _('%d chunks') % 1
