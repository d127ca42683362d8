import base64
import hashlib

from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_resource
from odoo.tools.translate import trans_load

from odoo.addons.dsa_base.tests.pdf import pdf_text, wkhtmltopdf_watchdog

from .common import PNG_B64, ServiceCase


class TestInterventionPlanning(ServiceCase):

    def test_plan_from_ticket(self):
        task = self._new_intervention()
        self.assertTrue(task.dsa_is_intervention)
        self.assertEqual(task.project_id, self.env.ref('dsa_tts.project_project_field_service'))
        self.assertEqual(task.dsa_ticket_id, self.ticket)
        self.assertEqual(task.dsa_plant_id, self.plant)
        self.assertEqual(task.partner_id, self.contact)
        self.assertEqual(task.dsa_state, 'draft')
        self.assertEqual(self.ticket.task_count, 1)

    def test_plan_creates_event_and_queues_mails(self):
        task = self._new_intervention()
        task.sudo(self.manager).action_dsa_plan()
        self.assertEqual(task.dsa_state, 'planned')
        event = task.dsa_event_id
        self.assertTrue(event)
        expected = self.tech1.partner_id | self.tech2.partner_id | self.contact
        self.assertEqual(event.partner_ids, expected)
        self.assertEqual(event.start, '2026-11-02 08:00:00')
        self.assertEqual(event.stop, '2026-11-02 12:00:00')
        self.assertEqual((event.res_model, event.res_id), ('project.task', task.id))
        # technicians see it in their own calendar
        self.assertIn(event, self.env['calendar.event'].sudo(self.tech2).search(
            [('partner_ids', 'in', self.tech2.partner_id.id)]))
        mails = self._mails(task, 'planned')
        self.assertEqual(mails.mapped('recipient_ids'), expected)
        self.assertEqual(len(mails), 1, 'one mail per language, sent to each recipient')
        self.assertTrue(all(m.state == 'outgoing' for m in mails))
        self.assertIn('North squad', mails[0].body_html)
        # the calendar's own invitations are not sent on top
        self.assertFalse(self.env['mail.mail'].search([
            ('model', '=', 'calendar.event'), ('res_id', '=', event.id)]))

    def test_replan_moves_event_and_mails_again(self):
        task = self._new_intervention()
        task.sudo(self.manager).action_dsa_plan()
        event = task.dsa_event_id
        task.sudo(self.manager).write({'dsa_planned_start': '2026-11-03 14:00:00',
                                       'dsa_planned_end': '2026-11-03 17:30:00'})
        self.assertEqual(task.dsa_event_id, event, 'the same event is updated')
        self.assertEqual(event.start, '2026-11-03 14:00:00')
        self.assertEqual(event.stop, '2026-11-03 17:30:00')
        changed = self._mails(task, 'rescheduled')
        self.assertEqual(changed.mapped('recipient_ids'),
                         self.tech1.partner_id | self.tech2.partner_id | self.contact)
        # a write that changes nothing of the plan sends nothing
        task.sudo(self.manager).write({'dsa_planned_start': '2026-11-03 14:00:00'})
        self.assertEqual(len(self._mails(task, 'rescheduled')), 1)
        # change of team: new attendees, and the technicians who left are told too
        task.sudo(self.manager).write({'dsa_team_id': self.team_south.id})
        self.assertEqual(event.partner_ids, self.tech3.partner_id | self.contact)
        changed = self._mails(task, 'rescheduled') - changed
        self.assertEqual(changed.mapped('recipient_ids'),
                         self.tech1.partner_id | self.tech2.partner_id
                         | self.tech3.partner_id | self.contact)

    def test_cancel_mails_and_removes_event(self):
        task = self._new_intervention()
        task.sudo(self.manager).action_dsa_plan()
        event = task.dsa_event_id
        task.sudo(self.manager).action_dsa_cancel()
        self.assertEqual(task.dsa_state, 'cancelled')
        self.assertFalse(event.exists())
        self.assertEqual(self._mails(task, 'cancelled').mapped('recipient_ids'),
                         self.tech1.partner_id | self.tech2.partner_id | self.contact)

    def test_planning_needs_team_and_valid_dates(self):
        task = self._new_intervention(dsa_team_id=False)
        with self.assertRaises(UserError):
            task.sudo(self.manager).action_dsa_plan()
        with self.assertRaises(Exception):
            with self.env.cr.savepoint():
                task.write({'dsa_planned_end': '2026-11-01 08:00:00'})

    def test_technician_cannot_plan_teams(self):
        """Teams are the dispatcher's: a technician can neither make one nor
        change who is in one, nor plan an intervention with a team."""
        with self.assertRaises(AccessError):
            self.env['dsa.team'].sudo(self.tech1).create({'name': 'Rogue team'})
        with self.assertRaises(AccessError):
            self.team_south.sudo(self.tech1).write({'member_ids': [(4, self.tech1.id)]})
        self.assertNotIn(self.tech1, self.team_south.member_ids)
        task = self._new_intervention(dsa_team_id=self.team_south.id)
        with self.assertRaises(AccessError):
            task.sudo(self.tech1).action_dsa_plan()
        self.assertEqual(task.dsa_state, 'draft')
        self.assertFalse(task.dsa_event_id)
        # the dispatcher plans it: the south squad, not the technician, is invited
        task.sudo(self.manager).action_dsa_plan()
        self.assertEqual(task.dsa_event_id.partner_ids,
                         self.tech3.partner_id | self.contact)

    def test_technician_cannot_plan_or_cancel_over_rpc(self):
        task = self._new_intervention()
        with self.assertRaises(AccessError):
            task.sudo(self.tech1).action_dsa_plan()
        self.assertEqual(task.dsa_state, 'draft')
        task.sudo(self.manager).action_dsa_plan()
        with self.assertRaises(AccessError):
            task.sudo(self.tech1).action_dsa_cancel()
        self.assertEqual(task.dsa_state, 'planned')

    def test_mail_translated_in_recipient_language(self):
        # load the module's Italian file as an Italian installation would
        self.env['res.lang'].load_lang('it_IT')
        po = get_module_resource('dsa_tts', 'i18n', 'it.po')
        trans_load(self.env.cr, po, 'it_IT', module_name='dsa_tts')
        self.contact.lang = 'it_IT'
        task = self._new_intervention()
        task.sudo(self.manager).action_dsa_plan()
        italian = self._mails(task, 'pianificato')
        self.assertEqual(italian.mapped('recipient_ids'), self.contact)
        self.assertIn('Buongiorno', italian.body_html)
        self.assertIn('Squadra', italian.body_html)
        english = self._mails(task, 'planned')
        self.assertEqual(english.mapped('recipient_ids'),
                         self.tech1.partner_id | self.tech2.partner_id)
        with self.assertRaisesRegex(UserError, 'non può essere pianificato'):
            task.with_context(lang='it_IT').write({'dsa_team_id': False}) or \
                task.with_context(lang='it_IT')._dsa_check_plannable()


class TestInterventionExecution(ServiceCase):

    def _done_intervention(self):
        task = self._new_intervention()
        task.sudo(self.manager).action_dsa_plan()
        Material = self.env['dsa.intervention.material'].sudo(self.tech1)
        Material.create({'task_id': task.id, 'action': 'replaced',
                         'component_id': self.old_panel.id, 'product_id': self.panel.id,
                         'serial': 'FP-NEW'})
        Material.create({'task_id': task.id, 'action': 'removed',
                         'component_id': self.old_detector.id})
        Material.create({'task_id': task.id, 'action': 'installed',
                         'product_id': self.siren.id, 'serial': 'SI-1'})
        self.env['account.analytic.line'].sudo(self.tech1).create({
            'name': 'Replaced the panel, tested the line', 'task_id': task.id,
            'project_id': task.project_id.id, 'employee_id': self.employee1.id,
            'unit_amount': 2.5, 'date': '2026-11-02'})
        task.sudo(self.tech1).write({'dsa_work_report': 'Panel replaced, detector removed.'})
        task.sudo(self.tech1).action_dsa_done()
        return task

    def _history(self):
        return self.env['dsa.plant.component'].search([('plant_id', '=', self.plant.id)])

    def test_materials_reach_plant_history_exactly_once(self):
        task = self._done_intervention()
        history = self._history()
        self.assertEqual(len(history), 4, '2 old lines + new panel + siren')
        new_panel = history.filtered(lambda c: c.serial == 'FP-NEW')
        siren = history.filtered(lambda c: c.serial == 'SI-1')
        self.assertEqual(self.old_panel.date_removed, task.dsa_done_date)
        self.assertEqual(self.old_panel.replaced_by_id, new_panel)
        self.assertEqual(self.old_panel.task_out_id, task)
        self.assertEqual(new_panel.task_in_id, task)
        self.assertEqual(new_panel.date_installed, task.dsa_done_date)
        self.assertEqual(self.old_detector.task_out_id, task)
        self.assertTrue(self.old_detector.date_removed)
        self.assertEqual(siren.task_in_id, task)
        self.assertTrue(all(task.dsa_material_ids.mapped('applied')))
        # closing again, then reopening and closing: nothing applied twice
        task.sudo(self.tech1).action_dsa_done()
        task.sudo(self.tech1).action_dsa_reopen()
        self.assertEqual(task.dsa_state, 'planned')
        task.sudo(self.tech1).action_dsa_done()
        self.assertEqual(self._history(), history)
        # applied lines are history: they cannot change any more
        with self.assertRaises(UserError):
            task.dsa_material_ids[0].sudo(self.tech1).write({'quantity': 3})
        # a line added after a reopen is applied at the next close, once
        task.sudo(self.tech1).action_dsa_reopen()
        self.env['dsa.intervention.material'].sudo(self.tech1).create({
            'task_id': task.id, 'action': 'installed', 'product_id': self.detector.id,
            'serial': 'SD-2'})
        task.sudo(self.tech1).action_dsa_done()
        task.sudo(self.tech1).action_dsa_done()
        self.assertEqual(len(self._history()), 5)

    def test_material_needs_component_of_the_plant(self):
        task = self._new_intervention()
        other_plant = self.env['dsa.plant'].create({
            'name': 'Other', 'partner_id': self.customer.id})
        foreign = self.env['dsa.plant.component'].create({
            'plant_id': other_plant.id, 'product_id': self.panel.id,
            'date_installed': '2020-01-01'})
        with self.assertRaises(Exception):
            with self.env.cr.savepoint():
                self.env['dsa.intervention.material'].create({
                    'task_id': task.id, 'action': 'removed', 'component_id': foreign.id})
        with self.assertRaises(Exception):
            with self.env.cr.savepoint():
                self.env['dsa.intervention.material'].create({
                    'task_id': task.id, 'action': 'replaced', 'product_id': self.panel.id})

    def test_costs(self):
        task = self._done_intervention()
        labour_rate = self.env.ref('dsa_tts.product_product_dsa_labour').lst_price
        self.assertAlmostEqual(task.dsa_labour_hours, 2.5)
        self.assertAlmostEqual(task.dsa_labour_cost, 2.5 * labour_rate)
        # replaced panel 800 + removed detector 0 + siren 120
        self.assertAlmostEqual(task.dsa_material_cost, 920.0)
        self.assertAlmostEqual(task.dsa_total_cost, 920.0 + 2.5 * labour_rate)

    def test_pdf_renders_with_wkhtmltopdf(self):
        """The customer's report shows the activities, times, materials and costs."""
        task = self._done_intervention()
        with wkhtmltopdf_watchdog():
            pdf = task._dsa_render_pdf()
        self.assertTrue(pdf.startswith(b'%PDF'))
        text = ' '.join(pdf_text(pdf, layout=True).split())
        labour_rate = self.env.ref('dsa_tts.product_product_dsa_labour').lst_price
        money = '{:,.2f}'.format
        for expected in (
                # activities: the work report and the timesheet line, with its date and hours
                'Panel replaced, detector removed.', 'Replaced the panel, tested the line',
                '11/02/2026', '02:30', 'Labour (02:30 h)',
                # materials: the three actions, products, serials, prices
                'Fire panel FP-2', 'FP-NEW', 'Smoke detector', 'Siren', 'SI-1',
                money(800.0), money(120.0),
                # costs: labour at the labour product's price, materials, total
                money(2.5 * labour_rate), money(920.0), money(920.0 + 2.5 * labour_rate)):
            self.assertIn(expected, text)

    def test_signed_intervention_refuses_edits(self):
        task = self._done_intervention()
        attachment = task.sudo(self.portal_user)._dsa_sign(
            'Carla Contact', PNG_B64, ip='10.1.2.3')
        self.assertEqual(task.dsa_report_state, 'signed')
        self.assertEqual(task.dsa_signed_by, 'Carla Contact')
        self.assertEqual(task.dsa_signed_ip, '10.1.2.3')
        self.assertTrue(task.dsa_signed_on)
        pdf = base64.b64decode(attachment.datas)
        self.assertTrue(pdf.startswith(b'%PDF'))
        digest = hashlib.sha256(pdf).hexdigest()
        self.assertEqual(task.dsa_signed_sha256, digest)
        note = task.message_ids.filtered(lambda m: attachment in m.attachment_ids)
        self.assertTrue(note and digest in note.body)
        line = task.timesheet_ids[0]
        Line = self.env['account.analytic.line']
        checks = [
            lambda: line.sudo(self.tech1).write({'unit_amount': 8}),
            lambda: line.sudo(self.manager).unlink(),
            lambda: Line.sudo(self.tech1).create({
                'name': 'more', 'task_id': task.id, 'project_id': task.project_id.id,
                'employee_id': self.employee1.id, 'unit_amount': 1}),
            lambda: self.env['dsa.intervention.material'].sudo(self.tech1).create({
                'task_id': task.id, 'action': 'installed', 'product_id': self.siren.id}),
            lambda: task.dsa_material_ids.sudo(self.manager).unlink(),
            lambda: task.sudo(self.manager).write({'dsa_planned_start': '2026-12-01 08:00:00'}),
            lambda: task.sudo(self.manager).write({'dsa_team_id': self.team_south.id}),
            lambda: task.sudo(self.tech1).action_dsa_reopen(),
            lambda: task.sudo(self.manager).unlink(),
            lambda: task.sudo(self.portal_user)._dsa_sign('Someone else', PNG_B64),
        ]
        for check in checks:
            with self.assertRaises(UserError), self.env.cr.savepoint():
                check()
        self.assertEqual(task.dsa_labour_hours, 2.5)
        # discussing the intervention is still possible
        task.sudo(self.tech1).message_post(body='Customer happy.')

    def test_sign_requires_name_png_and_done(self):
        task = self._new_intervention()
        with self.assertRaises(UserError):
            task.sudo(self.portal_user)._dsa_sign('Carla', PNG_B64)  # not done yet
        task.action_dsa_done()
        with self.assertRaises(UserError):
            task.sudo(self.portal_user)._dsa_sign('', PNG_B64)
        with self.assertRaises(UserError):
            task.sudo(self.portal_user)._dsa_sign(
                'Carla', base64.b64encode(b'GIF89a not a png').decode())
        self.assertFalse(task.dsa_signed_on)

    def test_reject_then_fix_then_sign(self):
        task = self._done_intervention()
        task.sudo(self.portal_user)._dsa_reject('Hours are wrong')
        self.assertEqual(task.dsa_report_state, 'rejected')
        self.assertEqual(task.dsa_reject_reason, 'Hours are wrong')
        task.sudo(self.tech1).action_dsa_reopen()
        task.timesheet_ids.sudo(self.tech1).write({'unit_amount': 2.0})
        task.sudo(self.tech1).action_dsa_done()
        task.sudo(self.portal_user)._dsa_sign('Carla Contact', PNG_B64)
        self.assertEqual(task.dsa_report_state, 'signed')
