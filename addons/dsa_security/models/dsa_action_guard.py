from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

# Context key under which an action lists the fields it is writing.
GRANT_KEY = 'dsa_action_grant'


class ActionGrant(frozenset):
    """The (model, field) pairs that an action's own code is writing.

    Only Python code can build one: a JSON-RPC or XML-RPC context holds plain
    data (lists, dicts, strings), never an instance of this class, so a
    client cannot forge the grant by sending the context key."""


class DsaActionGuard(models.AbstractModel):
    """Fields that only the model's actions may set: states, signers, done
    dates, links to the invoices a run created...

    ``write`` and ``create`` refuse them (AccessError naming the field and the
    action to use) unless the code of an action granted them through
    ``_dsa_action_write`` / ``_dsa_action_env``, after its own checks. The
    superuser (data files, crons, ``sudo()`` after a check) is not refused.
    A create may give such a field its default value only.

    A model using it lists its fields in ``_dsa_action_fields``."""
    _name = 'dsa.action.guard'
    _description = 'Fields set by actions only'

    @api.model
    def _dsa_action_fields(self):
        """{field name: the action(s) that set it, as named to the user}.
        Extensions add theirs to the dict of ``super()``."""
        return {}

    @api.model
    def _dsa_action_env(self, names):
        """``self`` in an environment where the fields ``names`` of this
        model may be written; nested grants add up."""
        granted = self.env.context.get(GRANT_KEY)
        pairs = set(granted) if isinstance(granted, ActionGrant) else set()
        pairs.update((self._name, name) for name in names)
        return self.with_context(**{GRANT_KEY: ActionGrant(pairs)})

    @api.multi
    def _dsa_action_write(self, vals):
        """Write ``vals`` from an action, once the action made its checks."""
        return self._dsa_action_env(list(vals)).write(vals)

    @api.model
    def _dsa_action_create(self, vals):
        """Create with guarded values from an action (e.g. a run's invoice)."""
        return self._dsa_action_env(list(vals)).create(vals)

    @api.model
    def _dsa_check_action_fields(self, vals, create=False):
        """Refuse the guarded fields of ``vals`` that no action granted."""
        if self.env.uid == SUPERUSER_ID:
            return
        guarded = self._dsa_action_fields()
        granted = self.env.context.get(GRANT_KEY)
        if not isinstance(granted, ActionGrant):
            granted = ()
        for name in sorted(set(vals) & set(guarded)):
            if (self._name, name) in granted:
                continue
            if create and self._dsa_is_default(name, vals[name]):
                continue
            field = self._fields[name]
            raise AccessError(_(
                'The field "%s" of %s is set by its actions only: use %s.')
                % (field.string, self._description or self._name, guarded[name]))

    @api.model
    def _dsa_is_default(self, name, value):
        """Whether ``value`` is the field's own default (no value counts as
        the default of a field without one)."""
        field = self._fields[name]
        default = field.default(self) if field.default else False
        if field.type == 'many2one' and isinstance(default, models.BaseModel):
            default = default.id
        return (value or False) == (default or False)

    @api.model
    def create(self, vals):
        values = dict(vals)
        # a default_<field> key of the context is a value as well
        for name in self._dsa_action_fields():
            key = 'default_' + name
            if name not in values and key in self.env.context:
                values[name] = self.env.context[key]
        self._dsa_check_action_fields(values, create=True)
        return super(DsaActionGuard, self).create(vals)

    @api.multi
    def write(self, vals):
        self._dsa_check_action_fields(vals)
        return super(DsaActionGuard, self).write(vals)
