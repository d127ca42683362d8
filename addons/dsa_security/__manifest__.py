{
    'name': 'DSA: platform hardening',
    'summary': 'No probing of restricted fields through search domains; mail followers '
               'and activities of unreadable records stay hidden',
    'version': '11.0.1.0.0',
    'category': 'Hidden',
    'author': 'DSA suite developers',
    'website': 'https://github.com/dsa-suite/dsa',
    'license': 'LGPL-3',
    'depends': [
        'mail',
        'portal',
    ],
    'data': [
        'security/dsa_security_rules.xml',
        'views/res_partner_views.xml',
    ],
    'demo': [
        'demo/dsa_company_demo.xml',
    ],
    'installable': True,
}
