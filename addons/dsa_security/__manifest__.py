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
        'auth_signup',
        'calendar',
    ],
    'data': [
        'security/mail_notification_security.xml',
    ],
    'demo': [
        'demo/dsa_company_demo.xml',
    ],
    'installable': True,
}
