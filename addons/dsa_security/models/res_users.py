from odoo import api, models


class ResUsers(models.Model):
    """The signup fields a user inherits from its partner (see res_partner.py)
    cannot be probed through search domains either."""
    _inherit = 'res.users'

    _dsa_secret_fields = ('signup_token', 'signup_type', 'signup_expiration',
                          'signup_url', 'signup_valid')

    @api.multi
    def write(self, vals):
        """A user changing their own address (preferences, SELF_WRITEABLE_FIELDS)
        is written as superuser by core: tell res.partner it is the user's own,
        unverified change. Only for portal and public users: an employee's
        address is staff's."""
        if 'email' in vals and self.env.user.share:
            self = self.with_context(dsa_email_unverified=True)
        return super(ResUsers, self).write(vals)

    @api.multi
    def _dsa_share_property_domain(self):
        """Record rule domain on ir.property for portal and public users: the
        values of fields they may read (a field restricted by ``groups=``, such
        as a product's cost, stays hidden), and of no other customer than
        their own company and its contacts."""
        user = (self[:1] or self.env.user).sudo()
        commercial = user.partner_id.commercial_partner_id
        own = ['res.partner,%d' % pid for pid in
               (commercial | commercial.child_ids | user.partner_id).ids]
        return [('fields_id', 'not in', user._dsa_hidden_property_field_ids()),
                '|', '|',
                ('res_id', '=', False),
                ('res_id', 'not like', 'res.partner,'),
                ('res_id', 'in', own)]

    @api.multi
    def _dsa_hidden_property_field_ids(self):
        """The company-dependent fields (stored in ir.property) that ``groups=``
        hides from this user. Odoo 11 does not record a field's groups in
        ir.model.fields, so they are read from the registry."""
        user = self[:1] or self.env.user
        Fields = self.env['ir.model.fields'].sudo()
        ids = []
        for model_name in self.env.registry.models:
            for field in self.env[model_name]._fields.values():
                if field.company_dependent and field.groups \
                        and not user.sudo(user).user_has_groups(field.groups) \
                        and field.model_name == model_name:
                    ids.append(Fields._get(model_name, field.name).id)
        return ids
