"""Registered-device login moved from dsa_crm to dsa_auth_device (issue 12).

dsa_auth_device, a new dependency, is installed before this upgrade and
registers the model that dsa_crm declared until now under its own external ids. Those
ids move to dsa_auth_device here (or are dropped when it has its own), so that
the clean-up at the end of the upgrade does not delete the model, its table
and its columns along with them (the views, menus, rules and access rights of
dsa_crm's old device data are deleted by that clean-up, as they should be).
"""


DEVICE_XMLIDS = """
    old.module = 'dsa_crm'
    AND ((old.model = 'ir.model' AND old.name = 'model_dsa_device')
         OR (old.model = 'ir.model.fields'
             AND (old.name LIKE 'field\\_dsa\\_device\\_%%'
                  OR old.name IN ('field_res_groups_dsa_require_device',
                                  'field_res_users_dsa_device_ids'))))
"""


def migrate(cr, version):
    if not version:
        return
    # the model and its fields belong to dsa_auth_device from now on: uninstalling
    # dsa_crm must not drop them
    # the statement is composed of constants of this module (table name, SQL
    # fragments); values are bound by psycopg2
    # pylint: disable=sql-injection
    cr.execute("""
        UPDATE ir_model_data old SET module = 'dsa_auth_device'
         WHERE """ + DEVICE_XMLIDS + """
           AND NOT EXISTS (SELECT 1 FROM ir_model_data new
                            WHERE new.module = 'dsa_auth_device' AND new.name = old.name)
    """)
    cr.execute("""
        DELETE FROM ir_model_data old
         WHERE old.module = 'dsa_crm'
           AND old.model IN ('ir.model', 'ir.model.fields')
           AND EXISTS (SELECT 1 FROM ir_model_data new
                        WHERE new.module = 'dsa_auth_device'
                          AND new.model = old.model AND new.res_id = old.res_id)
    """)
    cr.execute("""
        UPDATE ir_model_constraint
           SET module = (SELECT id FROM ir_module_module WHERE name = 'dsa_auth_device')
         WHERE module = (SELECT id FROM ir_module_module WHERE name = 'dsa_crm')
           AND model = (SELECT id FROM ir_model WHERE model = 'dsa.device')
           AND NOT EXISTS (SELECT 1 FROM ir_model_constraint c2
                            WHERE c2.name = ir_model_constraint.name
                              AND c2.module = (SELECT id FROM ir_module_module
                                                WHERE name = 'dsa_auth_device'))
    """)
    cr.execute("""
        UPDATE ir_config_parameter SET key = 'dsa_auth_device.idle_minutes'
         WHERE key = 'dsa_crm.device_idle_minutes'
           AND NOT EXISTS (SELECT 1 FROM ir_config_parameter
                            WHERE key = 'dsa_auth_device.idle_minutes')
    """)
