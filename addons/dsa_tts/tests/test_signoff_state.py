from odoo.tests.common import at_install, post_install

from .common import SignoffHttpCase

EVIL = ('<a href="https://evil.example.com/pay">pay here</a>'
        '<img src="https://evil.example.com/track.png"/>')


@at_install(False)
@post_install(True)
class TestSignoffState(SignoffHttpCase):
    """The sign-off's own holes, as the portal customer over HTTP: sign
    only a report waiting for it, reject once per version, and the
    customer's text goes into the chatter as text."""

    def _rejections(self):
        return self.task.message_ids.filtered(lambda m: 'rejected by' in (m.body or ''))

    def test_rejected_report_not_signed_before_reopening(self):
        self.login(self.colleague_user)
        self.reject(self.task, 'Two hours, not one')
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, 'rejected')
        response = self.sign(self.task, 'Paola Colleague')
        self.assertEqual(response.status_code, 400)
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, 'rejected')
        self.assertFalse(self.task.dsa_signed_on)
        # staff reopen and close it again: the new version is signed
        self.task.sudo(self.manager).action_dsa_reopen()
        self.task.sudo(self.tech1).action_dsa_done()
        self.task.invalidate_cache()
        self.assertEqual((self.task.dsa_state, self.task.dsa_report_state), ('done', 'none'))
        response = self.sign(self.task, 'Paola Colleague')
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, 'signed')

    def test_reject_once_per_version(self):
        self.login(self.colleague_user)
        self.reject(self.task, 'First reason')
        for n in range(3):
            response = self.reject(self.task, 'Spam %d' % n)
            self.assertEqual(response.status_code, 400)
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_reject_reason, 'First reason')
        self.assertEqual(len(self._rejections()), 1)

    def test_customer_text_shown_as_text(self):
        self.login(self.colleague_user)
        self.reject(self.task, 'See ' + EVIL, signer='Eve ' + EVIL)
        body = self._rejections().body
        self.assertNotIn('<img', body)
        self.assertNotIn('<a ', body)
        self.assertIn('&lt;img', body)
        self.task.sudo(self.manager).action_dsa_reopen()
        self.task.sudo(self.tech1).action_dsa_done()
        response = self.sign(self.task, 'Eve ' + EVIL)
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        self.task.invalidate_cache()
        signed = self.task.message_ids.filtered(
            lambda m: self.task.dsa_signed_attachment_id in m.attachment_ids)
        self.assertNotIn('<img', signed.body)
        self.assertNotIn('<a ', signed.body)
        self.assertIn('&lt;a href', signed.body)
