"""The zone part of dsa_security's rule guard (lib/rule_guard.py): the checks
apply to zone-restricted users, so that an agent can neither move a record
onto another zone's customer nor read other zones' names through a many2one."""
from odoo import SUPERUSER_ID

from odoo.addons.dsa_security.lib import rule_guard


def zone_restricted(env):
    """Whether the user of ``env`` sees only the customers of their zones."""
    return env.uid != SUPERUSER_ID and env.user._dsa_crm_zone_ids() is not False


def check_targets_readable(records, vals, names):
    """Refuse many2one values in ``vals`` among ``names`` that the
    zone-restricted user may not read."""
    rule_guard.check_targets_readable(records, vals, names, zone_restricted)


def check_rules_after_write(records):
    """The records must still be the zone-restricted user's once written."""
    rule_guard.check_rules_after_write(records, zone_restricted)
