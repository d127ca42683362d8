{
    'name': 'DSA Accounting bridge',
    'summary': 'Imports customers, invoices, purchases and offers from accounting',
    'version': '11.0.1.2.0',
    'category': 'Accounting',
    'author': 'DSA suite developers',
    'website': 'https://github.com/dsa-suite/dsa',
    'license': 'LGPL-3',
    'depends': [
        'account',
        'sale_management',
        'queue_job',
        # refuses writing an attachment's storage fields (store_fname), which
        # the importer reads from the filestore
        'dsa_security',
        # the one answer to "are we running tests?" of batch commits (dsa_base.lib.runtime)
        'dsa_base',
    ],
    'data': [
        'security/dsa_accounting_bridge_security.xml',
        'security/ir.model.access.csv',
        'data/dsa_import_profile_data.xml',
        'data/product_data.xml',
        'data/ir_cron_data.xml',
        'data/dsa_import_profile_fatturapa_data.xml',
        'views/assets.xml',
        'views/dsa_import_job_views.xml',
        'views/dsa_imported_invoice_views.xml',
        'views/dsa_fatturapa_views.xml',
        'views/dsa_accounting_bridge_menus.xml',
    ],
    'demo': [
        'demo/dsa_accounting_bridge_demo.xml',
        'demo/dsa_fatturapa_demo.xml',
    ],
    'application': True,
    'installable': True,
    'external_dependencies': {
        # XLS files are read with xlrd, XLSX files with openpyxl
        'python': ['openpyxl', 'xlrd'],
    },
}
