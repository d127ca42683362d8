from odoo.tests.common import TransactionCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestTrackingLang(TransactionCase):
    """models/mail_message.py: a tracking line written in English (the demo, the
    scheduled actions, the administrator) reads in Italian for an Italian user:
    the field's label and a selection's values (issue 28: "Start date",
    "Status: Running" on a contract)."""

    def setUp(self):
        super(TestTrackingLang, self).setUp()
        if not self.env['res.lang'].search_count([('code', '=', 'it_IT')]):
            self.env['res.lang'].load_lang('it_IT')
        self.partner = self.env['res.partner'].create({'name': 'Tracked partner'})
        # a change tracked in English, as the demo and the scheduled actions store it
        english = self.env['res.partner'].with_context(lang='en_US').fields_get(['type'])['type']
        self.message = self.partner.message_post(body='change', tracking_value_ids=[
            (0, 0, self.env['mail.tracking.value'].create_tracking_values(
                'contact', 'invoice', 'type', english))])
        self.english = english

    def _lines(self, lang):
        formatted = self.message.with_context(lang=lang).message_format()[0]
        return formatted['tracking_value_ids']

    def test_tracking_reads_in_the_readers_language(self):
        italian = self.env['res.partner'].with_context(lang='it_IT').fields_get(['type'])['type']
        self.assertNotEqual(italian['string'], self.english['string'])
        line, = self._lines('it_IT')
        self.assertEqual(line['changed_field'], italian['string'])
        self.assertEqual(line['new_value'], dict(italian['selection'])['invoice'])
        self.assertEqual(line['old_value'], dict(italian['selection'])['contact'])

    def test_english_reader_reads_english(self):
        line, = self._lines('en_US')
        self.assertEqual(line['changed_field'], self.english['string'])
        self.assertEqual(line['new_value'], dict(self.english['selection'])['invoice'])
