{
    'name': 'DSA: shared base',
    'summary': 'The company letterhead on every PDF, the portal on a phone, the demo company, '
               'the bulk-insert helper, the PDF test helpers',
    'version': '11.0.1.0.0',
    'category': 'Hidden',
    'author': 'DSA suite developers',
    'website': 'https://github.com/dsa-suite/dsa',
    'license': 'LGPL-3',
    'depends': [
        # web.external_layout: the letterhead that models/ir_actions_report.py keeps
        'web',
        # mail.message: the chatter's tracking lines in the reader's language
        'mail',
    ],
    'data': [
        'views/assets.xml',
    ],
    'demo': [
        'demo/dsa_company_demo.xml',
    ],
    'installable': True,
    'external_dependencies': {
        # the letterhead workaround asks wkhtmltopdf what it can draw
        'bin': ['wkhtmltopdf'],
    },
}
