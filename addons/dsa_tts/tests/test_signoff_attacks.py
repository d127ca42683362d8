import base64
import subprocess
import tempfile

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PNG_B64, ServiceCase


class TestSignoffAttacks(ServiceCase):
    """Forging or editing a customer's signature, tried as technicians,
    managers, another customer and the administrator (issue 12)."""

    @classmethod
    def setUpClass(cls):
        super(TestSignoffAttacks, cls).setUpClass()
        other = cls.env['res.partner'].create({'name': 'Rival Srl', 'is_company': True})
        contact = cls.env['res.partner'].create({'name': 'Rita Rival', 'parent_id': other.id})
        cls.rival_portal = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Rita Portal', 'login': 'svc_rival_portal', 'partner_id': contact.id,
            'groups_id': [(6, 0, [cls.env.ref('base.group_portal').id])]})

    def _done_task(self):
        task = self._new_intervention(dsa_work_report='Panel replaced.')
        self.env['account.analytic.line'].create({
            'name': 'Replace panel', 'task_id': task.id, 'project_id': task.project_id.id,
            'employee_id': self.employee1.id, 'unit_amount': 2.0})
        task.sudo(self.tech1).action_dsa_done()
        return task

    def _signed_task(self):
        task = self._done_task()
        task.sudo(self.portal_user)._dsa_sign('Carla Contact', PNG_B64, ip='10.0.0.1')
        return task

    def test_nobody_writes_signoff_fields(self):
        task = self._done_task()
        forged = {'dsa_report_state': 'signed', 'dsa_signed_by': 'Carla Contact',
                  'dsa_signed_on': '2026-11-02 12:00:00', 'dsa_signed_ip': '10.0.0.1',
                  'dsa_signature': PNG_B64, 'dsa_signed_sha256': '0' * 64}
        for user in (self.tech1, self.manager):
            for ctx in ({}, {'dsa_signing': True}):
                for name, value in forged.items():
                    with self.assertRaises(AccessError), self.env.cr.savepoint():
                        task.sudo(user).with_context(**ctx).write({name: value})
        # not even the administrator, nor at creation
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            task.with_context(dsa_signing=True).write({'dsa_report_state': 'signed'})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env['project.task'].sudo(self.manager).create({
                'name': 'Born signed', 'project_id': task.project_id.id,
                'dsa_signed_on': '2026-11-02 12:00:00', 'dsa_report_state': 'signed'})
        task.invalidate_cache()
        self.assertEqual(task.dsa_report_state, 'none')
        self.assertFalse(task.dsa_signed_on)

    def test_only_the_customer_signs_or_rejects(self):
        task = self._done_task()
        self.assertFalse(hasattr(task, 'action_dsa_sign'), 'no public signing method')
        for user in (self.tech1, self.manager, self.rival_portal):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                task.sudo(user)._dsa_sign('Carla Contact', PNG_B64)
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                task.sudo(user)._dsa_reject('Forged rejection')
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            task._dsa_sign('Carla Contact', PNG_B64)  # superuser is not the customer
        task.invalidate_cache()
        self.assertEqual(task.dsa_report_state, 'none')

    def test_a_reader_who_is_not_the_customer_cannot_act(self):
        """Reading the report is not what lets a user sign or reject it: the
        technician and the service manager read the intervention and are
        refused both acts; a portal user of another customer who follows it
        does not even read it."""
        task = self._done_task()
        for user in (self.tech1, self.manager):
            reader = task.sudo(user)
            self.assertEqual(reader.read(['name'])[0]['id'], task.id)
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                reader._dsa_sign('Carla Contact', PNG_B64)
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                reader._dsa_reject('Not ours')
        task.message_subscribe(partner_ids=[self.rival_portal.partner_id.id])
        with self.assertRaises(AccessError):
            task.sudo(self.rival_portal).read(['name'])
        task.invalidate_cache()
        self.assertEqual(task.dsa_report_state, 'none')

    def test_lock_ignores_context_key(self):
        task = self._signed_task()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            task.sudo(self.manager).with_context(dsa_signing=True).write(
                {'dsa_planned_start': '2026-12-01 08:00:00'})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            task.sudo(self.manager).with_context(dsa_signing=True).action_dsa_reopen()

    def test_evidence_cannot_be_changed(self):
        task = self._signed_task()
        pdf = task.dsa_signed_attachment_id
        message = task.message_ids.filtered(lambda m: pdf in m.attachment_ids)
        signature = self.env['ir.attachment'].search([
            ('res_model', '=', 'project.task'), ('res_id', '=', task.id),
            ('res_field', '=', 'dsa_signature')])
        self.assertTrue(pdf and message and signature)
        fake = base64.b64encode(b'%PDF-1.4 forged')
        for user in (self.tech1, self.manager):
            Attachment = self.env['ir.attachment'].sudo(user)
            attacks = [
                lambda: Attachment.browse(pdf.id).write({'datas': fake}),
                lambda: Attachment.browse(pdf.id).write({'res_id': self.plant.id,
                                                         'res_model': 'dsa.plant'}),
                lambda: Attachment.browse(pdf.id).unlink(),
                lambda: Attachment.browse(signature.id).write({'datas': PNG_B64}),
                lambda: Attachment.browse(signature.id).unlink(),
                lambda: message.sudo(user).write({'body': 'SHA-256: forged'}),
                lambda: message.sudo(user).write({'attachment_ids': [(5,)]}),
                lambda: message.sudo(user).unlink(),
            ]
            for attack in attacks:
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    attack()
        self.assertIn(task.dsa_signed_sha256, message.body)
        self.assertTrue(pdf.exists() and message.exists())

    def test_signed_report_keeps_its_materials_and_contract(self):
        """What the invoice is built from cannot change under a signed report:
        no material line moved in from another intervention, no other contract."""
        signed = self._signed_task()
        open_task = self._new_intervention()
        line = self.env['dsa.intervention.material'].create({
            'task_id': open_task.id, 'action': 'installed', 'product_id': self.siren.id,
            'quantity': 1.0})
        contract = self.env['dsa.service.contract'].create({
            'name': 'Zeta all inclusive', 'partner_id': self.customer.id,
            'plant_ids': [(6, 0, self.plant.ids)], 'corrective_billing': 'included'})
        for user in (self.tech1, self.manager):
            attacks = [
                lambda: line.sudo(user).write({'task_id': signed.id}),
                lambda: signed.sudo(user).write({'dsa_contract_id': contract.id}),
            ]
            for attack in attacks:
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    attack()
        self.env.cache.invalidate()
        self.assertEqual(line.task_id, open_task)
        self.assertNotEqual(signed.dsa_contract_id, contract)
        self.assertNotIn(self.siren, signed.dsa_material_ids.mapped('product_id'))

    def test_contract_must_cover_the_plant(self):
        other = self.env['res.partner'].create({'name': 'Zeta Other Srl', 'is_company': True})
        other_plant = self.env['dsa.plant'].create({'name': 'Zeta other plant',
                                                    'partner_id': other.id})
        foreign = self.env['dsa.service.contract'].create({
            'name': 'Zeta foreign', 'partner_id': other.id,
            'plant_ids': [(6, 0, other_plant.ids)], 'corrective_billing': 'included'})
        task = self._new_intervention()
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            task.sudo(self.tech1).write({'dsa_contract_id': foreign.id})
        self.assertIn('does not cover the plant', caught.exception.name)
        own = self.env['dsa.service.contract'].create({
            'name': 'Zeta own', 'partner_id': self.customer.id,
            'plant_ids': [(6, 0, self.plant.ids)]})
        task.sudo(self.manager).write({'dsa_contract_id': own.id})
        self.assertEqual(task.dsa_contract_id, own)

    def test_portal_reads_no_cost_amounts(self):
        task = self._done_task()
        # the customer follows its intervention in a portal project: core lets it
        # read the timesheet lines then
        task.project_id.privacy_visibility = 'portal'
        task.message_subscribe(partner_ids=[self.contact.id])
        line = task.sudo().timesheet_ids
        line.write({'amount': -100.0})  # the internal cost of the hours
        self.assertEqual(line.sudo(self.portal_user).read(['unit_amount'])[0]['unit_amount'],
                         2.0)
        with self.assertRaises(AccessError):
            line.sudo(self.portal_user).read(['amount'])
        for name in ('dsa_labour_cost', 'dsa_total_cost'):
            with self.assertRaises(AccessError):
                task.sudo(self.portal_user).read([name])
        # what the portal user may read of the line has no amount
        values = line.sudo(self.portal_user).read()[0]
        for name in ('amount', 'analytic_amount_currency', 'timesheet_revenue'):
            self.assertNotIn(name, values)
        self.assertEqual(values['unit_amount'], 2.0)
        # nor through an export or a grouping, which Odoo 11 does not check
        Line = self.env['account.analytic.line'].sudo(self.portal_user)
        self.assertEqual(Line.browse(line.id).export_data(['unit_amount'])['datas'], [['2.0']])
        attacks = [
            lambda: Line.browse(line.id).export_data(['name', 'amount']),
            lambda: Line.read_group([], ['amount'], ['task_id']),
            lambda: Line.read_group([], ['unit_amount'], ['amount']),
            lambda: task.sudo(self.portal_user).export_data(['dsa_labour_cost']),
            lambda: task.sudo(self.portal_user).export_data(['timesheet_ids/amount']),
        ]
        for attack in attacks:
            with self.assertRaises(AccessError):
                attack()
        # core groups on every stored field when none is named: no amount comes back
        groups = Line.read_group([('task_id', '=', task.id)], [], ['task_id'])
        self.assertEqual(groups[0]['unit_amount'], 2.0)
        self.assertNotIn('amount', groups[0])

    def test_pdf_shows_no_employee_cost_rate(self):
        employee = self.employee1
        if 'timesheet_cost' not in employee._fields:
            self.fail('hr_timesheet has no timesheet_cost: the test needs it')
        employee.timesheet_cost = 987.65
        task = self._done_task()
        self.assertAlmostEqual(task.dsa_labour_cost, 2.0 * 987.65)
        pdf = task._dsa_render_pdf()
        with tempfile.NamedTemporaryFile(suffix='.pdf') as f:
            f.write(pdf)
            f.flush()
            text = subprocess.check_output(['pdftotext', '-layout', f.name, '-']).decode()
        self.assertIn('Replace panel', text)
        for shown in ('987.65', '987,65', '1,975.30', '1.975,30', '1975.30', '1975,30'):
            self.assertNotIn(shown, text)
        rate = self.env.ref('dsa_tts.product_product_dsa_labour').lst_price
        self.assertEqual(task._dsa_customer_amounts()['labour'], 2.0 * rate)
