{
    'name': 'DSA: platform hardening',
    'summary': 'No probing of restricted fields through search domains; mail followers '
               'and activities of unreadable records stay hidden; the mail queue and '
               'signup links for their administrators and recipients only',
    'version': '11.0.1.0.0',
    'category': 'Hidden',
    'author': 'DSA suite developers',
    'website': 'https://github.com/dsa-suite/dsa',
    'license': 'LGPL-3',
    'depends': [
        'mail',
        'portal',
        'auth_signup',
        'calendar',
    ],
    'data': [
        'security/dsa_security_rules.xml',
        'security/mail_notification_security.xml',
        'views/res_partner_views.xml',
    ],
    'demo': [
        'demo/dsa_company_demo.xml',
    ],
    'installable': True,
}
