import datetime
import unittest

from odoo.addons.dsa_accounting_bridge.lib import normalize


class TestNormalize(unittest.TestCase):

    def test_numbers(self):
        cases = {
            '1.234,56': 1234.56, '€ 1.234,56': 1234.56, '1.234,56 €': 1234.56,
            '1234.56': 1234.56, '1,234.56': 1234.56, '-12,5': -12.5, '(12,50)': -12.5,
            '12,50-': -12.5, '1.234.567': 1234567.0, '0,5': 0.5, 'EUR 10': 10.0,
            '1 234,00': 1234.0, 3: 3.0, 2.5: 2.5,
        }
        for text, value in cases.items():
            self.assertEqual(normalize.parse_number(text), value, text)
        self.assertEqual(normalize.parse_number('1.234', decimal='comma'), 1234.0)
        self.assertEqual(normalize.parse_number('1,234', decimal='dot'), 1234.0)
        for bad in ('abc', '1,2,3x', '€', '12..3,4,5'):
            with self.assertRaises(ValueError):
                normalize.parse_number(bad)

    def test_dates(self):
        self.assertEqual(normalize.parse_date('31/12/2025'), '2025-12-31')
        self.assertEqual(normalize.parse_date('2025-12-31'), '2025-12-31')
        self.assertEqual(normalize.parse_date('31.12.2025'), '2025-12-31')
        self.assertEqual(normalize.parse_date('31/12/25'), '2025-12-31')
        self.assertEqual(normalize.parse_date(datetime.datetime(2025, 1, 2, 3, 4)), '2025-01-02')
        self.assertEqual(normalize.parse_date(45657), '2024-12-31')
        for bad in ('31/13/2025', '2025-02-30', 'ieri'):
            with self.assertRaises(ValueError):
                normalize.parse_date(bad)

    def test_keys(self):
        self.assertEqual(normalize.normalize_vat(' it 017.392.702-29'), 'IT01739270229')
        self.assertEqual(normalize.normalize_vat('01739270229'), 'IT01739270229')
        self.assertEqual(normalize.normalize_vat('DE 123456789'), 'DE123456789')
        with self.assertRaises(ValueError):
            normalize.normalize_vat('IT123')
        self.assertEqual(normalize.normalize_fiscal_code('bncmra80a01f205x'), 'BNCMRA80A01F205X')
        self.assertEqual(normalize.normalize_email(' Mario@Example.COM '), 'mario@example.com')
        self.assertEqual(normalize.phone_key('+39 02-123.4567'), '021234567')
        self.assertEqual(normalize.phone_key('0039 02 1234567'), '021234567')
        self.assertEqual(normalize.to_text(1001.0), '1001')
