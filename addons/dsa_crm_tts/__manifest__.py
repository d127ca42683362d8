{
    'name': 'DSA CRM and TTS together',
    'summary': 'Zones over the service side; service part of the customer card',
    'version': '11.0.1.0.0',
    'category': 'Hidden',
    'author': 'DSA suite developers',
    'website': 'https://github.com/dsa-suite/dsa',
    'license': 'LGPL-3',
    'depends': [
        'dsa_crm',
        'dsa_tts',
    ],
    'data': [
        'security/ir.model.access.csv',
        'security/dsa_crm_tts_rules.xml',
        'views/dsa_crm_tts_menus.xml',
    ],
    'demo': [
        'demo/dsa_crm_tts_demo.xml',
    ],
    'qweb': [
        'static/src/xml/customer_card_service.xml',
    ],
    'auto_install': True,
    'installable': True,
}
