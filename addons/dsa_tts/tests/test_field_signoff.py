"""The customer's signature on the technician's device (issue 25), as the
technician and as the attackers, over real HTTP (JSON-RPC of the field app,
the customer portal) and XML-RPC: a one-time code confirms it, or the
customer confirms or disputes it on the portal."""
import base64
import hashlib
import re
from datetime import timedelta
from xmlrpc import client as xmlrpclib

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import get_db_name

from odoo.addons.dsa_base.tests.common import FAULT_ACCESS_ERROR, server_url

from .common import (PNG_B64, ServiceCase, SignoffHttpCase, make_other_customer,
                     plan_intervention)

SIGNATURE = 'data:image/png;base64,' + PNG_B64
CODE_RE = re.compile(r'<strong>(\d{6})</strong>')


class FieldSignCase(SignoffHttpCase):
    """A done intervention of the north team (Tino, Tina), whose contact is
    Carla; Ugo (south team) is not assigned. Technicians' password = login."""

    def setUp(self):
        super(FieldSignCase, self).setUp()
        for tech in (self.tech1, self.tech2, self.tech3):
            tech.write({'password': tech.login})
        self.carla_user = self.portal_user('svc_carla')

    # ------------------------------------------------------------------ helpers

    def commit(self):
        """What a request does at its end (TestCursor.commit)."""
        self.env.cr.commit()  # pylint: disable=invalid-commit

    def jsonrpc(self, path, **params):
        """POST a JSON-RPC call as the logged-in user; the whole answer."""
        self.commit()
        response = self.opener.post(server_url(path), json={
            'jsonrpc': '2.0', 'method': 'call', 'params': params}, timeout=90)
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.env.cache.invalidate()
        return response.json()

    def call(self, path, **params):
        """The result of the call; fails on a JSON-RPC error."""
        answer = self.jsonrpc(path, **params)
        self.assertNotIn('error', answer, answer.get('error'))
        return answer['result']

    def call_error(self, path, **params):
        """The JSON-RPC error of the call (name, message)."""
        answer = self.jsonrpc(path, **params)
        self.assertIn('error', answer, answer.get('result'))
        return answer['error']['data']

    def ask_code(self, task=None, signer='Carla Contact'):
        return self.call('/field/api/sign/request', task_id=(task or self.task).id,
                         signer=signer, signature=SIGNATURE)

    def confirm(self, request_id, code):
        return self.call('/field/api/sign/confirm', request_id=request_id, code=code)

    def code_mails(self, email='carla@svc.example.com'):
        return self.env['mail.mail'].search([('email_to', '=', email)], order='id')

    def last_code(self, email='carla@svc.example.com'):
        """The code of the last mail to ``email``, read as the administrator."""
        mail = self.code_mails(email)[-1:]
        self.assertTrue(mail, 'no code mail to %s' % email)
        codes = CODE_RE.findall(mail.body_html)
        self.assertEqual(len(codes), 1, mail.body_html)
        return codes[0]

    def wrong(self, code):
        return '%06d' % ((int(code) + 1) % 1000000)

    def rpc(self, user, model, method, *args, **kwargs):
        """``model.method`` over XML-RPC as ``user`` (password = login)."""
        self.commit()
        proxy = xmlrpclib.ServerProxy(server_url('/xmlrpc/2/object'), allow_none=True)
        try:
            return proxy.execute_kw(get_db_name(), user.id, user.login, model, method,
                                    list(args), kwargs)
        finally:
            self.env.cache.invalidate()

    def rpc_refused(self, user, model, method, *args, **kwargs):
        with self.assertRaises(xmlrpclib.Fault) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        return caught.exception

    def second_task(self):
        """Another done intervention of the same customer, for the north team."""
        ticket = self.env['dsa.ticket'].create({
            'subject': 'Siren fault', 'partner_id': self.contact.id,
            'plant_id': self.plant.id, 'channel': 'phone'})
        task = plan_intervention(self, ticket, start='2026-11-03 08:00:00',
                                 dsa_work_report='Siren checked.')
        task.action_dsa_done()
        return task

    def assertUnsigned(self, task):
        task.invalidate_cache()
        self.assertEqual(task.dsa_report_state, 'none')
        self.assertFalse(task.dsa_signed_on)
        self.assertFalse(task.dsa_sign_mode)
        self.assertFalse(task.dsa_signed_attachment_id)


class TestFieldSignCode(FieldSignCase):
    """The confirmed path, and the technician who wants to sign for the customer."""

    def test_confirmed_path(self):
        self.contact.lang = 'it_IT'  # the mail speaks the contact's language
        self.login(self.tech1)
        answer = self.ask_code()
        self.assertEqual(answer['sent_to'], 'c***@svc.example.com')
        self.assertTrue(answer['expires_at'] > fields.Datetime.now())
        self.assertNotIn('code', answer)
        # the mail: to Carla only, tied to no record, from the company, code once
        mails = self.code_mails()
        self.assertEqual(len(mails), 1)
        self.assertFalse(mails.model)
        self.assertFalse(mails.res_id)
        self.assertFalse(mails.recipient_ids)
        self.assertEqual(mails.author_id, self.task.company_id.partner_id)
        self.assertIn('Buongiorno', mails.body_html)
        self.assertIn('codice di conferma', mails.subject)
        code = self.last_code()
        self.assertNotIn(code, ''.join(self.task.message_ids.mapped('body')))
        record = self.env['dsa.signoff.code'].browse(answer['request_id'])
        self.assertNotIn(code, record.code_hash)
        self.assertEqual(len(record.code_hash), 64)
        self.assertUnsigned(self.task)

        result = self.confirm(answer['request_id'], code)
        self.assertTrue(result['ok'], result)
        self.assertEqual(result['intervention']['id'], self.task.id)
        task = self.task
        task.invalidate_cache()
        self.assertEqual(task.dsa_report_state, 'signed')
        self.assertEqual(task.dsa_sign_mode, 'onsite_confirmed')
        self.assertEqual(task.dsa_signed_by, 'Carla Contact')
        self.assertEqual(task.dsa_sign_technician_id, self.tech1)
        self.assertEqual(task.dsa_sign_sent_to, 'c***@svc.example.com')
        # the PDF archived, its SHA-256 stored and posted, the report locked
        pdf = base64.b64decode(task.dsa_signed_attachment_id.datas)
        self.assertTrue(pdf.startswith(b'%PDF'))
        self.assertEqual(task.dsa_signed_sha256, hashlib.sha256(pdf).hexdigest())
        note = task.message_ids.filtered(lambda m: task.dsa_signed_sha256 in (m.body or ''))
        self.assertEqual(len(note), 1)
        self.assertIn('on site', note.body)
        self.assertIn('Tecnico Tino', note.body)
        self.assertIn('c***@svc.example.com', note.body)
        self.assertEqual(note.attachment_ids, task.dsa_signed_attachment_id)
        with self.assertRaises(UserError):
            task.sudo(self.manager).write({'dsa_work_report': 'Changed afterwards.'})
        self.assertEqual(record.state, 'used')
        # a used code does nothing more
        again = self.confirm(answer['request_id'], code)
        self.assertFalse(again['ok'])
        self.assertIn('already used', again['message'])

    def test_not_assigned_technician(self):
        """Ugo (south team) can neither ask for a code nor use Tino's."""
        self.login(self.tech3)
        error = self.call_error('/field/api/sign/request', task_id=self.task.id,
                                signer='Carla Contact', signature=SIGNATURE)
        self.assertEqual(error['name'], 'odoo.exceptions.AccessError')
        self.assertFalse(self.env['dsa.signoff.code'].search([('task_id', '=', self.task.id)]))
        self.assertFalse(self.code_mails())
        self.login(self.tech1)
        request_id = self.ask_code()['request_id']
        code = self.last_code()
        self.login(self.tech3)
        result = self.confirm(request_id, code)
        self.assertFalse(result['ok'])
        self.assertUnsigned(self.task)
        self.assertEqual(self.env['dsa.signoff.code'].browse(request_id).state, 'pending')
        # nor can Tina, assigned too (same team) and reading it: the request is Tino's
        self.login(self.tech2)
        result = self.confirm(request_id, code)
        self.assertFalse(result['ok'])
        self.assertIn('not yours', result['message'])
        self.assertUnsigned(self.task)
        self.assertEqual(self.env['dsa.signoff.code'].browse(request_id).state, 'pending')
        # nor sign it unconfirmed through the field app's sync op
        with self.assertRaises(AccessError):
            self.task.sudo(self.tech3)._dsa_field_op_sign(
                {'signer': 'Carla Contact', 'signature': SIGNATURE}, {'id': 'op-1'})
        self.assertUnsigned(self.task)
        # a portal user or an employee who is no technician gets an AccessError
        self.login(self.insider_user)
        error = self.call_error('/field/api/sign/confirm', request_id=request_id, code=code)
        self.assertEqual(error['name'], 'odoo.exceptions.AccessError')
        self.assertUnsigned(self.task)

    def test_wrong_code_is_counted_and_kills_the_code(self):
        self.login(self.tech1)
        request_id = self.ask_code()['request_id']
        code = self.last_code()
        record = self.env['dsa.signoff.code'].browse(request_id)
        for attempt in range(1, 6):
            result = self.confirm(request_id, self.wrong(code))
            self.assertFalse(result['ok'])
            self.assertIn('Wrong code', result['message'])
            # counted and kept although the answer is a refusal
            record.invalidate_cache()
            self.assertEqual(record.attempts, attempt)
        self.assertEqual(record.state, 'blocked')
        result = self.confirm(request_id, code)
        self.assertFalse(result['ok'])
        self.assertUnsigned(self.task)

    def test_expired_code(self):
        self.login(self.tech1)
        request_id = self.ask_code()['request_id']
        code = self.last_code()
        record = self.env['dsa.signoff.code'].browse(request_id)
        record.write({'expires_at': fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(seconds=1))})
        result = self.confirm(request_id, code)
        self.assertFalse(result['ok'])
        self.assertIn('expired', result['message'])
        self.assertUnsigned(self.task)

    def test_new_code_kills_the_previous_one(self):
        self.login(self.tech1)
        first = self.ask_code()['request_id']
        first_code = self.last_code()
        second = self.ask_code()['request_id']
        result = self.confirm(first, first_code)
        self.assertFalse(result['ok'])
        self.assertEqual(self.env['dsa.signoff.code'].browse(first).state, 'replaced')
        self.assertUnsigned(self.task)
        self.assertTrue(self.confirm(second, self.last_code())['ok'])

    def test_code_of_another_intervention(self):
        other = self.second_task()
        self.login(self.tech1)
        request_a = self.ask_code()['request_id']
        code_a = self.last_code()
        request_b = self.ask_code(other)['request_id']
        code_b = self.last_code()
        if code_a == code_b:  # one chance in a million
            return
        result = self.confirm(request_b, code_a)
        self.assertFalse(result['ok'])
        self.assertEqual(self.env['dsa.signoff.code'].browse(request_b).attempts, 1)
        self.assertUnsigned(other)
        self.assertUnsigned(self.task)
        self.assertEqual(self.env['dsa.signoff.code'].browse(request_a).state, 'pending')

    def test_request_throttle(self):
        """Three codes per intervention per 15 minutes, ten per technician per hour."""
        self.login(self.tech1)
        for _i in range(3):
            self.ask_code()
        error = self.call_error('/field/api/sign/request', task_id=self.task.id,
                                signer='Carla Contact', signature=SIGNATURE)
        self.assertEqual(error['name'], 'odoo.exceptions.UserError')
        self.assertRegex(error['message'], r'wait \d+ minutes')
        self.assertEqual(len(self.code_mails()), 3)
        # ten codes of the technician in the hour, on another intervention
        other = self.second_task()
        Code = self.env['dsa.signoff.code']
        Code.search([('task_id', '=', self.task.id)]).unlink()
        for _i in range(10):
            Code.create({'task_id': other.id, 'technician_id': self.tech1.id,
                         'signer': 'X', 'expires_at': fields.Datetime.now(),
                         'state': 'replaced'})
        error = self.call_error('/field/api/sign/request', task_id=self.task.id,
                                signer='Carla Contact', signature=SIGNATURE)
        self.assertIn('too many codes', error['message'])
        self.assertEqual(len(self.code_mails()), 3)

    def test_brute_force_across_codes(self):
        """Ten wrong codes in the hour, over several codes, block the
        technician: even the right code of another intervention is refused."""
        other = self.second_task()
        self.login(self.tech1)
        request_b = self.ask_code(other)['request_id']
        code_b = self.last_code()
        for _round in range(2):
            request_id = self.ask_code()['request_id']
            code = self.last_code()
            for _i in range(5):
                self.assertFalse(self.confirm(request_id, self.wrong(code))['ok'])
        result = self.confirm(request_b, code_b)
        self.assertFalse(result['ok'])
        self.assertIn('Too many wrong codes', result['message'])
        self.assertUnsigned(other)
        error = self.call_error('/field/api/sign/request', task_id=self.task.id,
                                signer='Carla Contact', signature=SIGNATURE)
        self.assertIn('Too many wrong codes', error['message'])

    def test_recipient_cannot_be_redirected(self):
        """The technician cannot create or change partners; an intervention
        contact of another customer, or a plant moved to the technician's own
        partner, never receives the code."""
        for method, args in (('create', [{'name': 'Me', 'email': 'me@evil.example.com'}]),
                             ('write', [[self.contact.id], {'email': 'me@evil.example.com'}])):
            fault = self.rpc_refused(self.tech1, 'res.partner', method, *args)
            self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR, fault.faultString[-500:])
        make_other_customer(self, email='otto@other.example.com')
        self.task.sudo(self.tech1).write({'partner_id': self.other_contact.id})
        self.login(self.tech1)
        answer = self.ask_code()
        self.assertEqual(answer['sent_to'], 'i***@svc.example.com')
        self.assertFalse(self.code_mails('otto@other.example.com'))
        self.assertEqual(len(self.code_mails('info@svc.example.com')), 1)
        # the technician's own partner as the intervention's and the plant's customer
        self.tech1.sudo(self.tech1).write({'email': 'tino@evil.example.com'})
        self.task.sudo(self.tech1).write({'partner_id': self.tech1.partner_id.id})
        self.plant.sudo(self.tech1).write({'partner_id': self.tech1.partner_id.id})
        error = self.call_error('/field/api/sign/request', task_id=self.task.id,
                                signer='Carla Contact', signature=SIGNATURE)
        self.assertEqual(error['name'], 'odoo.exceptions.UserError')
        self.assertIn('without the code', error['message'])
        self.assertFalse(self.code_mails('tino@evil.example.com'))
        self.assertFalse(self.code_mails(self.tech1.email))

    def test_no_address(self):
        self.contact.email = False
        self.customer.email = False
        self.login(self.tech1)
        error = self.call_error('/field/api/sign/request', task_id=self.task.id,
                                signer='Carla Contact', signature=SIGNATURE)
        self.assertEqual(error['name'], 'odoo.exceptions.UserError')
        self.assertIn('without the code', error['message'])
        self.assertFalse(self.env['dsa.signoff.code'].search([('task_id', '=', self.task.id)]))


class TestFieldSignSecrecy(FieldSignCase):
    """The technician reads the code nowhere and forges no signature."""

    def test_technician_cannot_read_the_code(self):
        self.login(self.tech1)
        request_id = self.ask_code()['request_id']
        code = self.last_code()
        tech = self.tech1
        for method, args, kwargs in (
                ('search_read', [[]], {'fields': ['body_html', 'email_to']}),
                ('read', [self.code_mails().ids, ['body_html']], {}),
                ('read_group', [[], ['email_to'], ['email_to']], {}),
                ('export_data', [self.code_mails().ids, ['body_html']], {})):
            fault = self.rpc_refused(tech, 'mail.mail', method, *args, **kwargs)
            self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR, fault.faultString[-500:])
        self.assertEqual(self.rpc(tech, 'mail.message', 'search_read',
                                  [['body', 'ilike', code]], fields=['body']), [])
        message_id = self.code_mails().mail_message_id.id
        fault = self.rpc_refused(tech, 'mail.message', 'read', [message_id], ['body'])
        self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR, fault.faultString[-500:])
        task = self.rpc(tech, 'project.task', 'read', [self.task.id], ['message_ids'])[0]
        bodies = self.rpc(tech, 'mail.message', 'read', task['message_ids'], ['body'])
        self.assertNotIn(code, ' '.join(m['body'] or '' for m in bodies))
        for method, args, kwargs in (
                ('search_read', [[]], {}),
                ('read', [[request_id], ['code_hash', 'signature']], {}),
                ('read_group', [[], ['state'], ['state']], {}),
                ('export_data', [[request_id], ['code_hash']], {}),
                ('name_search', [''], {}),
                ('write', [[request_id], {'attempts': 0}], {})):
            fault = self.rpc_refused(tech, 'dsa.signoff.code', method, *args, **kwargs)
            self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR, fault.faultString[-500:])

    def test_technician_cannot_forge_the_mode_nor_sign_over_rpc(self):
        for values in ({'dsa_sign_mode': 'onsite_confirmed'},
                       {'dsa_sign_technician_id': self.tech1.id},
                       {'dsa_sign_sent_to': 'c***@svc.example.com'}):
            fault = self.rpc_refused(self.tech1, 'project.task', 'write', [self.task.id],
                                     values)
            self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR, fault.faultString[-500:])
        for method, args in (
                ('_dsa_sign', ['Carla Contact', SIGNATURE]),
                ('_dsa_sign_onsite', ['Carla Contact', SIGNATURE]),
                ('_dsa_signoff_record', ['Carla Contact', SIGNATURE, False, False,
                                         {'mode': 'onsite_confirmed'}, False]),
                ('_dsa_field_op_sign', [{'signer': 'Carla', 'signature': SIGNATURE}, {}]),
                ('_dsa_onsite_confirm', [])):
            self.rpc_refused(self.tech1, 'project.task', method, [self.task.id], *args)
        self.rpc_refused(self.tech1, 'dsa.signoff.code', '_dsa_confirm', 1, '123456')
        self.assertUnsigned(self.task)


class TestFieldSignUnconfirmed(FieldSignCase):
    """Signed without the code: the customer confirms or disputes on the portal."""

    def sign_unconfirmed(self):
        result = self.task.sudo(self.tech2)._dsa_field_op_sign(
            {'signer': 'Carla Contact', 'signature': SIGNATURE}, {'id': 'op-sign-1'})
        self.assertEqual(result['sign_mode'], 'onsite_unconfirmed')
        self.task.invalidate_cache()
        return self.task

    def test_unconfirmed_report_mailed(self):
        task = self.sign_unconfirmed()
        self.assertEqual(task.dsa_report_state, 'signed')
        self.assertEqual(task.dsa_sign_mode, 'onsite_unconfirmed')
        self.assertEqual(task.dsa_sign_technician_id, self.tech2)
        self.assertFalse(task.dsa_sign_sent_to)
        note = task.message_ids.filtered(lambda m: task.dsa_signed_sha256 in (m.body or ''))
        self.assertIn('NOT confirmed', note.body)
        self.assertIn('Tecnica Tina', note.body)
        mail = self.env['mail.mail'].search([
            ('model', '=', 'project.task'), ('res_id', '=', task.id),
            ('attachment_ids', 'in', task.dsa_signed_attachment_id.ids)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.contact)
        self.assertIn('/my/intervention/%s' % task.id, mail.body_html)
        # its PDF says so
        self.assertIn(b'Not confirmed', task._dsa_report_html())
        # the portal shows it, with the buttons
        self.login(self.carla_user)
        page = self.url_open('/my/intervention/%s' % task.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn('not confirmed', page.text)
        self.assertIn('/onsite/confirm', page.text)
        self.assertIn('/onsite/dispute', page.text)

    def test_customer_confirms(self):
        task = self.sign_unconfirmed()
        attachment, digest = task.dsa_signed_attachment_id, task.dsa_signed_sha256
        carla = self.carla_user
        self.login(carla)
        response = self.report_action(task, 'onsite/confirm')
        self.assertEqual(response.status_code, 200)
        task.invalidate_cache()
        self.assertEqual(task.dsa_sign_mode, 'onsite_confirmed')
        self.assertEqual(task.dsa_sign_reviewed_by, carla)
        self.assertEqual(task.dsa_signed_attachment_id, attachment)
        self.assertEqual(task.dsa_signed_sha256, digest)
        self.assertTrue(task.message_ids.filtered(
            lambda m: 'confirmed on the portal' in (m.body or '')))
        # once only
        response = self.report_action(task, 'onsite/dispute', reason='Changed my mind')
        self.assertEqual(response.status_code, 400)
        task.invalidate_cache()
        self.assertEqual(task.dsa_sign_mode, 'onsite_confirmed')

    def test_customer_disputes(self):
        task = self.sign_unconfirmed()
        digest = task.dsa_signed_sha256
        self.login(self.colleague_user)
        response = self.report_action(task, 'onsite/dispute', reason='  ')
        self.assertEqual(response.status_code, 400)
        task.invalidate_cache()
        self.assertEqual(task.dsa_sign_mode, 'onsite_unconfirmed')
        response = self.report_action(task, 'onsite/dispute',
                                      reason='Nobody of ours signed this.')
        self.assertEqual(response.status_code, 200)
        task.invalidate_cache()
        self.assertEqual(task.dsa_sign_mode, 'onsite_disputed')
        self.assertEqual(task.dsa_sign_dispute_reason, 'Nobody of ours signed this.')
        self.assertEqual(task.dsa_report_state, 'signed')
        self.assertEqual(task.dsa_signed_sha256, digest)
        comment = task.message_ids.filtered(
            lambda m: 'Nobody of ours signed this.' in (m.body or ''))
        self.assertEqual(comment.subtype_id, self.env.ref('mail.mt_comment'))
        activities = self.env['mail.activity'].search([
            ('res_model', '=', 'project.task'), ('res_id', '=', task.id)])
        self.assertTrue(activities)
        expected = task.user_id or self.env.ref('dsa_tts.group_manager').users.filtered(
            lambda u: not u.share and u.id != 1)
        self.assertEqual(activities.mapped('user_id'), expected)

    def test_other_customer_gets_404(self):
        task = self.sign_unconfirmed()
        _company, _contact, stranger = self.portal_customer(
            'Stranger Spa', 'Sara Stranger', 'svc_stranger')
        self.login(stranger)
        self.commit()
        self.assertEqual(self.url_open('/my/intervention/%s' % task.id).status_code, 404)
        token = self.csrf('/my/account')
        for action, data in (('confirm', {}), ('dispute', {'reason': 'Forged'})):
            response = self.url_open('/my/intervention/%s/onsite/%s' % (task.id, action),
                                     data=dict(data, csrf_token=token))
            self.assertEqual(response.status_code, 404)
        task.invalidate_cache()
        self.assertEqual(task.dsa_sign_mode, 'onsite_unconfirmed')
        self.assertFalse(task.dsa_sign_reviewed_by)
        # the technician is no customer either
        with self.assertRaises(AccessError):
            task.sudo(self.tech2)._dsa_onsite_confirm()
        task.invalidate_cache()
        self.assertEqual(task.dsa_sign_mode, 'onsite_unconfirmed')

    def test_readers_cannot_confirm_or_dispute(self):
        """Reading is not acting: Tina, who collected the signature and reads
        the intervention in the back end, and a portal user of another
        customer who follows it, post confirm and dispute over real HTTP: 404
        both, nothing written. Only a portal user of the customer acts."""
        task = self.sign_unconfirmed()
        _company, stranger_contact, stranger = self.portal_customer(
            'Follower Spa', 'Fabio Follower', 'svc_follower')
        task.message_subscribe(partner_ids=stranger_contact.ids)
        self.assertTrue(task.sudo(self.tech2).read(['name']))
        self.login(self.tech2)
        self.commit()
        page = self.url_open('/web')
        token = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        readers = [(self.tech2, token)]
        self.login(stranger)
        readers.append((stranger, self.csrf('/my/account')))
        for user, token in readers:
            self.login(user)
            for action, data in (('confirm', {}), ('dispute', {'reason': 'Not me'})):
                self.commit()
                response = self.url_open('/my/intervention/%s/onsite/%s' % (task.id, action),
                                         data=dict(data, csrf_token=token))
                self.assertEqual(response.status_code, 404, (user.login, action))
        task.invalidate_cache()
        self.assertEqual(task.dsa_sign_mode, 'onsite_unconfirmed')
        self.assertFalse(task.dsa_sign_reviewed_by)
        self.assertFalse(task.dsa_sign_dispute_reason)

    def test_sign_op_through_the_sync(self):
        """The field app's queued ``sign`` op, through the sync of the field
        API: signed on site, unconfirmed, once; refused to a
        technician who is not assigned."""
        # the report's float fields read their precision through a cursor of
        # their own (LazyCursor) the first time: in tests that is the test
        # cursor, whose commit would end the sync's savepoint (not so on a
        # real server, where it is another cursor)
        self.task._dsa_report_html()
        op = {'id': 'sign-op-000001', 'type': 'sign', 'task_id': self.task.id,
              'at': fields.Datetime.now(),
              'data': {'signer': 'Carla Contact', 'signature': SIGNATURE}}
        self.login(self.tech3)
        stolen = self.call('/field/api/sync', ops=[dict(op, id='sign-op-stolen1')])
        self.assertEqual(stolen['results'][0]['status'], 'refused')
        self.assertUnsigned(self.task)
        self.login(self.tech1)
        answer = self.call('/field/api/sync', ops=[op])
        self.assertEqual(answer['results'][0]['status'], 'done', answer['results'][0])
        self.assertEqual(answer['results'][0]['result']['sign_mode'], 'onsite_unconfirmed')
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_sign_mode, 'onsite_unconfirmed')
        attachment = self.task.dsa_signed_attachment_id
        replay = self.call('/field/api/sync', ops=[op])
        self.assertEqual(replay['results'][0]['status'], 'duplicate')
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_signed_attachment_id, attachment)
        self.assertEqual(self.env['ir.attachment'].search_count([
            ('res_model', '=', 'project.task'), ('res_id', '=', self.task.id),
            ('datas_fname', '=like', 'signed_report_%')]), 1)

    def test_signed_intervention_refuses_a_second_signature(self):
        self.sign_unconfirmed()
        with self.assertRaises(UserError):
            self.task.sudo(self.tech1)._dsa_field_op_sign(
                {'signer': 'Someone', 'signature': SIGNATURE}, {'id': 'op-sign-2'})
        self.login(self.tech1)
        error = self.call_error('/field/api/sign/request', task_id=self.task.id,
                                signer='Carla Contact', signature=SIGNATURE)
        self.assertEqual(error['name'], 'odoo.exceptions.UserError')


class TestSignModePortal(ServiceCase):
    """The portal's signature says so; reports signed before the modes
    existed are given the portal's mode by the upgrade (``init``)."""

    def test_portal_signature_mode_and_upgrade(self):
        task = self._new_intervention(dsa_work_report='Panel checked.')
        task.sudo(self.manager).action_dsa_plan()
        task.sudo(self.tech1).action_dsa_done()
        task.sudo(self.portal_user)._dsa_sign('Carla Contact', PNG_B64, ip='10.0.0.1')
        task.invalidate_cache()
        self.assertEqual(task.dsa_sign_mode, 'portal')
        self.assertFalse(task.dsa_sign_technician_id)
        # as before the upgrade: signed, no mode
        self.env.cr.execute('UPDATE project_task SET dsa_sign_mode = NULL WHERE id = %s',
                            (task.id,))
        task.invalidate_cache()
        self.assertFalse(task.dsa_sign_mode)
        self.env['project.task'].init()
        task.invalidate_cache()
        self.assertEqual(task.dsa_sign_mode, 'portal')
        unsigned = self._new_intervention()
        self.assertFalse(unsigned.dsa_sign_mode)
