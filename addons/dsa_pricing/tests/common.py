"""Helpers shared by the pricing tests (not a test module); users come from
make_user of dsa_base/tests/common.py."""


def create_minimal_chart(env, company=None):
    """What a fresh database with `account` and no localization lacks to
    invoice: a receivable and an income account, a sales journal, and the
    income account on the licence product category.  Returns the accounts."""
    company = company or env.user.company_id
    Account = env['account.account']
    receivable = Account.create({
        'code': 'DSA121', 'name': 'Customers (test)', 'reconcile': True,
        'user_type_id': env.ref('account.data_account_type_receivable').id,
        'company_id': company.id,
    })
    income = Account.create({
        'code': 'DSA701', 'name': 'Licence revenue (test)',
        'user_type_id': env.ref('account.data_account_type_revenue').id,
        'company_id': company.id,
    })
    env['account.journal'].create({
        'name': 'Licence sales (test)', 'code': 'DSAL', 'type': 'sale',
        'company_id': company.id,
        'default_debit_account_id': income.id, 'default_credit_account_id': income.id,
        'sequence': 1,
    })
    env.ref('dsa_pricing.product_category_licences').property_account_income_categ_id = income
    return receivable, income
