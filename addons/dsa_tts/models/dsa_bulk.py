"""Bulk chatter notes for the two places where one action touches many records:
the daily preventive cron (thousands of interventions) and closing an
intervention with many material lines (components and their history).

The records themselves are created by the suite's one bulk-insert helper,
dsa_base/lib/bulk.py (bulk_create), whose insert_rows writes these messages too.

Why SQL: the chatter tracking of write() runs tens of queries per record
(mail.thread, followers, one message per tracked change). bulk_log writes the
same messages in two statements; the benchmarks bench/bench_preventive.py and
bench/bench_intervention.py measure it. Nothing here checks access rights beyond
the model's ACL: callers do.
"""
from odoo import fields, tools

from odoo.addons.dsa_base.lib.bulk import insert_rows


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
    ids = insert_rows(env.cr, 'mail_message', [
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
        insert_rows(env.cr, 'mail_tracking_value',
                    columns + ['create_uid', 'create_date', 'write_uid', 'write_date'], values)
    env['mail.message'].invalidate_cache()
