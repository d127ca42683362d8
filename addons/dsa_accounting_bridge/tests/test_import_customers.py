from odoo.addons.dsa_accounting_bridge.tests.common import ImportCase


class TestImportCustomers(ImportCase):

    def partners(self, codes):
        return self.env['res.partner'].search([('dsa_external_code', 'in', codes)])

    def test_generic_csv_counters_and_messages(self):
        job = self.run_job('customers', 'customers_utf8.csv')
        self.assertEqual(job.state, 'done_errors')
        self.assertCounters(job, created=3, skipped=1, rejected=2)
        self.assertEqual(self.log(job), [
            (6, 'vat', '"IT12345" is not an Italian VAT number (11 digits)'),
            (6, 'email', '"neri@example" is not an email address'),
            (8, 'province', 'unknown province "ZZ"'),
        ])
        rossi = self.partners(['C001'])
        self.assertEqual(len(rossi), 1, 'two rows of the same customer give one customer')
        self.assertEqual(rossi.vat, 'IT01739270229')
        self.assertEqual(rossi.state_id, self.env.ref('base.state_it_mi'))
        self.assertEqual(rossi.country_id, self.env.ref('base.it'))
        self.assertEqual(rossi.dsa_source_system, 'accounting')
        verdi = self.partners(['C002'])
        self.assertEqual(verdi.vat, 'IT04821340165', 'VAT normalised')
        self.assertEqual(verdi.email, 'verdi@example.com')
        self.assertEqual(verdi.country_id, self.env.ref('base.it'), '"Italia" is Italy')
        self.assertEqual(self.partners(['C003']).dsa_fiscal_code, 'BNCMRA80A01F205X')
        self.assertFalse(self.partners(['C004', 'C005']), 'rejected rows are not written')
        self.assertEqual(job.rows_done, 6)

    def test_reimport_changes_nothing(self):
        self.run_job('customers', 'customers_utf8.csv')
        count = self.env['res.partner'].search_count([])
        write_dates = self.partners(['C001', 'C002', 'C003']).mapped('write_date')
        job = self.run_job('customers', 'customers_utf8.csv')
        self.assertCounters(job, skipped=4, rejected=2)
        self.assertEqual(self.env['res.partner'].search_count([]), count)
        self.assertEqual(self.partners(['C001', 'C002', 'C003']).mapped('write_date'),
                         write_dates)

    def test_existing_customer_matched_and_updated(self):
        by_vat = self.env['res.partner'].create({
            'name': 'Rossi (old name)', 'vat': 'IT 017 392 70229', 'phone': '0299'})
        by_email = self.env['res.partner'].create({
            'name': 'Mario Bianchi', 'email': 'MARIO@bianchi.example'})
        job = self.run_job('customers', 'customers_utf8.csv')
        self.assertCounters(job, created=1, updated=2, skipped=1, rejected=2)
        self.assertEqual(by_vat.name, 'Rossi Impianti Srl')
        self.assertEqual(by_vat.dsa_external_code, 'C001')
        self.assertEqual(by_vat.street, 'Via Verdi 3')
        self.assertEqual(by_email.dsa_fiscal_code, 'BNCMRA80A01F205X',
                         'matched on the normalised email')
        self.assertEqual(by_email.email, 'mario@bianchi.example')

    def test_empty_cell_keeps_existing_value(self):
        partner = self.env['res.partner'].create({
            'name': 'Bianchi Mario', 'dsa_fiscal_code': 'BNCMRA80A01F205X',
            'street': 'Via Esistente 1', 'email': 'mario@bianchi.example',
            'phone': '333 1234567', 'country_id': self.env.ref('base.it').id,
            'dsa_external_code': 'C003', 'dsa_source_system': 'accounting'})
        self.run_job('customers', 'customers_utf8.csv')
        self.assertEqual(partner.street, 'Via Esistente 1', 'nothing existing is lost')

    def test_no_country_column_keeps_country(self):
        partner = self.env['res.partner'].create({
            'name': 'Bianchi Mario', 'dsa_fiscal_code': 'BNCMRA80A01F205X',
            'country_id': self.env.ref('base.fr').id})
        job = self.run_job('customers', 'customers_utf8.csv')
        self.assertCounters(job, created=2, updated=1, skipped=1, rejected=2)
        self.assertEqual(partner.country_id, self.env.ref('base.fr'))
        self.assertEqual(partner.dsa_external_code, 'C003')
        self.assertEqual(self.partners(['C001']).country_id, self.env.ref('base.it'))

    def test_match_by_phone(self):
        partner = self.env['res.partner'].create({'name': 'B. Mario', 'phone': '+39 333-123.4567'})
        self.run_job('customers', 'customers_utf8.csv')
        self.assertEqual(partner.dsa_external_code, 'C003')

    def test_utf8_bom(self):
        job = self.run_job('customers', 'customers_bom.csv')
        self.assertCounters(job, created=1)
        partner = self.partners(['C010'])
        self.assertEqual(partner.name, 'Caffè Nero, Srl')
        self.assertEqual(partner.state_id, self.env.ref('base.state_it_bo'))

    def test_italian_profile_cp1252(self):
        job = self.run_job('customers', 'clienti_gestionale.csv',
                           profile='dsa_import_profile_italian_customers')
        self.assertCounters(job, created=2)
        sel = self.partners(['CL100'])
        self.assertEqual(sel.name, 'Società Elettrica Lombarda S.r.l.')
        self.assertEqual(sel.city, 'Cantù')
        self.assertEqual(sel.state_id, self.env.ref('base.state_it_co'))
        sole = self.partners(['CL101'])
        self.assertEqual(sole.name, 'Impianti "Il Sole" Sas')
        self.assertEqual(sole.dsa_fiscal_code, 'RSSMRA75C12H501Z')

    def test_dry_run_writes_nothing(self):
        count = self.env['res.partner'].search_count([])
        job = self.run_job('customers', 'customers_utf8.csv', dry_run=True)
        self.assertCounters(job, created=3, skipped=1, rejected=2)
        self.assertTrue(job.dry_run)
        self.assertEqual(job.state, 'draft')
        self.assertEqual(len(job.line_ids), 3)
        self.assertEqual(self.env['res.partner'].search_count([]), count)
        self.assertFalse(self.partners(['C001']))
        job.with_context(dsa_import_sync=True).action_run()
        self.assertCounters(job, created=3, skipped=1, rejected=2)
        self.assertFalse(job.dry_run)
        self.assertEqual(len(self.partners(['C001', 'C002', 'C003'])), 3)

    def test_rejected_rows_csv(self):
        job = self.run_job('customers', 'customers_utf8.csv')
        action = job.action_download_rejected()
        self.assertIn('field=rejected_file', action['url'])
        import base64
        content = base64.b64decode(job.rejected_file).decode('utf-8-sig').splitlines()
        self.assertEqual(content[0], 'code,name,vat,fiscal_code,email,phone,street,zip,city,'
                                     'province,country,Import error')
        self.assertEqual(len(content), 3)
        self.assertTrue(content[1].startswith('C004,Neri Spa,IT12345,'))
        self.assertIn('"vat: ""IT12345"" is not an Italian VAT number (11 digits); email: '
                      '""neri@example"" is not an email address"', content[1])
        self.assertEqual(job.rejected_file_name, 'customers_utf8_rejected.csv')

    def test_batch_insert_matches_orm_create(self):
        """The batched INSERT gives the same customer as res.partner.create()."""
        self.run_job('customers', 'customers_utf8.csv')
        fast = self.partners(['C001'])
        orm_job = self.Job.with_context(dsa_import_orm=True)
        self.env['res.partner'].browse(fast.id).write({'dsa_external_code': 'OLD'})
        fast.write({'vat': False, 'email': False, 'phone': False})
        slow_content = self.file_content('customers_utf8.csv').replace(b'C001', b'C901').replace(
            b'IT01739270229', b'IT01739270997').replace(b'info@rossi', b'x@rossi').replace(
            b'+39 02 5550101', b'+39 02 7654321')
        self.Job, saved = orm_job, self.Job
        self.run_job('customers', content=slow_content)
        self.Job = saved
        slow = self.partners(['C901'])
        self.assertTrue(slow)
        names = ['name', 'display_name', 'customer', 'supplier', 'is_company', 'active', 'type',
                 'lang', 'country_id', 'state_id', 'company_id', 'sale_warn', 'invoice_warn',
                 'partner_share', 'company_type', 'street', 'city', 'zip']
        fast_vals, slow_vals = fast.read(names)[0], slow.read(names)[0]
        for name in names:
            self.assertEqual(fast_vals[name], slow_vals[name], name)
        self.assertEqual(fast.commercial_partner_id, fast)
        self.assertEqual(fast.commercial_company_name, 'Rossi Impianti Srl')
        self.assertIn(fast.id, [r[0] for r in self.env['res.partner'].name_search('Rossi Imp')])
        self.assertEqual(fast.property_account_receivable_id,
                         slow.property_account_receivable_id)

    def test_fast_insert_equals_create_on_every_stored_field(self):
        """Field by field, every stored field of res.partner (of every installed module):
        the fast insert gives what create() gives."""
        content = (b'code,name,street,zip,city,province,country\n'
                   b'FF1,Uguale Srl,Via Po 1,10100,Torino,TO,IT\n')
        self.run_job('customers', content=content)
        fast = self.partners(['FF1'])
        self.Job, saved = self.Job.with_context(dsa_import_orm=True), self.Job
        self.run_job('customers', content=content.replace(b'FF1', b'FF2'))
        self.Job = saved
        slow = self.partners(['FF2'])
        self.assertTrue(fast and slow and fast != slow)
        Partner = self.env['res.partner']
        skip = {'id', 'create_date', 'write_date', 'dsa_external_code', 'commercial_partner_id'}
        names = [name for name, field in Partner._fields.items()
                 if field.store and name not in skip]
        fast_vals, slow_vals = fast.read(names)[0], slow.read(names)[0]
        for name in names:
            field = Partner._fields[name]
            a, b = fast_vals[name], slow_vals[name]
            if field.type in ('one2many', 'many2many'):
                a, b = len(a), len(b)
            elif field.type == 'datetime':
                a, b = bool(a), bool(b)
            self.assertEqual(a, b, name)
        self.assertEqual(fast.commercial_partner_id, fast)
        self.assertEqual(slow.commercial_partner_id, slow)

    def test_partner_create_overrides_are_known(self):
        """A module that overrides res.partner.create() must be reviewed: the fast insert
        skips create(). Add it to KNOWN_CREATE_OVERRIDES once the insert honours it."""
        from odoo.addons.dsa_accounting_bridge.handlers.customers import \
            KNOWN_CREATE_OVERRIDES, partner_create_overrides, partner_create_unknown_overrides
        overrides = partner_create_overrides(self.env)
        self.assertIn('base', overrides)
        self.assertEqual([m for m in overrides if m not in KNOWN_CREATE_OVERRIDES], [])
        self.assertEqual(partner_create_unknown_overrides(self.env), [])

    def test_unknown_override_takes_the_orm(self):
        from odoo.addons.dsa_accounting_bridge.handlers import customers as mod
        content = b'code,name\n' + b''.join(b'OV%02d,Override %02d\n' % (i, i) for i in range(20))
        calls = []
        Partner = type(self.env['res.partner'])
        original = Partner._dsa_after_fast_insert

        def hook(partners, ids):
            calls.append(list(ids))
            return original(partners, ids)
        Partner._dsa_after_fast_insert = hook
        self.addCleanup(setattr, Partner, '_dsa_after_fast_insert', original)
        before = self.env.cr.sql_log_count
        self.run_job('customers', content=content)
        fast_queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(calls), 1, 'the hook runs after the fast insert batch')
        self.assertEqual(sorted(calls[0]), sorted(self.partners(
            ['OV%02d' % i for i in range(20)]).ids))
        # a module the importer does not know overrides create(): the ORM is used
        known = dict(mod.KNOWN_CREATE_OVERRIDES)
        del mod.KNOWN_CREATE_OVERRIDES['mail']
        self.addCleanup(mod.KNOWN_CREATE_OVERRIDES.update, known)
        self.assertEqual(mod.partner_create_unknown_overrides(self.env), ['mail'])
        before = self.env.cr.sql_log_count
        self.run_job('customers', content=content.replace(b'OV', b'OW'))
        orm_queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(calls), 1, 'no fast insert: no hook')
        self.assertEqual(len(self.partners(['OW%02d' % i for i in range(20)])), 20)
        self.assertGreater(orm_queries, 3 * fast_queries)
