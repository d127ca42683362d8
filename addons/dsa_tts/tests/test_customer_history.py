import base64

from odoo.exceptions import AccessError

from .common import PNG_B64, ServiceCase


class TestCustomerHistory(ServiceCase):
    """TTS-10: the history of a customer and of a plant, with counts."""

    @classmethod
    def setUpClass(cls):
        super(TestCustomerHistory, cls).setUpClass()
        env = cls.env
        cls.other = env['res.partner'].create({'name': 'Other Customer Srl', 'is_company': True})
        cls.other_plant = env['dsa.plant'].create({'name': 'Other plant',
                                                   'partner_id': cls.other.id})
        cls.plant2 = env['dsa.plant'].create({'name': 'Second plant',
                                              'partner_id': cls.customer.id})
        cls.contract = env['dsa.service.contract'].create({
            'partner_id': cls.customer.id, 'plant_ids': [(6, 0, cls.plant.ids)]})

    def _attach(self, record, name, **vals):
        vals.update({'name': name, 'datas': base64.b64encode(b'%PDF-1.4 test'),
                     'datas_fname': '%s.pdf' % name, 'res_model': record._name,
                     'res_id': record.id})
        return self.env['ir.attachment'].create(vals)

    def test_document_kinds_by_record(self):
        self.assertEqual(self._attach(self.plant, 'm').dsa_document_kind, 'manual')
        self.assertEqual(self._attach(self.contract, 'c').dsa_document_kind, 'contract')
        self.assertEqual(self._attach(self.customer, 'l').dsa_document_kind, 'correspondence')
        self.assertEqual(self._attach(self.ticket, 't').dsa_document_kind, 'correspondence')
        doc = self._attach(self.plant, 'x', dsa_document_kind='report')
        self.assertEqual(doc.dsa_document_kind, 'report')

    def test_counts_and_lists(self):
        task = self._new_intervention()
        self._attach(self.plant, 'Manual', dsa_document_kind='manual')
        self._attach(self.plant2, 'Manual 2')
        self._attach(self.contract, 'Contract')
        self._attach(self.customer, 'Letter')
        self._attach(task, 'Photo', dsa_document_kind='report')
        self._attach(self.other_plant, 'Not ours')
        self.ticket.message_post(body='Called back', message_type='comment')
        self.customer.message_post(body='Letter sent', message_type='comment')
        self.other_plant.message_post(body='Not ours', message_type='comment')

        customer = self.customer.sudo(self.manager)
        self.assertEqual(customer.dsa_call_count, 1)
        self.assertEqual(customer.dsa_intervention_count, 1)
        self.assertEqual(customer.dsa_contract_count, 1)
        self.assertEqual(customer.dsa_document_count, 5)
        self.assertEqual(customer.dsa_signed_report_count, 0)
        emails = customer.dsa_email_count
        self.assertGreaterEqual(emails, 2)

        docs = self._records(customer.action_dsa_history_documents())
        self.assertEqual(sorted(docs.mapped('name')),
                         ['Contract', 'Letter', 'Manual', 'Manual 2', 'Photo'])
        manuals = docs.filtered(lambda d: d.dsa_document_kind == 'manual')
        self.assertEqual(sorted(manuals.mapped('name')), ['Manual', 'Manual 2'])
        messages = self._records(customer.action_dsa_history_emails())
        self.assertEqual(len(messages), emails)
        self.assertNotIn('<p>Not ours</p>', messages.mapped('body'))

        plant = self.plant.sudo(self.manager)
        self.assertEqual(plant.dsa_call_count, 1)
        self.assertEqual(plant.dsa_intervention_count, 1)
        self.assertEqual(plant.dsa_contract_count, 1)
        # the plant, its interventions and its contract; not the second plant
        self.assertEqual(sorted(self._records(plant.action_dsa_history_documents()).mapped('name')),
                         ['Contract', 'Manual', 'Photo'])
        self.assertEqual(self.plant2.sudo(self.manager).dsa_document_count, 1)

    def _records(self, action):
        return self.env[action['res_model']].sudo(self.manager).search(action['domain'])

    def test_upload_on_plant(self):
        action = self.plant.sudo(self.tech1).action_dsa_upload_document()
        doc = self.env['ir.attachment'].sudo(self.tech1).with_context(action['context']).create({
            'name': 'Wiring diagram', 'datas': base64.b64encode(b'diagram'),
            'datas_fname': 'wiring.pdf', 'dsa_document_kind': 'manual'})
        self.assertEqual((doc.res_model, doc.res_id), ('dsa.plant', self.plant.id))
        self.assertEqual(self.plant.sudo(self.tech1).dsa_document_count, 1)

    def test_signed_report_counted(self):
        task = self._new_intervention()
        task.sudo(self.manager).action_dsa_plan()
        task.sudo(self.tech1).write({'dsa_work_report': 'Checked.'})
        task.sudo(self.tech1).action_dsa_done()
        attachment = task.sudo(self.portal_user)._dsa_sign(
            'Carla Contact', PNG_B64, ip='10.1.2.3').sudo()
        self.assertEqual(attachment.dsa_document_kind, 'report')
        self.assertEqual(self.customer.sudo(self.manager).dsa_signed_report_count, 1)
        self.assertEqual(self.plant.sudo(self.manager).dsa_signed_report_count, 1)
        docs = self.env['res.partner'].sudo()._dsa_portal_documents(self.contact)
        self.assertEqual(docs, attachment)
        self.assertFalse(self.env['res.partner'].sudo()._dsa_portal_documents(self.other))

    def test_portal_documents_of_contracts(self):
        """The customer downloads the documents of its running and expired
        contracts, not the files of the staff's internal notes on them, and
        nothing of a cancelled contract."""
        self.contract.write({'state': 'running'})
        shared = self._attach(self.contract, 'Signed contract')
        note = self.contract.message_post(
            body='Our margin on this contract', subtype='mail.mt_note',
            attachments=[('costing.pdf', b'%PDF-1.4 costs')])
        self.assertEqual(note.attachment_ids.dsa_document_kind, 'contract')
        Partner = self.env['res.partner'].sudo()
        self.assertEqual(Partner._dsa_portal_documents(self.contact), shared)
        self.contract.write({'state': 'expired'})
        self.assertEqual(Partner._dsa_portal_documents(self.contact), shared)
        self.contract.write({'state': 'cancelled'})
        self.assertFalse(Partner._dsa_portal_documents(self.contact))

    def test_portal_user_cannot_read_history(self):
        portal = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Portal history', 'login': 'portal_history', 'partner_id': self.contact.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        with self.assertRaises(AccessError):
            self._attach(self.contract, 'Secret').sudo(portal).read(['name'])
