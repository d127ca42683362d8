"""The JSON API of the field app (issue 25, /work/field-contract.md): the
day's interventions, the product search, an access key, and the sync of the
operations queued on the phone. Technicians only; everything runs as the
logged-in user through the ORM (the backend's rights, rules and guards)."""
from odoo import _, http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

MAX_DAYS = 14
MAX_SEARCH = 50


def _technician_env():
    """The request's environment, refused to whoever is not a technician
    (portal users, sales agents...)."""
    env = request.env
    if not env.user.has_group('dsa_tts.group_technician'):
        raise AccessError(_('The field app is for technicians only.'))
    return env


def _int_param(value, name, default, low, high):
    """An integer parameter clamped to [low, high]; a refusal naming it otherwise."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserError(_('The parameter "%s" must be a whole number.') % name)
    return max(low, min(high, value))


class DsaFieldApi(http.Controller):

    @http.route('/field/api/day', type='json', auth='user', methods=['POST'])
    def field_day(self, days=None, **kw):
        env = _technician_env()
        days = _int_param(days, 'days', 7, 1, MAX_DAYS)
        return env['project.task']._dsa_field_day(days)

    @http.route('/field/api/products', type='json', auth='user', methods=['POST'])
    def field_products(self, q='', limit=None, **kw):
        env = _technician_env()
        if not isinstance(q, str):
            raise UserError(_('The parameter "q" must be a text.'))
        limit = _int_param(limit, 'limit', 20, 1, MAX_SEARCH)
        return env['product.product']._dsa_field_search(q, limit)

    @http.route('/field/api/access_key', type='json', auth='user', methods=['POST'])
    def field_access_key(self, component_id=None, **kw):
        """Through the component's own field, as the technician: refused and
        logged exactly as in the backend."""
        env = _technician_env()
        component_id = _int_param(component_id, 'component_id', 0, 0, 2 ** 31 - 1)
        component = env['dsa.plant.component'].browse(component_id).exists()
        if not component:
            raise UserError(_('The component %s does not exist.') % component_id)
        return {'key': component.read(['access_key'])[0]['access_key'] or False}

    @http.route('/field/api/sync', type='json', auth='user', methods=['POST'])
    def field_sync(self, ops=None, **kw):
        env = _technician_env()
        return env['dsa.field.op']._dsa_sync(ops if ops is not None else [])
