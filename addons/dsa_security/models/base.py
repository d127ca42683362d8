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

    Odoo 11 does not check ``groups=`` in read_group() or export_data()
    either: both would hand such a field's values (plant notes, internal
    costs) to whoever asks. They are refused in the same way.

    Enforced for portal and public users on every model, and for every user
    on the suite's own models (``dsa.*``). Internal users on core models are
    left to core, whose own code searches on such fields as the user, except
    for the secret fields a model names in ``_dsa_secret_fields`` (signup
    tokens), refused to every user. A dotted path (``partner_id.x``) is
    checked on each model it crosses, as an ``auto_join`` field would
    otherwise search the next model without its own check."""
    _inherit = 'base'

    # fields guarded by groups= that no user outside those groups may search,
    # sort, group or export, on core models too
    _dsa_secret_fields = ()

    @api.model
    def _where_calc(self, domain, active_test=True):
        if domain and self.env.uid != SUPERUSER_ID:
            self._dsa_check_domain_fields(domain)
        return super(Base, self)._where_calc(domain, active_test=active_test)

    @api.model
    def _generate_order_by(self, order_spec, query):
        """Sorting by such a field tells its values apart as well: refuse an
        explicit order on it too (the model's own default order is left alone)."""
        if order_spec and self.env.uid != SUPERUSER_ID:
            for part in order_spec.split(','):
                name = part.strip().split(' ')[0].strip('"')
                self._dsa_check_domain_fields([(name, '!=', False)])
        return super(Base, self)._generate_order_by(order_spec, query)

    @api.model
    def _read_group_raw(self, domain, fields, groupby, offset=0, limit=None,
                        orderby=False, lazy=True):
        if self.env.uid != SUPERUSER_ID:
            if fields:
                self._dsa_check_readable([f.split(':')[0] for f in fields])
            elif self._dsa_guard_domains():
                # core aggregates every stored field when none is named
                fields = [name for name in self.check_field_access_rights('read', None)
                          if self._fields[name].store]
            groupby = [groupby] if isinstance(groupby, str) else groupby
            self._dsa_check_readable([g.split(':')[0] for g in groupby or ()])
        return super(Base, self)._read_group_raw(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)

    @api.multi
    def _export_rows(self, fields, batch_invalidate=True):
        """Called once per model along each exported path (``a/b/c``), so the
        fields of related models are checked on their own model."""
        if self.env.uid != SUPERUSER_ID:
            self._dsa_check_readable([path[0] for path in fields if path])
        return super(Base, self)._export_rows(fields, batch_invalidate=batch_invalidate)

    @api.model
    def _dsa_check_readable(self, names):
        for name in names:
            field = self._fields.get(name)
            if field and self._dsa_field_hidden(field):
                raise AccessError(_('You cannot read the field "%s" of %s.')
                                  % (field.string, self._description or self._name))

    @api.model
    def _dsa_guard_domains(self):
        return self._name.startswith('dsa.') or self.env.user.share

    @api.model
    def _dsa_field_hidden(self, field):
        """Whether ``field`` is hidden from the current user by its groups and
        guarded here: every such field for portal users and on the suite's
        models, the secret fields for everyone."""
        return bool(field.groups) \
            and (field.name in self._dsa_secret_fields or self._dsa_guard_domains()) \
            and not self.user_has_groups(field.groups)

    @api.model
    def _dsa_check_domain_fields(self, domain):
        for leaf in domain:
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3 \
                    or not isinstance(leaf[0], str):
                continue
            self._dsa_check_path(leaf[0].split('.'))

    @api.model
    def _dsa_check_path(self, path):
        """Check each field of a dotted path on the model it belongs to."""
        model = self
        for name in path:
            field = model._fields.get(name)
            if not field:
                return
            if model._dsa_field_hidden(field):
                raise AccessError(_('You cannot search on the field "%s" of %s.')
                                  % (field.string, model._description or model._name))
            if not field.relational:
                return
            model = model.env[field.comodel_name]

    @api.model
    def _dsa_searched_domain(self, domain):
        """A domain of the records that search() returns for ``domain``.

        For models whose access is filtered in _search (messages and
        attachments by their document): read_group does not call _search,
        and must group these records only. An empty domain becomes a true
        leaf: core's mail.message._search prepends operators to it."""
        return [('id', 'in', self.search(domain or [('id', '!=', False)]).ids)]
