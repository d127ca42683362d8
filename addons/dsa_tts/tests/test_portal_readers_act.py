import re

from .common import SignoffHttpCase, make_other_customer


class TestPortalReadersDoNotAct(SignoffHttpCase):
    """The portal's acting routes (open a call, sign, reject) ask more than
    reading: a technician who reads the intervention and the plant in the back
    end, and a portal user of another customer who follows them, get a 404 or a
    refusal over real HTTP, and nothing is written."""

    def setUp(self):
        super(TestPortalReadersDoNotAct, self).setUp()
        make_other_customer(self)
        self.stranger = self.portal_user('svc_stranger', self.other_contact, name='Otto Other')
        # the stranger follows this customer's intervention and plant: a reader
        self.task.message_subscribe(partner_ids=self.other_contact.ids)
        self.plant.message_subscribe(partner_ids=self.other_contact.ids)

    def _post(self, url, token, **data):
        self.env.cr.commit()  # pylint: disable=invalid-commit
        return self.url_open(url, data=dict(data, csrf_token=token))

    def _backend_token(self):
        page = self.url_open('/web')
        self.assertEqual(page.status_code, 200)
        return re.search(r'csrf_token: "([^"]+)"', page.text).group(1)

    def _calls(self):
        return self.env['dsa.ticket'].sudo().search_count([])

    def test_technician_reads_but_cannot_sign_reject_or_open(self):
        self.assertTrue(self.task.sudo(self.tech1).read(['name']))
        self.assertTrue(self.plant.sudo(self.tech1).read(['name']))
        self.tech1.sudo().write({'password': self.tech1.login})  # login() uses it
        self.login(self.tech1)
        self.assertEqual(self.url_open('/web').url.split('?')[0].rstrip('/').rsplit('/', 1)[-1],
                         'web', 'the technician is logged in')
        token = self._backend_token()
        calls = self._calls()
        for action, data in (('sign', {'signer': 'Tino', 'signature': 'x'}),
                             ('reject', {'reason': 'no'})):
            response = self._post('/my/intervention/%s/%s' % (self.task.id, action),
                                  token, **data)
            self.assertEqual(response.status_code, 404, action)
        response = self._post('/my/tickets/new', token, subject='Forged call',
                              plant_id=str(self.plant.id))
        self.assertEqual(response.status_code, 404)
        self.task.invalidate_cache()
        self.assertFalse(self.task.dsa_signed_on)
        self.assertNotEqual(self.task.dsa_report_state, 'rejected')
        self.assertEqual(self._calls(), calls)

    def test_follower_of_another_customer_cannot_sign_reject_or_open(self):
        self.login(self.stranger)
        token = self.csrf('/my/tickets/new')
        calls = self._calls()
        for action, data in (('sign', {'signer': 'Otto', 'signature': 'x'}),
                             ('reject', {'reason': 'no'})):
            response = self._post('/my/intervention/%s/%s' % (self.task.id, action),
                                  token, **data)
            self.assertEqual(response.status_code, 404, action)
        response = self._post('/my/tickets/new', token, subject='Call on their plant',
                              plant_id=str(self.plant.id))
        self.assertEqual(response.status_code, 200)
        self.assertIn('has-error', response.text)
        self.task.invalidate_cache()
        self.assertFalse(self.task.dsa_signed_on)
        self.assertNotEqual(self.task.dsa_report_state, 'rejected')
        self.assertEqual(self._calls(), calls,
                         'no call opened on another customer\'s plant')
