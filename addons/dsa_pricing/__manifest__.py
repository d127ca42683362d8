{
    'name': 'DSA Pricing: licences and prepaid hours',
    'summary': 'Licence price tiers, quotations, subscriptions, prepaid hours',
    'version': '11.0.1.0.0',
    'category': 'Sales',
    'author': 'DSA suite developers',
    'website': 'https://github.com/dsa-suite/dsa',
    'license': 'LGPL-3',
    'depends': [
        'sale_management',
        'account',
        'hr_timesheet',
        'portal',
    ],
    'data': [
        'security/dsa_pricing_security.xml',
        'security/ir.model.access.csv',
        'views/dsa_pricing_menus.xml',
    ],
    'demo': [],
    'application': True,
    'installable': True,
}
