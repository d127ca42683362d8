"""Bulk writes for the two places where one action touches many records:
the daily preventive cron (thousands of interventions) and closing an
intervention with many material lines (components and their history).

Why SQL: create() and the chatter tracking of write() run tens of queries per
record (defaults, mail.thread, followers, one message per tracked change).
These helpers do the same work in a constant number of statements; the
benchmarks bench/bench_preventive.py and bench/bench_intervention.py measure
them. Nothing here checks access rights beyond the model's ACL: callers do.
"""
from odoo import fields, models, tools

# rows per INSERT statement
CHUNK = 1000


def _insert(cr, table, columns, rows, suffix=''):
    """INSERT rows (tuples in ``columns`` order) in chunks; return the new ids."""
    ids = []
    template = '(%s)' % ', '.join(['%s'] * len(columns))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        values = cr.mogrify(', '.join([template] * len(chunk)),
                            [item for row in chunk for item in row]).decode('utf-8')
        # identifiers come from the model's fields, values from mogrify
        # pylint: disable=sql-injection
        cr.execute('INSERT INTO "%s" (%s) VALUES %s %s RETURNING id' % (
            table, ', '.join('"%s"' % c for c in columns), values, suffix))
        ids += [row[0] for row in cr.fetchall()]
    return ids


def bulk_create(model, vals_list, on_conflict=''):
    """Create the records ``vals_list`` of ``model`` (same keys in each) in one
    INSERT; return them. The defaults are computed once for the batch, the
    stored computed fields are recomputed by the ORM (grouped by value) and the
    Python constraints of the given fields are checked. Only stored columns can
    be given (no one2many/many2many). ``on_conflict``: an ON CONFLICT clause."""
    if not vals_list:
        return model.browse()
    model.check_access_rights('create')
    given = set(vals_list[0])
    defaults = model.default_get([
        name for name, field in model._fields.items()
        if field.store and field.column_type and name not in given])
    rows = [dict(defaults, **vals) for vals in vals_list]
    columns = sorted(name for name in rows[0]
                     if model._fields[name].store and model._fields[name].column_type
                     and name not in models.MAGIC_COLUMNS)
    record = model.browse()
    now = fields.Datetime.now()
    uid = model.env.uid
    values = [tuple(model._fields[name].convert_to_column(row.get(name), record, row)
                    for name in columns) + (uid, now, uid, now) for row in rows]
    ids = _insert(model.env.cr, model._table,
                  columns + ['create_uid', 'create_date', 'write_uid', 'write_date'],
                  values, on_conflict)
    records = model.browse(ids)
    if not records:
        return records
    # what _create() does after its INSERT, once for all the rows
    records.modified(columns)
    for field in model._fields.values():
        if field.compute and field.store:
            records._recompute_todo(field)
    records._validate_fields(columns)
    if model.env.recompute and model.env.context.get('recompute', True):
        records.recompute()
    return records


def bulk_log(model, messages):
    """Chatter notes with tracking values, as mail.thread's tracking writes
    them: ``messages`` is a list of (res_id, body, [(field name, old, new)]).
    One INSERT for the messages and one for the tracking values."""
    if not messages:
        return
    env = model.env
    subtype = env.ref('mail.mt_note')
    author = env.user.partner_id
    email_from = tools.formataddr((author.name, author.email)) if author.email else None
    now = fields.Datetime.now()
    uid = env.uid
    rows = [(model._name, res_id, body or '', 'notification', subtype.id, author.id,
             email_from, now, tools.generate_tracking_message_id('dsa-bulk'), uid, now, uid, now)
            for res_id, body, _changes in messages]
    ids = _insert(env.cr, 'mail_message', [
        'model', 'res_id', 'body', 'message_type', 'subtype_id', 'author_id', 'email_from',
        'date', 'message_id', 'create_uid', 'create_date', 'write_uid', 'write_date'], rows)
    Tracking = env['mail.tracking.value']
    columns = ['field', 'field_desc', 'field_type', 'old_value_integer', 'old_value_float',
               'old_value_char', 'old_value_text', 'old_value_datetime',
               'new_value_integer', 'new_value_float', 'new_value_char', 'new_value_text',
               'new_value_datetime', 'mail_message_id']
    described = {}
    values = []
    for message_id, (_res_id, _body, changes) in zip(ids, messages):
        for name, old, new in changes:
            if name not in described:
                described[name] = model.fields_get([name])[name]
            vals = Tracking.create_tracking_values(old, new, name, described[name])
            vals['mail_message_id'] = message_id
            values.append(tuple(vals.get(c) if vals.get(c) is not False else None
                                for c in columns) + (uid, now, uid, now))
    if values:
        _insert(env.cr, 'mail_tracking_value',
                columns + ['create_uid', 'create_date', 'write_uid', 'write_date'], values)
    env['mail.message'].invalidate_cache()
