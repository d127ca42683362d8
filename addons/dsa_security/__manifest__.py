{
    'name': 'DSA: platform hardening',
    'summary': 'Denials and hiding: restricted fields, followers, activities, the mail '
               'queue, signup links, portal reach and 404, avatars, rule guard',
    'version': '11.0.1.1.0',
    'category': 'Hidden',
    'author': 'DSA suite developers',
    'website': 'https://github.com/dsa-suite/dsa',
    'license': 'LGPL-3',
    'depends': [
        'mail',
        # the styled 404 of /my pages is drawn in the portal's layout
        'portal',
        'auth_signup',
        'calendar',
    ],
    'data': [
        'security/dsa_security_rules.xml',
        'security/mail_notification_security.xml',
        'views/res_partner_views.xml',
        'views/dsa_portal_404_templates.xml',
    ],
    'installable': True,
}
