from odoo import _, api, fields, models


class DsaPlant(models.Model):
    """History of the plant (TTS-10): its calls, interventions, signed reports,
    contracts, emails and documents; upload of a document with its kind."""
    _inherit = 'dsa.plant'

    dsa_call_count = fields.Integer('Calls', compute='_compute_dsa_history_counts')
    dsa_intervention_count = fields.Integer(
        'Interventions', compute='_compute_dsa_history_counts')
    dsa_signed_report_count = fields.Integer(
        'Signed reports', compute='_compute_dsa_history_counts')
    dsa_contract_count = fields.Integer('Contracts', compute='_compute_dsa_history_counts')
    dsa_email_count = fields.Integer('Emails', compute='_compute_dsa_history_counts')
    dsa_document_count = fields.Integer('Documents', compute='_compute_dsa_history_counts')

    @api.multi
    def _compute_dsa_history_counts(self):
        Partner = self.env['res.partner']
        for plant in self:
            counts = Partner._dsa_history_count(plant._dsa_history_scope()) if plant.id else {}
            for key in ('call', 'intervention', 'signed_report', 'contract', 'email', 'document'):
                plant['dsa_%s_count' % key] = counts.get(key, 0)

    @api.multi
    def _dsa_history_scope(self):
        self.ensure_one()
        return {
            'dsa.plant': [('id', '=', self.id)],
            'dsa.ticket': [('plant_id', '=', self.id)],
            'project.task': [('dsa_is_intervention', '=', True), ('dsa_plant_id', '=', self.id)],
            'dsa.service.contract': [('plant_ids', 'in', self.id)],
        }

    def _dsa_partner_model(self):
        return self.env['res.partner']

    @api.multi
    def action_dsa_history_calls(self):
        return self._dsa_partner_model()._dsa_history_action(
            'dsa_tts.dsa_ticket_action', self._dsa_history_scope()['dsa.ticket'],
            {'default_plant_id': self.id, 'default_partner_id': self.partner_id.id})

    @api.multi
    def action_dsa_history_interventions(self):
        return self._dsa_partner_model()._dsa_history_action(
            'dsa_tts.project_task_action_dsa_intervention',
            self._dsa_history_scope()['project.task'])

    @api.multi
    def action_dsa_history_signed_reports(self):
        return self._dsa_partner_model()._dsa_history_action(
            'dsa_tts.project_task_action_dsa_intervention',
            self._dsa_history_scope()['project.task'] + [('dsa_report_state', '=', 'signed')])

    @api.multi
    def action_dsa_history_contracts(self):
        return self._dsa_partner_model()._dsa_history_action(
            'dsa_tts.dsa_service_contract_action',
            self._dsa_history_scope()['dsa.service.contract'])

    @api.multi
    def action_dsa_history_emails(self):
        return self._dsa_partner_model()._dsa_history_messages_action(self._dsa_history_scope())

    @api.multi
    def action_dsa_history_documents(self):
        """The plant's documents; a new one is attached to the plant, with its kind."""
        self.ensure_one()
        return self._dsa_partner_model()._dsa_history_documents_action(
            self._dsa_history_scope(),
            {'default_res_model': self._name, 'default_res_id': self.id,
             'default_dsa_document_kind': 'manual'})

    @api.multi
    def action_dsa_upload_document(self):
        """Form of a new document of the plant (file and kind)."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Upload a document'),
            'res_model': 'ir.attachment',
            'view_mode': 'form',
            'views': [(self.env.ref('dsa_tts.ir_attachment_view_form_dsa_document').id, 'form')],
            'target': 'new',
            'context': {'default_res_model': self._name, 'default_res_id': self.id,
                        'default_dsa_document_kind': 'manual'},
        }
