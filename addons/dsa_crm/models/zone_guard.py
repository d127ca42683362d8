"""Checks that Odoo 11's record rules leave to the writer (issue 10 review).

Record rules are checked on the records before a write, not after it, and a
many2one may be written with any id: the ORM then shows its name to the writer
(read() names many2one targets as superuser). For zone-restricted users both
would open a door to other zones: moving one's own record onto another zone's
customer, or listing other zones' names by writing ids into a field and reading
it back."""
from odoo import SUPERUSER_ID


def zone_restricted(env):
    return env.uid != SUPERUSER_ID and env.user._dsa_crm_zone_ids() is not False


def check_targets_readable(records, vals, names):
    """Refuse (AccessError) many2one values in ``vals`` among ``names`` that
    the zone-restricted user may not read."""
    if not zone_restricted(records.env):
        return
    for name in names:
        if vals.get(name):
            comodel = records._fields[name].comodel_name
            records.env[comodel].browse(vals[name]).check_access_rule('read')


def check_rules_after_write(records):
    """The records must still be the user's to write once written."""
    if zone_restricted(records.env):
        records.check_access_rule('write')
