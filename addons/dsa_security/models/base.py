from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class Base(models.AbstractModel):
    """Fields guarded by ``groups=`` cannot be probed through search domains.

    Odoo 11 hides such a field from read() but still lets any user filter on
    it: ``search_count([('notes', '=like', 'a%')])`` answers, one character
    at a time, what the field holds, and ``search([], order='notes')`` sorts
    by it. Every search (search, search_count, name_search, search_read,
    read_group, the x2many and dotted paths of a domain) goes through
    _where_calc, and every explicit order through _generate_order_by: refuse
    there.

    Enforced for portal and public users on every model, and for every user
    on the suite's own models (``dsa.*``). Internal users on core models are
    left to core, whose own code searches on such fields as the user."""
    _inherit = 'base'

    @api.model
    def _where_calc(self, domain, active_test=True):
        if domain and self.env.uid != SUPERUSER_ID and self._dsa_guard_domains():
            self._dsa_check_domain_fields(domain)
        return super(Base, self)._where_calc(domain, active_test=active_test)

    @api.model
    def _generate_order_by(self, order_spec, query):
        """Sorting by such a field tells its values apart as well: refuse an
        explicit order on it too (the model's own default order is left alone)."""
        if order_spec and self.env.uid != SUPERUSER_ID and self._dsa_guard_domains():
            for part in order_spec.split(','):
                name = part.strip().split(' ')[0].strip('"')
                self._dsa_check_domain_fields([(name, '!=', False)])
        return super(Base, self)._generate_order_by(order_spec, query)

    @api.model
    def _dsa_guard_domains(self):
        return self._name.startswith('dsa.') or self.env.user.share

    @api.model
    def _dsa_check_domain_fields(self, domain):
        for leaf in domain:
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3 \
                    or not isinstance(leaf[0], str):
                continue
            field = self._fields.get(leaf[0].split('.', 1)[0])
            if field and field.groups and not self.user_has_groups(field.groups):
                raise AccessError(_('You cannot search on the field "%s" of %s.')
                                  % (field.string, self._description or self._name))
