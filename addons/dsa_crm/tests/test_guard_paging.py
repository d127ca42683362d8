from .common import DsaCrmZoneCase


class TestGuardPaging(DsaCrmZoneCase):
    """dsa_security's guard of followers and activities filters the rows an
    agent may not read BEFORE ``limit`` and ``offset`` (issue 23): a page is
    full, and counts are those of the readable rows."""

    @classmethod
    def setUpClass(cls):
        super(TestGuardPaging, cls).setUpClass()
        Partner = cls.env['res.partner']
        Follower = cls.env['mail.followers']
        Activity = cls.env['mail.activity']
        todo = cls.env.ref('mail.mail_activity_data_todo')
        partner_model = cls.env['ir.model']._get('res.partner')
        cls.readable_followers = Follower
        cls.readable_activities = Activity
        cls.follower_partners = Partner
        # the first 60 rows (lowest ids) are on another zone's customer
        for index in range(100):
            document = cls.cust_b if index < 60 else cls.cust_a
            partner = Partner.create({'name': 'Paging follower %03d' % index})
            cls.follower_partners |= partner
            follower = Follower.create({
                'res_model': 'res.partner', 'res_id': document.id, 'partner_id': partner.id})
            activity = Activity.create({
                'res_model_id': partner_model.id, 'res_id': document.id,
                'activity_type_id': todo.id, 'summary': 'Paging activity %03d' % index,
                'user_id': cls.agent_b.id, 'date_deadline': '2030-01-01'})
            if index >= 60:
                cls.readable_followers |= follower
                cls.readable_activities |= activity

    def _pages(self, model, domain):
        """What agent A gets: the first page, the count, the pages of 10 one
        after the other, the rows from offset 30, and an unfiltered page
        (read at once: the agent may read all of it)."""
        as_agent = self.env[model].sudo(self.agent_a)
        pages = []
        for offset in range(0, 50, 10):
            pages += as_agent.search(domain, offset=offset, limit=10, order='id').ids
        everything = as_agent.search([], limit=10)
        everything.read(['res_id'])
        return {'first page': as_agent.search(domain, limit=10, order='id').ids,
                'count': as_agent.search_count(domain), 'pages': pages,
                'from 30': as_agent.search(domain, offset=30, order='id').ids,
                'unfiltered page': len(everything)}

    @staticmethod
    def _expected(readable):
        """Full pages of the readable rows only, in order, and their count."""
        return {'first page': readable.ids[:10], 'count': 40, 'pages': readable.ids,
                'from 30': readable.ids[30:], 'unfiltered page': 10}

    def test_followers_page_is_full(self):
        domain = [('partner_id', 'in', self.follower_partners.ids)]
        self.assertEqual(self._pages('mail.followers', domain),
                         self._expected(self.readable_followers))

    def test_activities_page_is_full(self):
        domain = [('summary', '=like', 'Paging activity %')]
        self.assertEqual(self._pages('mail.activity', domain),
                         self._expected(self.readable_activities))

    def test_page_costs_a_few_queries(self):
        """A page is one search, one read of (res_model, res_id) and one search
        per document model for each chunk of 1,000 rows (not one per row)."""
        as_agent = self.env['mail.followers'].sudo(self.agent_a)
        domain = [('partner_id', 'in', self.follower_partners.ids)]
        as_agent.search(domain, limit=10)  # warms the caches of rules and groups
        before = self.cr.sql_log_count
        self.assertEqual(len(as_agent.search(domain, limit=10)), 10)
        self.assertLessEqual(self.cr.sql_log_count - before, 3)
