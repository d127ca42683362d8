from odoo import _, api, models


class QueueJob(models.Model):
    """A chunk's queue job that fails in the job runner itself, before or after the
    chunk's own code (e.g. a serialization failure in /queue_job/runjob when two
    workers race), would leave its chunk *queued* and the import *running* for
    ever. The failure is passed on: the chunk is failed with the reason, and the
    import ends as failed, so that the chunk can be retried from the import's form
    (seen under load, bench/load)."""
    _inherit = 'queue.job'

    @api.multi
    def write(self, vals):
        result = super(QueueJob, self).write(vals)
        if vals.get('state') == 'failed':
            self._dsa_fail_import_chunks()
        return result

    @api.multi
    def _dsa_fail_import_chunks(self):
        chunks = self.env['dsa.import.job.chunk'].sudo().search([
            ('queue_job_uuid', 'in', self.mapped('uuid')), ('state', '=', 'queued')])
        for chunk in chunks:
            queue_job = self.filtered(lambda j: j.uuid == chunk.queue_job_uuid)[:1]
            reason = ((queue_job.exc_info or '').strip().splitlines() or [_('unknown')])[-1]
            chunk.write({'state': 'failed', 'attempts': chunk.attempts + 1,
                         'error_message': _('The job queue could not run it: %s') % reason})
            chunk.job_id.sudo()._job_finish()
