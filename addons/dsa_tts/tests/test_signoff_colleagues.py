import re

from odoo.tests.common import at_install, post_install

from .common import PNG_B64, SignoffHttpCase


@at_install(False)
@post_install(True)
class TestSignoffColleagues(SignoffHttpCase):
    """Who of the customer's own people signs a report, over real HTTP.

    The rule (docs/guarantees.md, SEC-13): only a portal user of the intervention's
    customer - its commercial partner - signs or rejects; every other user
    gets a 404.  So a second portal user of the same customer company, who is
    not the intervention's contact, may sign; a contact of the same customer
    whose user is not a portal user (an internal user) may not.
    """

    def test_colleague_portal_user_signs(self):
        self.assertNotEqual(self.task.partner_id, self.colleague)
        self.login(self.colleague_user)
        response = self.sign(self.task, 'Paola Colleague')
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, 'signed')
        self.assertEqual(self.task.dsa_signed_by, 'Paola Colleague')
        message = self.task.message_ids.filtered(
            lambda m: self.task.dsa_signed_attachment_id in m.attachment_ids)
        self.assertEqual(message.author_id, self.colleague)

    def test_colleague_portal_user_rejects(self):
        self.login(self.colleague_user)
        response = self.reject(self.task, 'Two hours, not one')
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, 'rejected')
        self.assertEqual(self.task.dsa_reject_reason, 'Two hours, not one')

    def test_non_portal_contact_gets_404(self):
        self.assertEqual(self.insider_user.commercial_partner_id, self.customer)
        state = self.task.dsa_report_state
        self.login(self.insider_user)
        for url in ('/my/intervention/%s' % self.task.id,
                    '/my/intervention/%s/report' % self.task.id):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        # a CSRF token of a page the user may open (the back end's)
        page = self.url_open('/web')
        self.assertEqual(page.status_code, 200)
        # the web client's page: odoo.csrf_token = "..."
        token = re.search(r'csrf_token\s*[:=]\s*"([^"]+)"', page.text).group(1)
        attempts = [
            ('sign', {'signer': 'Ivo Insider', 'signature': 'data:image/png;base64,' + PNG_B64}),
            ('reject', {'reason': 'Not mine to accept'}),
        ]
        for action, data in attempts:
            data['csrf_token'] = token
            response = self.url_open('/my/intervention/%s/%s' % (self.task.id, action),
                                     data=data)
            self.assertEqual(response.status_code, 404, action)
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, state)
        self.assertFalse(self.task.dsa_signed_on)
        self.assertFalse(self.task.dsa_reject_reason)
