from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.dsa_licence_price import PRODUCT_CODES
from ..models.dsa_licence_subscription import LICENCE_PRODUCTS


class DsaLicenceQuoteWizard(models.TransientModel):
    """Build a licence quotation (PRC-2): for each product chosen, a one-time
    setup fee line, a recurring monthly fee line (users x fee per user) and,
    if any, a customization days line."""
    _name = 'dsa.licence.quote.wizard'
    _description = 'Licence quotation wizard'

    partner_id = fields.Many2one('res.partner', string='Customer', required=True)
    tts = fields.Boolean(string='TTS')
    tts_users = fields.Integer(string='TTS users', default=1)
    tts_days = fields.Float(string='TTS customization days')
    crm = fields.Boolean(string='CRM')
    crm_users = fields.Integer(string='CRM users', default=1)
    crm_days = fields.Float(string='CRM customization days')
    price_preview = fields.Text(
        compute='_compute_price_preview', string='Price',
        help='What the quotation will hold, computed from the licence price table.')

    @api.depends('tts', 'tts_users', 'tts_days', 'crm', 'crm_users', 'crm_days')
    def _compute_price_preview(self):
        for wizard in self:
            wizard.price_preview = wizard._price_preview_text()

    @api.multi
    def _price_preview_text(self):
        """The prices of the products chosen, one line each, or the reason why
        there is no price yet."""
        self.ensure_one()
        Price = self.env['dsa.licence.price']
        labels = dict(PRODUCT_CODES)
        lines = []
        for code, _label in PRODUCT_CODES:
            if not self[code]:
                continue
            users, days = self['%s_users' % code], self['%s_days' % code]
            try:
                tier = Price._find_tier(code, users)
                prices = Price.price_for(code, users)
            except UserError as exc:
                lines.append(_('%s: %s') % (labels[code], exc.name))
                continue
            currency = tier.currency_id
            lines.append(_('%s, %d users (tier %s): setup fee %.2f %s once, '
                           'monthly fee %.2f %s (%d x %.2f), customization %.2f %s once') % (
                labels[code], users, tier.users_label,
                prices['setup_fee'], currency.name,
                prices['monthly_total'], currency.name, users, prices['monthly_fee_per_user'],
                currency.round(days * prices['day_rate']), currency.name))
        return '\n'.join(lines) or _('Choose TTS, CRM or both to see the price.')

    @api.multi
    def _selected_products(self):
        self.ensure_one()
        selected = []
        for code, _label in PRODUCT_CODES:
            if self[code]:
                selected.append((code, self['%s_users' % code], self['%s_days' % code]))
        if not selected:
            raise UserError(_('Choose at least one product (TTS or CRM).'))
        return selected

    @api.model
    def _product(self, code, kind):
        product = self.env.ref(LICENCE_PRODUCTS[code][kind], raise_if_not_found=False)
        if not product:
            raise UserError(_('The licence product "%s" of %s is missing: update the module.')
                            % (kind, dict(PRODUCT_CODES)[code]))
        return product

    @api.multi
    def _prepare_order_lines(self):
        self.ensure_one()
        Price = self.env['dsa.licence.price']
        labels = dict(PRODUCT_CODES)
        lines = []
        for code, users, days in self._selected_products():
            label = labels[code]
            if days < 0:
                raise UserError(_('%s: customization days cannot be negative.') % label)
            try:
                prices = Price.price_for(code, users)
            except UserError as exc:
                raise UserError(_('%s: %s') % (label, exc.name))
            tier = Price._find_tier(code, users)
            setup = self._product(code, 'setup')
            monthly = self._product(code, 'monthly')
            lines.append({
                'product_id': setup.id,
                'name': _('%s setup fee, %s (one-time)') % (label, tier.name),
                'product_uom_qty': 1,
                'product_uom': setup.uom_id.id,
                'price_unit': prices['setup_fee'],
                'dsa_line_kind': 'setup',
                'dsa_product_code': code,
                'dsa_users': users,
            })
            lines.append({
                'product_id': monthly.id,
                'name': _('%s licence, monthly fee per user, %d users (%s), RECURRING: '
                          'billed every month') % (label, users, tier.name),
                'product_uom_qty': users,
                'product_uom': monthly.uom_id.id,
                'price_unit': prices['monthly_fee_per_user'],
                'dsa_recurring': True,
                'dsa_line_kind': 'monthly',
                'dsa_product_code': code,
                'dsa_users': users,
            })
            if days:
                custom = self._product(code, 'customization')
                lines.append({
                    'product_id': custom.id,
                    'name': _('%s customization, days (one-time)') % label,
                    'product_uom_qty': days,
                    'product_uom': custom.uom_id.id,
                    'price_unit': prices['day_rate'],
                    'dsa_line_kind': 'customization',
                    'dsa_product_code': code,
                })
        return lines

    @api.multi
    def _prepare_order_vals(self):
        self.ensure_one()
        return {
            'partner_id': self.partner_id.id,
            'note': _('Setup fees and customization days are invoiced once. Licence fees '
                      'marked "recurring" are invoiced every month, at the end of the month, '
                      'for the users of the month.'),
            'order_line': [(0, 0, vals) for vals in self._prepare_order_lines()],
        }

    @api.multi
    def action_create_quotation(self):
        self.ensure_one()
        order = self.env['sale.order'].create(self._prepare_order_vals())
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'sale.order',
            'res_id': order.id,
            'view_mode': 'form',
            'view_type': 'form',
            'target': 'current',
        }
