import base64
import hashlib
import logging
import warnings

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

_logger = logging.getLogger(__name__)

try:
    with warnings.catch_warnings():
        # cryptography 40 warns that Python 3.6 is old: Odoo 11 needs it
        warnings.simplefilter('ignore')
        from cryptography.fernet import Fernet, InvalidToken
except ImportError:  # pragma: no cover - cryptography is in requirements.txt
    Fernet = InvalidToken = None
    _logger.warning('dsa_tts: the cryptography package is missing, access keys are disabled')

KEY_GROUP = 'dsa_tts.group_technician'
# fields whose value is the access key, in clear or encrypted
KEY_FIELDS = ('access_key', 'access_key_encrypted')


def _get_fernet():
    """Return a Fernet built from the server option ``dsa_secret_key``, or None.

    The secret comes from the configuration file only, never from the database.
    Any string is accepted: the Fernet key is derived from it with SHA-256, so
    the value in odoo.conf can be e.g. ``secrets.token_urlsafe(32)``.
    """
    secret = tools.config.get('dsa_secret_key')
    if not secret or Fernet is None:
        return None
    digest = hashlib.sha256(secret.encode('utf-8')).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class DsaPlantComponent(models.Model):
    """One component installed in a plant (TTS-2).

    A component is never deleted when it leaves the plant: its line is closed
    with ``date_removed``; a replacement links the old line (``replaced_by_id``)
    and the new one (``replaces_id``).  Interventions (another part of this
    module) add their own links by inheriting this model.
    """
    _name = 'dsa.plant.component'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _description = 'Plant component'
    _order = 'date_installed desc, id desc'
    _rec_name = 'serial'

    plant_id = fields.Many2one(
        'dsa.plant', 'Plant', required=True, index=True, ondelete='cascade',
        track_visibility='onchange')
    partner_id = fields.Many2one(
        related='plant_id.partner_id', string='Customer', store=True, readonly=True)
    company_id = fields.Many2one(
        related='plant_id.company_id', string='Company', store=True, readonly=True)
    product_id = fields.Many2one(
        'product.product', 'Product', required=True, ondelete='restrict',
        track_visibility='onchange')
    serial = fields.Char('Serial number', track_visibility='onchange')
    config_notes = fields.Text('Configuration notes', groups='base.group_user')
    date_installed = fields.Date(
        'Installed on', required=True, index=True, default=fields.Date.context_today,
        track_visibility='onchange')
    date_removed = fields.Date(
        'Removed on', index=True, copy=False, track_visibility='onchange',
        help='Empty while the component is installed. The component is in the plant '
             'from the installation day included to the removal day excluded.')
    replaced_by_id = fields.Many2one(
        'dsa.plant.component', 'Replaced by', copy=False, ondelete='set null',
        readonly=True)
    replaces_id = fields.Many2one(
        'dsa.plant.component', 'Replaces', copy=False, ondelete='set null',
        readonly=True)
    is_installed = fields.Boolean(
        'Installed', compute='_compute_is_installed', search='_search_is_installed')
    # Access key (TTS-3).  Only the ciphertext is stored; nobody reads it
    # through the ORM but the code below (sudo) and system administrators.
    access_key_encrypted = fields.Char(
        'Encrypted access key', copy=False, groups='base.group_system')
    has_access_key = fields.Boolean(
        'Has an access key', compute='_compute_has_access_key')
    access_key = fields.Char(
        'Access key', compute='_compute_access_key', inverse='_inverse_access_key',
        groups=KEY_GROUP,
        help='Password or PIN of the component, stored encrypted. Reading it is logged.')
    access_key_log_ids = fields.One2many(
        'dsa.access.key.log', 'component_id', 'Access key log', readonly=True,
        groups='dsa_tts.group_manager')

    @api.constrains('date_installed', 'date_removed')
    def _check_dates(self):
        for comp in self:
            if comp.date_removed and comp.date_removed < comp.date_installed:
                raise ValidationError(
                    _('Component %s: the removal date %s is before the installation date %s.')
                    % (comp.display_name, comp.date_removed, comp.date_installed))

    @api.depends('product_id', 'serial', 'plant_id')
    def _compute_display_name(self):
        for comp in self:
            name = comp.product_id.display_name or ''
            if comp.serial:
                name = '%s (%s)' % (name, comp.serial)
            comp.display_name = name

    @api.multi
    def name_get(self):
        return [(comp.id, comp.display_name) for comp in self]

    @api.model
    def name_search(self, name='', args=None, operator='ilike', limit=100):
        args = list(args or [])
        if name:
            args = ['|', ('serial', operator, name), ('product_id', operator, name)] + args
        return self.search(args, limit=limit).name_get()

    @api.depends('date_removed')
    def _compute_is_installed(self):
        for comp in self:
            comp.is_installed = not comp.date_removed

    def _search_is_installed(self, operator, value):
        installed = (operator == '=') == bool(value)
        return [('date_removed', '=' if installed else '!=', False)]

    @api.multi
    def _compute_has_access_key(self):
        for comp, comp_sudo in zip(self, self.sudo()):
            comp.has_access_key = bool(comp_sudo.access_key_encrypted)

    # ------------------------------------------------------------------ keys
    def _check_key_access(self):
        """The key is plain text for technicians and managers only.

        The ``groups`` of the field already stop read/search_read/fields_get;
        this check also covers the paths that do not look at field groups
        (export_data, related fields, templates, attribute access in code).
        """
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group(KEY_GROUP):
            raise AccessError(_('Only technicians and service managers can read or change '
                                'the access keys of plant components.'))
        # and only on components the record rules let the user see (multi-company)
        self.check_access_rights('read')
        self.check_access_rule('read')

    @api.multi
    def _compute_access_key(self):
        """Decrypt the keys: every decryption is a reveal and is logged.

        The key is on no standard view, so list and form reads do not decrypt;
        reading it explicitly (RPC read, export, the reveal button) does.
        """
        self._check_key_access()
        with_key = self.filtered(lambda c: c.sudo().access_key_encrypted)
        for comp in self - with_key:
            comp.access_key = False
        if not with_key:
            return
        fernet = _get_fernet()
        if fernet is None:
            raise UserError(_('Access keys cannot be read: the server option '
                              'dsa_secret_key is not configured.'))
        for comp in with_key:
            token = comp.sudo().access_key_encrypted
            try:
                comp.access_key = fernet.decrypt(token.encode('ascii')).decode('utf-8')
            except (InvalidToken, ValueError):
                raise UserError(_('The access key of component %s cannot be decrypted '
                                  'with the configured dsa_secret_key.') % comp.display_name)
        with_key._log_access_key('reveal')

    @api.multi
    def _inverse_access_key(self):
        self._check_key_access()
        self.check_access_rights('write')
        self.check_access_rule('write')
        for comp in self:
            plain = comp.access_key
            if plain:
                fernet = self._get_fernet_or_raise()
                token = fernet.encrypt(plain.encode('utf-8')).decode('ascii')
            else:
                token = False
            comp.sudo().write({'access_key_encrypted': token})
            comp._log_access_key('set' if token else 'clear')

    @api.model
    def _get_fernet_or_raise(self):
        fernet = _get_fernet()
        if fernet is None:
            raise UserError(_('The access key cannot be stored: the server option '
                              'dsa_secret_key is not configured in the Odoo configuration '
                              'file. Nothing was saved.'))
        return fernet

    @api.multi
    def _log_access_key(self, action):
        log = self.env['dsa.access.key.log'].sudo()
        for comp in self:
            log.create({'component_id': comp.id, 'user_id': self.env.uid, 'action': action})

    @api.model
    def _check_key_vals(self, vals):
        """Refuse before anything is written (no partial write)."""
        if 'access_key_encrypted' in vals and self.env.uid != SUPERUSER_ID:
            # only the inverse above writes the ciphertext, as superuser
            self.check_field_access_rights('write', ['access_key_encrypted'])
        if 'access_key' in vals:
            self._check_key_access()
            if vals['access_key']:
                self._get_fernet_or_raise()

    @api.model
    def create(self, vals):
        self._check_key_vals(vals)
        return super(DsaPlantComponent, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_key_vals(vals)
        return super(DsaPlantComponent, self).write(vals)

    @api.multi
    def unlink(self):
        if self.filtered(lambda c: c.date_removed or c.replaced_by_id or c.replaces_id):
            raise UserError(_('A component that left the plant is part of its history and '
                              'cannot be deleted.'))
        return super(DsaPlantComponent, self).unlink()

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        names = set(fields or [])
        names.update([groupby] if isinstance(groupby, str) else (groupby or []))
        names = {name.split(':')[0].split('.')[0] for name in names}
        keys = [name for name in KEY_FIELDS if name in names]
        if keys:
            self.check_field_access_rights('read', keys)
            self._check_key_access()
            raise UserError(_('Access keys cannot be grouped or aggregated.'))
        return super(DsaPlantComponent, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)

    @api.multi
    def export_data(self, fields_to_export, raw_data=False):
        keys = {path.replace('/', '.').split('.')[0] for path in fields_to_export}
        keys = [name for name in KEY_FIELDS if name in keys]
        if keys:
            self.check_field_access_rights('read', keys)
        return super(DsaPlantComponent, self).export_data(fields_to_export, raw_data=raw_data)

    @api.multi
    def _demo_set_access_key(self, key):
        """Demo data: store a key only when the server has a dsa_secret_key."""
        if _get_fernet() is None:
            _logger.info('dsa_tts demo: no dsa_secret_key configured, demo access keys skipped')
            return False
        self.write({'access_key': key})
        return True

    @api.multi
    def action_reveal_access_key(self):
        """Open a dialog that shows the key (the read is logged)."""
        self.ensure_one()
        self._check_key_access()
        return self._key_wizard_action('reveal', _('Access key'))

    @api.multi
    def action_set_access_key(self):
        self.ensure_one()
        self._check_key_access()
        return self._key_wizard_action('set', _('Set access key'))

    def _key_wizard_action(self, mode, name):
        wizard = self.env['dsa.access.key.wizard'].create({
            'component_id': self.id, 'mode': mode})
        return {
            'type': 'ir.actions.act_window',
            'name': name,
            'res_model': 'dsa.access.key.wizard',
            'res_id': wizard.id,
            'view_mode': 'form',
            'view_type': 'form',
            'target': 'new',
        }

    # ------------------------------------------------------------- structure
    @api.multi
    def action_open_change_wizard(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Remove or replace'),
            'res_model': 'dsa.plant.component.change.wizard',
            'view_mode': 'form',
            'view_type': 'form',
            'target': 'new',
            'context': {'default_component_id': self.id,
                        'default_product_id': self.product_id.id},
        }

    @api.multi
    def remove_component(self, date=None):
        """Close the components on ``date`` (today by default); never deletes."""
        date = date or fields.Date.context_today(self)
        self._check_removable(date)
        self.write({'date_removed': date})
        return True

    @api.multi
    def _check_removable(self, date):
        """The rule of a removal: once, and not before the installation."""
        for comp in self:
            if comp.date_removed:
                raise UserError(_('Component %s was already removed on %s.')
                                % (comp.display_name, comp.date_removed))
            if date < comp.date_installed:
                raise UserError(_('Component %s cannot be removed on %s, before its '
                                  'installation on %s.')
                                % (comp.display_name, date, comp.date_installed))

    @api.multi
    def replace_component(self, values, date=None):
        """Close this component on ``date`` and install the new one the same day.

        ``values`` are the new component's fields (``product_id`` at least;
        ``serial``, ``config_notes``... optional).  Returns the new component.
        """
        self.ensure_one()
        date = date or fields.Date.context_today(self)
        self.remove_component(date)
        new_vals = dict(values, plant_id=self.plant_id.id, date_installed=date,
                        replaces_id=self.id)
        new_vals.setdefault('product_id', self.product_id.id)
        new = self.create(new_vals)
        self.write({'replaced_by_id': new.id})
        return new
