{
    'name': 'DSA: platform hardening',
    'summary': 'Denials and hiding: restricted fields, followers, activities, portal 404, '
               'avatars, rule guard',
    'version': '11.0.1.1.0',
    'category': 'Hidden',
    'author': 'DSA suite developers',
    'website': 'https://github.com/dsa-suite/dsa',
    'license': 'LGPL-3',
    'depends': [
        'mail',
        # the styled 404 of /my pages is drawn in the portal's layout
        'portal',
    ],
    'data': [
        'views/dsa_portal_404_templates.xml',
    ],
    'installable': True,
}
