"""dsa_security becomes the home of the denials; its shared pieces move out
(issues 23 and 27).

* The portal's 404 page moves in from dsa_tts: ``dsa_tts.portal_404`` becomes
  ``dsa_security.portal_404`` here, before this addon loads its views, so that
  the same view is updated in place. Without the rename, the clean-up at the
  end of the upgrade of dsa_tts would delete the view, and with it any view
  that inherits it (a customisation), and this addon would create a new one.
  Its Italian terms follow it.
* The letterhead workaround and ``_dsa_demo_speak`` move to dsa_base, which
  is installed with the addons that use them. dsa_security no longer extends
  ``ir.actions.report``: the external id that Odoo gave it for extending it
  (``model_ir_actions_report``) goes, as dsa_base gets its own when it is
  installed (Odoo would leave it behind, naming dsa_security among the
  extenders of the model). It still extends ``res.partner`` (email
  confirmation, signup links).
  Nothing else is to move: the demo company is ``base.main_company``, an id of
  base that dsa_base's demo file updates; no record carried a dsa_security id.

Plain SQL: the ORM is not ready in a pre-migration; only external ids (and the
module of the moved view's translations) are touched.
"""

MOVED_IN = (
    ('dsa_tts', 'portal_404'),
)

NO_LONGER_EXTENDED = ('model_ir_actions_report',)


def _move_in(cr, old_module, name):
    """Give the external id ``old_module.name`` to dsa_security (unless it has
    its own already: the old one then goes), with the record's translations."""
    cr.execute("""
        UPDATE ir_model_data old SET module = 'dsa_security'
         WHERE old.module = %s AND old.name = %s
           AND NOT EXISTS (SELECT 1 FROM ir_model_data new
                            WHERE new.module = 'dsa_security' AND new.name = old.name)
     RETURNING model, res_id
    """, (old_module, name))
    for model, res_id in cr.fetchall():
        cr.execute("""
            UPDATE ir_translation SET module = 'dsa_security'
             WHERE module = %s AND res_id = %s AND name LIKE %s
        """, (old_module, res_id, model + ',%'))
    cr.execute("DELETE FROM ir_model_data WHERE module = %s AND name = %s", (old_module, name))


def migrate(cr, version):
    if not version:
        return
    for old_module, name in MOVED_IN:
        _move_in(cr, old_module, name)
    cr.execute("""
        DELETE FROM ir_model_data
         WHERE module = 'dsa_security' AND model = 'ir.model' AND name IN %s
    """, (NO_LONGER_EXTENDED,))
