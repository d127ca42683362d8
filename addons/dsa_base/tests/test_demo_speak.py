from odoo.tests.common import TransactionCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestDemoSpeak(TransactionCase):
    """models/res_partner.py: the demo files make their people speak a language
    only when that language is loaded."""

    def setUp(self):
        super(TestDemoSpeak, self).setUp()
        self.partner = self.env['res.partner'].create({'name': 'Demo Speaker', 'lang': 'en_US'})
        self.env['ir.model.data'].create({
            'module': 'dsa_base', 'name': 'test_demo_speaker', 'model': 'res.partner',
            'res_id': self.partner.id})

    def test_loaded_language_is_spoken(self):
        lang = self.env['res.lang'].with_context(active_test=False).search(
            [('code', '=', 'fr_FR')])
        lang.active = True
        Partner = self.env['res.partner']
        self.assertTrue(Partner._dsa_demo_speak('fr_FR', ['dsa_base.test_demo_speaker']))
        self.assertEqual(self.partner.lang, 'fr_FR')

    def test_missing_language_changes_nothing(self):
        Partner = self.env['res.partner']
        self.assertFalse(Partner._dsa_demo_speak('xx_XX', ['dsa_base.test_demo_speaker']))
        self.assertEqual(self.partner.lang, 'en_US')
