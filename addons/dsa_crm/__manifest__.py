{
    'name': 'DSA CRM: sales force by zone',
    'summary': 'Sales force by zone: contact log, offers, commitments, customer card',
    'version': '11.0.1.0.0',
    'category': 'Sales/CRM',
    'author': 'DSA suite developers',
    'website': 'https://github.com/dsa-suite/dsa',
    'license': 'LGPL-3',
    'depends': [
        'crm',
        'sale_management',
        'portal',
        'dsa_accounting_bridge',
    ],
    'data': [
        'security/dsa_crm_security.xml',
        'security/ir.model.access.csv',
        'views/dsa_crm_menus.xml',
    ],
    'demo': [],
    'application': True,
    'installable': True,
}
