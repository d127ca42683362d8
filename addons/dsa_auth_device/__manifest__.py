{
    'name': 'DSA: login from registered devices',
    'summary': 'Users of chosen groups log in only from browsers approved by an administrator; '
               'failed logins are throttled',
    'version': '11.0.1.0.0',
    'category': 'Extra Tools',
    'author': 'DSA suite developers',
    'website': 'https://github.com/dsa-suite/dsa',
    'license': 'LGPL-3',
    'depends': [
        'web',
        'mail',
        'dsa_security',
    ],
    'data': [
        'security/ir.model.access.csv',
        'security/dsa_auth_device_rules.xml',
        'data/dsa_auth_device_data.xml',
        'views/dsa_device_views.xml',
        'views/res_users_views.xml',
    ],
    'installable': True,
}
