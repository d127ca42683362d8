"""The one bulk-insert helper of the suite (issue 27): many records of one model
in a constant number of statements.

Used where one action creates thousands of records: the daily preventive cron
(interventions), closing an intervention with many material lines (components),
the bench set-up of plants and contracts (dsa_tts), and the customers of an
accounting import (dsa_accounting_bridge).

Why SQL (measured): ``create()`` runs tens of queries per record in Odoo 11
(defaults, mail.thread, followers, one message per tracked change, computed
fields and their dependencies, one record at a time); res.partner.create() costs
about 100 queries a customer, which keeps an importer at the pace of the standard
``load()``. bench/bench_preventive.py (0.34 queries a contract against 89 through
create(), 12.8x faster), bench/bench_intervention.py and bench/bench_import.py
(customers: 150x ``load()``) measure it.

What ``bulk_create`` keeps of ``create()``, once for the whole batch: the access
rights and record rules of creation, the defaults (``default_get``, so other
modules' defaults and the ``default_`` context keys are honoured as by create()),
the conversion of each value to its column, the recomputation of stored computed
fields by the ORM, the Python constraints. What it does not do: one2many and
many2many values, the overrides of ``create()`` (a caller that relies on one
must check the registry, see dsa_accounting_bridge/handlers/customers.py), mail
tracking and followers.
"""
from odoo import fields, models

# rows per INSERT statement
CHUNK = 1000
# columns the helper writes itself, as _create() does
LOG_COLUMNS = ['create_uid', 'create_date', 'write_uid', 'write_date']


def insert_rows(cr, table, columns, rows, suffix=''):
    """INSERT ``rows`` (tuples in ``columns`` order) into ``table``, CHUNK rows
    per statement; return the ids of the inserted rows. ``suffix``: an
    ``ON CONFLICT`` clause (rows it skips return no id)."""
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


def _column_fields(model):
    """Names of the fields of ``model`` that are a column the caller may fill."""
    return {name for name, field in model._fields.items()
            if field.store and field.column_type and name not in models.MAGIC_COLUMNS}


def _new_ids(cr, model, count):
    """``count`` ids from the model's sequence, for values that need the new id."""
    cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)",
               ('%s_id_seq' % model._table, count))
    return [row[0] for row in cr.fetchall()]


def bulk_create(model, vals_list, on_conflict='', precomputed=None, notify=True,
                skip_constraints=()):
    """Create the records ``vals_list`` of ``model`` with one INSERT per CHUNK rows;
    return them, in the order of ``vals_list`` (without the rows ``on_conflict``
    skipped).

    - ``vals_list``: dicts of stored columns (no one2many/many2many); a key missing
      from a dict takes the field's default, as with create().
    - ``on_conflict``: an ``ON CONFLICT ...`` clause for the INSERT.
    - ``precomputed``: {stored computed field: function(values, new id) -> column
      value} for fields whose value the caller knows for a new record (e.g. the
      commercial partner of a new company is itself): written in the INSERT and not
      recomputed. The new ids are then taken from the sequence first.
    - ``notify``: False when the caller knows that no record refers to the new ones
      yet, so that no other record's computed field needs recomputing: skips
      ``modified()``, one search per dependency path.
    - ``skip_constraints``: fields whose Python constraints are moot for these rows
      (e.g. ``parent_id`` forced empty: its recursion check is one query a record).
    """
    if not vals_list:
        return model.browse()
    model.check_access_rights('create')
    columns_ok = _column_fields(model)
    precomputed = {name: compute for name, compute in (precomputed or {}).items()
                   if name in model._fields}
    given = set().union(*vals_list)
    defaults = model.default_get(sorted(
        name for name in columns_ok - given
        if not model._fields[name].compute and not model._fields[name].company_dependent))
    columns = sorted((given | set(defaults)) & columns_ok - set(precomputed))
    cr = model.env.cr
    ids = _new_ids(cr, model, len(vals_list)) if precomputed else None
    empty = model.browse()
    now = fields.Datetime.now()
    uid = model.env.uid
    rows = []
    for index, vals in enumerate(vals_list):
        record = dict(defaults, **vals)
        row = [model._fields[name].convert_to_column(record.get(name), empty, record)
               for name in columns]
        if precomputed:
            row = [ids[index]] + row + [compute(record, ids[index])
                                        for compute in precomputed.values()]
        rows.append(tuple(row) + (uid, now, uid, now))
    names = (['id'] if precomputed else []) + columns + list(precomputed) + LOG_COLUMNS
    inserted = insert_rows(cr, model._table, names, rows, on_conflict)
    if precomputed:
        kept = set(inserted)
        inserted = [new_id for new_id in ids if new_id in kept]
    records = model.browse(inserted)
    if not records:
        return records
    # what _create() and create() do after the INSERT, once for all the rows
    if notify:
        records.modified(columns)
    for field in model._fields.values():
        if field.compute and field.store and field.name not in precomputed:
            records._recompute_todo(field)
    if model.env.recompute and model.env.context.get('recompute', True):
        records.recompute()
    records._validate_fields([name for name in columns if name not in skip_constraints])
    records.check_access_rule('create')
    return records
