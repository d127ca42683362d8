"""Checks that Odoo 11's record rules leave to the writer (issue 10 review).

Record rules are checked on the records before a write, not after it, and a
many2one may be written with any id: the ORM then shows its name to the writer
(read() names many2one targets as superuser). For a user whose record rules
restrict what they see, both open a door to records beyond those rules: moving
one's own record onto a record one may not see (another zone's customer), or
listing the names of hidden records by writing their ids into a field and
reading it back.

Each check takes ``restricted(env)``: whether the current user is one the
caller's record rules restrict (e.g. dsa_crm's zone-restricted users), so that
the others pay no extra query. The superuser is never restricted."""
from odoo import SUPERUSER_ID


def _is_restricted(env, restricted):
    """Whether the checks apply to the user of ``env``."""
    return env.uid != SUPERUSER_ID and bool(restricted(env))


def check_targets_readable(records, vals, names, restricted):
    """Refuse (AccessError) the many2one values in ``vals`` among ``names``
    whose target the restricted user may not read."""
    if not _is_restricted(records.env, restricted):
        return
    for name in names:
        if vals.get(name):
            comodel = records._fields[name].comodel_name
            records.env[comodel].browse(vals[name]).check_access_rule('read')


def check_rules_after_write(records, restricted):
    """Refuse (AccessError) a write that leaves ``records`` outside the
    restricted user's write rules: they must still be theirs once written."""
    if _is_restricted(records.env, restricted):
        records.check_access_rule('write')
