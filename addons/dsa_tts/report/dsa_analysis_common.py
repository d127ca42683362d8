"""SQL fragments shared by the field-service analyses (issue 14, TTS-8).

The analyses are SQL views (``_auto = False``): the costs of an intervention
are non-stored computed fields (project_task_costing.py), so no pivot can
group them. The views compute the same figures in SQL with the same rules, so
they reconcile with what each intervention shows (tests/test_analysis.py)."""

# product.product.lst_price: list price of the template plus the extra prices of
# the variant's attribute values (product.product._compute_product_price_extra)
LST_PRICE = """(pt.list_price + COALESCE((
        SELECT SUM(pap.price_extra)
          FROM product_attribute_price pap
          JOIN product_attribute_value_product_product_rel rel
            ON rel.product_attribute_value_id = pap.value_id
         WHERE rel.product_product_id = pp.id AND pap.product_tmpl_id = pt.id), 0))"""

# product.product.standard_price: a company-dependent field (ir.property), the
# company's own value or the default one
STANDARD_PRICE = """COALESCE((
        SELECT ip.value_float FROM ir_property ip
         WHERE ip.name = 'standard_price' AND ip.res_id = 'product.product,' || pp.id
           AND (ip.company_id = %(company)s OR ip.company_id IS NULL)
         ORDER BY ip.company_id NULLS LAST LIMIT 1), 0)"""

# the hourly rate of the labour product (project.task._dsa_default_labour_rate)
LABOUR_PRICE = """COALESCE((
        SELECT lpt.list_price FROM ir_model_data imd
          JOIN product_product lpp ON lpp.id = imd.res_id
          JOIN product_template lpt ON lpt.id = lpp.product_tmpl_id
         WHERE imd.module = 'dsa_tts' AND imd.name = 'product_product_dsa_labour'
           AND imd.model = 'product.product'), 0)"""


def material_unit_price(company_column):
    """Unit cost of a material line (dsa.intervention.material._compute_cost):
    the sales price, or the cost when there is no sales price; 0 when removed."""
    return """CASE WHEN m.action = 'removed' THEN 0.0
                   ELSE COALESCE(NULLIF(%s, 0), %s) END""" % (
        LST_PRICE, STANDARD_PRICE % {'company': company_column})


def labour_rate(cr):
    """Hourly cost rate of a timesheet line (project.task._dsa_labour_rate): the
    employee's timesheet cost when sale_timesheet adds that column and it is
    set, else the labour product's price. The view is rebuilt when dsa_tts is
    installed or updated, so installing sale_timesheet later needs an update."""
    cr.execute("""SELECT 1 FROM information_schema.columns
                   WHERE table_name = 'hr_employee' AND column_name = 'timesheet_cost'""")
    if cr.fetchone():
        return 'COALESCE(NULLIF(e.timesheet_cost, 0), %s)' % LABOUR_PRICE
    return LABOUR_PRICE
