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
        country = self.env['res.partner'].with_context(lang='en_US').fields_get(
            ['country_id'])['country_id']
        Tracking = self.env['mail.tracking.value']
        self.italy = self.env.ref('base.it').with_context(lang='en_US')
        self.message = self.partner.message_post(body='change', tracking_value_ids=[
            (0, 0, Tracking.create_tracking_values('contact', 'invoice', 'type', english)),
            (0, 0, Tracking.create_tracking_values(
                self.env['res.country'], self.italy, 'country_id', country))])
        self.english = english

    def _lines(self, lang):
        """(selection line, many2one line) as the chatter gets them in ``lang``."""
        formatted = self.message.with_context(lang=lang).message_format()[0]
        lines = {line['field_type']: line for line in formatted['tracking_value_ids']}
        return lines['selection'], lines['many2one']

    def test_tracking_reads_in_the_readers_language(self):
        italian = self.env['res.partner'].with_context(lang='it_IT').fields_get(['type'])['type']
        self.assertNotEqual(italian['string'], self.english['string'])
        line, country = self._lines('it_IT')
        self.assertEqual(line['changed_field'], italian['string'])
        # a many2one's name too: "Italy" reads "Italia"
        self.assertEqual(country['new_value'], self.italy.with_context(lang='it_IT').name)
        self.assertNotEqual(country['new_value'], 'Italy')
        self.assertEqual(line['new_value'], dict(italian['selection'])['invoice'])
        self.assertEqual(line['old_value'], dict(italian['selection'])['contact'])

    def test_english_reader_reads_english(self):
        line, country = self._lines('en_US')
        self.assertEqual(country['new_value'], 'Italy')
        self.assertEqual(line['changed_field'], self.english['string'])
        self.assertEqual(line['new_value'], dict(self.english['selection'])['invoice'])
