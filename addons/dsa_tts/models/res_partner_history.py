from odoo import _, api, fields, models
from odoo.osv import expression


class ResPartner(models.Model):
    """Customer history (TTS-10): everything exchanged with the customer, with
    counts on the buttons of the customer form."""
    _inherit = 'res.partner'

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
        for partner in self:
            counts = partner._dsa_history_counts() if partner.id else {}
            for key in ('call', 'intervention', 'signed_report', 'contract', 'email', 'document'):
                partner['dsa_%s_count' % key] = counts.get(key, 0)

    # ------------------------------------------------------------------
    # What belongs to the history
    # ------------------------------------------------------------------
    @api.multi
    def _dsa_history_scope(self):
        """{model: domain} of the customer's records, read with the user's rights."""
        self.ensure_one()
        pid = self.commercial_partner_id.id
        return {
            'res.partner': [('id', 'child_of', pid)],
            'dsa.plant': [('partner_id', 'child_of', pid)],
            'dsa.ticket': [('partner_id', 'child_of', pid)],
            'project.task': [('dsa_is_intervention', '=', True), '|',
                             ('dsa_plant_id.partner_id', 'child_of', pid),
                             ('partner_id', 'child_of', pid)],
            'dsa.service.contract': [('partner_id', 'child_of', pid)],
        }

    @api.model
    def _dsa_history_ids(self, scope):
        """{model: ids} of the scope, for the models the user can read."""
        ids = {}
        for model, domain in scope.items():
            Model = self.env[model]
            if Model.check_access_rights('read', raise_exception=False):
                ids[model] = Model.with_context(active_test=False).search(domain).ids
        return ids

    @api.model
    def _dsa_history_domain(self, ids, model_field='res_model', id_field='res_id'):
        """Domain on mail.message or ir.attachment: attached to one of ``ids``."""
        return expression.OR([
            ['&', (model_field, '=', model), (id_field, 'in', res_ids)]
            for model, res_ids in ids.items() if res_ids] or [[(0, '=', 1)]])

    @api.model
    def _dsa_history_count(self, scope):
        ids = self._dsa_history_ids(scope)
        tasks = self.env['project.task'].browse(ids.get('project.task', []))
        messages = self._dsa_history_domain(ids, 'model', 'res_id') + [
            ('message_type', 'in', ('email', 'comment'))]
        return {
            'call': len(ids.get('dsa.ticket', [])),
            'intervention': len(tasks),
            'signed_report': tasks.search_count(
                [('id', 'in', tasks.ids), ('dsa_report_state', '=', 'signed')]),
            'contract': len(ids.get('dsa.service.contract', [])),
            'email': self.env['mail.message'].search_count(messages),
            'document': self.env['ir.attachment'].search_count(
                self._dsa_history_domain(ids)),
        }

    @api.multi
    def _dsa_history_counts(self):
        return self._dsa_history_count(self._dsa_history_scope())

    @api.model
    def _dsa_portal_documents(self, partner):
        """The documents the portal user ``partner`` may download: the signed
        reports of its company's interventions and the contract documents of its
        company's running and expired service contracts, except the files of
        internal notes. Call as superuser: the caller
        (the portal controller) passes the user's own partner, never an id from
        the request."""
        commercial = partner.commercial_partner_id.id
        tasks = self.env['project.task'].search([
            ('dsa_is_intervention', '=', True), ('dsa_report_state', '=', 'signed'),
            '|', ('dsa_plant_id.partner_id', 'child_of', commercial),
            '&', ('dsa_plant_id', '=', False), ('partner_id', 'child_of', commercial)])
        contracts = self.env['dsa.service.contract'].search([
            ('partner_id', 'child_of', commercial), ('state', 'in', ('running', 'expired'))])
        # files of internal notes on a contract are for the staff, not the customer
        internal = self.env['mail.message'].search([
            ('model', '=', 'dsa.service.contract'), ('res_id', 'in', contracts.ids),
            ('subtype_id.internal', '=', True)]).mapped('attachment_ids')
        return self.env['ir.attachment'].search([
            '|', ('id', 'in', tasks.mapped('dsa_signed_attachment_id').ids),
            '&', '&', '&', ('res_model', '=', 'dsa.service.contract'),
            ('res_id', 'in', contracts.ids), ('dsa_document_kind', '=', 'contract'),
            ('id', 'not in', internal.ids),
        ], order='create_date desc, id desc')

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    @api.model
    def _dsa_history_action(self, xmlid, domain, context=None):
        action = self.env.ref(xmlid).read()[0]
        action['domain'] = domain
        action['context'] = context or {}
        return action

    @api.model
    def _dsa_history_documents_action(self, scope, context=None):
        ids = self._dsa_history_ids(scope)
        return self._dsa_history_action(
            'dsa_tts.ir_attachment_action_dsa_document', self._dsa_history_domain(ids),
            context)

    @api.model
    def _dsa_history_messages_action(self, scope):
        ids = self._dsa_history_ids(scope)
        return {
            'type': 'ir.actions.act_window',
            'name': _('Emails'),
            'res_model': 'mail.message',
            'view_mode': 'tree,form',
            'views': [(self.env.ref('dsa_tts.mail_message_view_tree_dsa_history').id, 'tree'),
                      (False, 'form')],
            'domain': self._dsa_history_domain(ids, 'model', 'res_id') + [
                ('message_type', 'in', ('email', 'comment'))],
            'context': {'create': False},
        }

    @api.multi
    def action_dsa_history_calls(self):
        return self._dsa_history_action(
            'dsa_tts.dsa_ticket_action', self._dsa_history_scope()['dsa.ticket'])

    @api.multi
    def action_dsa_history_interventions(self):
        return self._dsa_history_action(
            'dsa_tts.project_task_action_dsa_intervention',
            self._dsa_history_scope()['project.task'])

    @api.multi
    def action_dsa_history_signed_reports(self):
        return self._dsa_history_action(
            'dsa_tts.project_task_action_dsa_intervention',
            self._dsa_history_scope()['project.task'] + [('dsa_report_state', '=', 'signed')])

    @api.multi
    def action_dsa_history_contracts(self):
        return self._dsa_history_action(
            'dsa_tts.dsa_service_contract_action',
            self._dsa_history_scope()['dsa.service.contract'])

    @api.multi
    def action_dsa_history_emails(self):
        return self._dsa_history_messages_action(self._dsa_history_scope())

    @api.multi
    def action_dsa_history_documents(self):
        return self._dsa_history_documents_action(self._dsa_history_scope())
