"""Customers: one row per company, matched on VAT, fiscal code, external code, email
or phone against the customers that exist and those created earlier in the file."""
import logging

from odoo import _

from odoo.addons.dsa_base.lib.bulk import bulk_create

from ..lib import normalize
from .base import ImportHandler

_logger = logging.getLogger(__name__)

# partner fields compared to decide between "updated" and "unchanged"
CUSTOMER_FIELDS = ('name', 'vat', 'dsa_fiscal_code', 'email', 'phone', 'street', 'zip',
                   'city', 'state_id', 'country_id', 'dsa_external_code', 'dsa_source_system')

# stored computed fields of base's res.partner, set directly for a new company without
# parent nor users (see _insert_partners)
KNOWN_COMPUTED = {
    'display_name': lambda vals, partner_id: vals['name'],
    'commercial_partner_id': lambda vals, partner_id: partner_id,
    'commercial_company_name': lambda vals, partner_id: vals['name'],
    'partner_share': lambda vals, partner_id: True,
    'commercial_partner_country_id': lambda vals, partner_id: vals.get('country_id') or None,
    'activity_date_deadline': lambda vals, partner_id: None,
}

# Modules whose override of res.partner.create() the fast insert (_insert_partners)
# reproduces or makes moot, with the reason. The fast insert is taken only when every
# override of create() in the registry comes from one of them; any other module that
# overrides create() sends the import through the ORM (test_partner_create_overrides
# fails when a new one appears, so that it is reviewed and added here or not).
KNOWN_CREATE_OVERRIDES = {
    'base': 'res.partner itself: defaults, display name, commercial fields, followed '
            'by the stored computed fields that the insert sets or recomputes',
    'mail': 'mail.thread: followers, creation message and tracking, all disabled by '
            'the import context (tracking_disable, mail_create_nolog)',
    'dsa_crm': 'zone of the parent for contact persons (the import creates companies '
               'without parent) and the zone scope check (the default zone is one of the '
               'user\'s); the zone by province is set by _dsa_after_fast_insert',
    'dsa_security': 'email confirmation (dsa_email_verified): an address that staff write '
                    'is confirmed, the field\'s default, which the insert takes from '
                    'default_get; only a portal or public user\'s own change clears it, '
                    'and imports are staff\'s',
}


class CustomerIndex(object):
    """Existing customers keyed by every matching key, with the values the import
    compares; built once per job with one read, kept up to date as rows are imported
    (so that two rows of the same customer in one file give one customer)."""

    def __init__(self):
        self.by_vat, self.by_fiscal, self.by_code = {}, {}, {}
        self.by_email, self.by_phone = {}, {}
        self.values = {}
        self.alias = {}   # temporary key of a customer created in this batch -> id
        self.last_key = 0

    def new_key(self):
        self.last_key -= 1
        return self.last_key

    def add(self, partner_id, vals, source_system):
        self.values[partner_id] = vals
        vat = vals.get('vat')
        if vat:
            try:
                self.by_vat.setdefault(normalize.normalize_vat(vat), partner_id)
            except ValueError:
                pass
        if vals.get('dsa_fiscal_code'):
            self.by_fiscal.setdefault(vals['dsa_fiscal_code'].upper(), partner_id)
        if vals.get('dsa_external_code') and vals.get('dsa_source_system') in (
                False, None, source_system):
            self.by_code.setdefault(vals['dsa_external_code'].strip().upper(), partner_id)
        if vals.get('email'):
            self.by_email.setdefault(vals['email'].strip().lower(), partner_id)
        for key in ('phone', 'mobile'):
            phone = normalize.phone_key(vals.get(key) or '')
            if phone:
                self.by_phone.setdefault(phone, partner_id)

    def match(self, vals):
        for index, key in ((self.by_vat, vals.get('vat')),
                           (self.by_fiscal, vals.get('dsa_fiscal_code')),
                           (self.by_code, (vals.get('dsa_external_code') or '').upper()),
                           (self.by_email, vals.get('email')),
                           (self.by_phone, normalize.phone_key(vals.get('phone') or ''))):
            if key and key in index:
                found = index[key]
                return self.alias.get(found, found)
        return None


def partner_create_overrides(env):
    """Modules that define res.partner.create() in the registry, in MRO order."""
    modules = []
    for cls in type(env['res.partner']).__mro__:
        if 'create' in vars(cls) and getattr(cls, '_module', None):
            if cls._module not in modules:
                modules.append(cls._module)
    return modules


def partner_create_unknown_overrides(env):
    """Overrides of res.partner.create() that the fast insert does not know."""
    unknown = [m for m in partner_create_overrides(env) if m not in KNOWN_CREATE_OVERRIDES]
    if unknown:
        _logger.info('res.partner.create() overridden by %s: customers go through the ORM',
                     ', '.join(unknown))
    return unknown


class CustomerItem(object):
    """A clean row and what matching found for it: the customer (id, or the negative
    key of one created in this batch) and the values that differ."""
    __slots__ = ('row', 'vals', 'partner_id', 'changes', 'old')

    def __init__(self, row, vals):
        self.row, self.vals = row, vals
        self.partner_id = self.changes = self.old = None


class CustomerPlan(object):
    def __init__(self):
        self.creates = []   # [(row, vals, temporary key)]
        self.updates = []   # [CustomerItem] of existing customers


class CustomerHandler(ImportHandler):

    kind = 'customers'

    def __init__(self, job, profile, result):
        super(CustomerHandler, self).__init__(job, profile, result)
        self._index = None
        self._locations = None
        self._vat_checked = {}   # VAT number -> passes base_vat's check

    @property
    def index(self):
        if self._index is None:
            self._index = self.customer_index()
        return self._index

    def customer_index(self):
        index = CustomerIndex()
        partners = self.env['res.partner'].search_read(
            [('parent_id', '=', False)], list(CUSTOMER_FIELDS) + ['mobile'])
        for partner in partners:
            vals = {}
            for name in CUSTOMER_FIELDS + ('mobile',):
                value = partner[name]
                if isinstance(value, tuple):
                    value = value[0]
                vals[name] = value
            index.add(partner['id'], vals, self.source_system)
        return index

    @property
    def locations(self):
        """(countries by code and by name, states by (country, code), Italy)."""
        if self._locations is None:
            countries = {}
            for country in self.env['res.country'].search_read([], ['code', 'name']):
                countries[country['code'].upper()] = country['id']
                countries[country['name'].strip().lower()] = country['id']
            italy = self.env.ref('base.it').id
            countries.update({'italia': italy, 'ita': italy})
            states = {}
            for state in self.env['res.country.state'].search_read([], ['code', 'country_id']):
                states[(state['country_id'][0], state['code'].upper())] = state['id']
            self._locations = (countries, states, italy)
        return self._locations

    def vat_valid(self, vat):
        """Whether the VAT number passes the offline check of base_vat (the check digit
        of an Italian one), when base_vat is installed: refused at its cell, with a
        sentence, rather than by the constraint when the row is saved."""
        Partner = self.env['res.partner']
        if not hasattr(Partner, 'simple_vat_check'):
            return True
        if vat not in self._vat_checked:
            country, number = Partner._split_vat(vat)
            self._vat_checked[vat] = bool(Partner.simple_vat_check(country, number))
        return self._vat_checked[vat]

    # ------------------------------------------------------------------ parse

    def parse_row(self, row):
        """Row -> (partner vals, errors)."""
        errors = []
        parse = self.parse_cell
        vals = {
            'name': parse(row, 'name', errors, None, required=True),
            'vat': parse(row, 'vat', errors, normalize.normalize_vat),
            'dsa_fiscal_code': parse(row, 'fiscal_code', errors,
                                     normalize.normalize_fiscal_code),
            'email': parse(row, 'email', errors, normalize.normalize_email),
            'phone': parse(row, 'phone', errors, None),
            'street': parse(row, 'street', errors, None),
            'zip': parse(row, 'zip', errors, None),
            'city': parse(row, 'city', errors, None),
            'dsa_external_code': parse(row, 'code', errors, None),
        }
        if vals['vat'] and not self.vat_valid(vals['vat']):
            errors.append((self.columns.get('vat', 'vat'), _(
                '"%s" is not a valid VAT number: its check digit is wrong') % vals['vat']))
        countries, states, italy = self.locations
        country = parse(row, 'country', errors, None)
        country_id = None   # Italy for a new customer (see match)
        if country:
            country_id = countries.get(country.upper()) or countries.get(country.lower())
            if not country_id:
                errors.append((self.columns['country'], _('unknown country "%s"') % country))
        vals['country_id'] = country_id
        province = parse(row, 'province', errors, None)
        if province and (country_id or not country):
            state_id = states.get((country_id or italy, province.upper()))
            if not state_id:
                errors.append((self.columns['province'], _('unknown province "%s"') % province))
            vals['state_id'] = state_id
            vals['country_id'] = country_id or italy
        if vals['dsa_external_code']:
            vals['dsa_source_system'] = self.source_system
        # empty cells never erase what the customer already has
        return {k: v for k, v in vals.items() if v not in (None, '', False)}, errors

    def parse(self, rows):
        items = []
        for row in rows:
            vals, errors = self.parse_row(row)
            if errors:
                self.result.reject(row, errors)
            else:
                items.append(CustomerItem(row, vals))
        return items

    # ------------------------------------------------------------------ match

    def match(self, items):
        """Row by row, in file order: the customer of each row, and what differs. A
        row of a customer not found gets a temporary (negative) key in the index, so
        that a later row of the same customer matches it; the index takes the new
        values at once, for the rows that follow."""
        index, source_system = self.index, self.source_system
        for item in items:
            vals = item.vals
            partner_id = index.match(vals)
            if partner_id is None:
                vals.setdefault('country_id', self.locations[2])
                item.partner_id = index.new_key()
                index.add(item.partner_id, dict(vals), source_system)
                continue
            item.partner_id = partner_id
            item.old = index.values[partner_id]
            item.changes = {k: v for k, v in vals.items() if item.old.get(k) != v}
            if item.changes:
                index.add(partner_id, dict(item.old, **item.changes), source_system)
        return items

    # ------------------------------------------------------------------ prepare

    def prepare(self, items):
        """New customers to insert (a later row of one of them merged into it),
        existing ones to update, the others unchanged."""
        result, plan = self.result, CustomerPlan()
        pending = {}
        for item in items:
            if item.old is None:
                pending[item.partner_id] = (item.row, item.vals, item.partner_id)
                plan.creates.append(pending[item.partner_id])
                result.created += 1
            elif not item.changes:
                result.skipped += 1
            elif item.partner_id < 0:
                # the same customer twice in the batch: merge into the row to create
                pending[item.partner_id][1].update(item.changes)
                result.updated += 1
            else:
                plan.updates.append(item)
        return plan

    # ------------------------------------------------------------------ write

    def write(self, plan):
        Partner = self.model('res.partner')
        for item in plan.updates:
            try:
                with self.env.cr.savepoint():
                    Partner.browse(item.partner_id).write(item.changes)
                self.result.updated += 1
            except Exception as exc:  # constraint of the database or of a module
                self.index.add(item.partner_id, item.old, self.source_system)
                self.not_saved(item.row, exc)
        self.create_customers(Partner, plan.creates)

    def create_customers(self, Partner, pending):
        """Create the new customers of a batch: one INSERT, or row by row through the
        ORM when the batch fails (only the offending rows are then rejected)."""
        if not pending:
            return
        index = self.index
        try:
            with self.env.cr.savepoint():
                ids = self.insert_partners(Partner, [vals for _row, vals, _key in pending])
            for (_row, _vals, key), partner_id in zip(pending, ids):
                index.alias[key] = partner_id
                index.values[partner_id] = index.values.pop(key)
            return
        except Exception:
            _logger.info('Customer batch of job %s retried row by row', self.job.id,
                         exc_info=True)
            self.env.clear()
        for row, vals, key in pending:
            try:
                with self.env.cr.savepoint():
                    partner = Partner.create(dict(vals, customer=True, is_company=True))
                index.alias[key] = partner.id
                index.values[partner.id] = index.values.pop(key)
            except Exception as exc:
                self.result.created -= 1
                self.not_saved(row, exc)

    def insert_partners(self, Partner, vals_list):
        """Insert new customers with the suite's bulk-insert helper (dsa_base.lib.bulk:
        one INSERT a batch); returns their ids in order.

        Measured (bench/bench_import.py): res.partner.create() costs about 100 queries per
        customer in Odoo 11 (one record at a time: defaults, mail, computed fields,
        dependencies), which keeps an importer at the pace of the standard load(); even
        a batched ORM recomputation after an INSERT cost 7 queries per row. The helper
        computes the defaults once per batch through the ORM, recomputes the stored
        computed fields of other modules and runs the Python constraints; access rights
        and record rules are checked as for create(). The stored computed fields of base
        that are trivial for a new company without parent nor users are set in the
        INSERT (KNOWN_COMPUTED). New companies have no parent and no dependents yet, so
        nothing else needs recomputing (notify=False) and the recursion check of the
        empty parent is moot. The dsa_import_orm context key takes the ORM.
        """
        if self.env.context.get('dsa_import_orm') or partner_create_unknown_overrides(self.env):
            return [Partner.create(dict(vals, customer=True, is_company=True)).id
                    for vals in vals_list]
        forced = {'customer': True, 'is_company': True, 'active': True, 'parent_id': False}
        partners = bulk_create(Partner, [dict(vals, **forced) for vals in vals_list],
                               precomputed=KNOWN_COMPUTED, notify=False,
                               skip_constraints=('parent_id',))
        ids = partners.ids
        Partner._dsa_after_fast_insert(ids)
        return ids
