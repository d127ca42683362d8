"""Generates the binary fixtures of the tests (run once, the files are committed):
    .venv/bin/python addons/dsa_accounting_bridge/tests/files/make_fixtures.py
"""
import datetime
import os

import xlsxwriter
import xlwt

HERE = os.path.dirname(os.path.abspath(__file__))

# Italian accounting export of invoices, XLS with real date and number cells
book = xlwt.Workbook()
sheet = book.add_sheet('Fatture')
header = ['Numero documento', 'Data documento', 'Codice cliente', 'Partita IVA',
          'Imponibile', 'Imposta', 'Totale documento']
rows = [
    ['FX/1', datetime.date(2025, 3, 31), 'CX01', '', 1000.0, 220.0, 1220.0],
    ['FX/2', datetime.date(2025, 4, 30), '', 'IT 017.392.702.29', 500.5, 110.11, 610.61],
    ['FX/3', '31/05/2025', 'CX01', '', '1.234,56', '271,60', '€ 1.506,16'],
    ['FX/4', 'not a date', 'CX01', '', 10.0, 2.2, 12.2],
]
date_style = xlwt.easyxf(num_format_str='DD/MM/YYYY')
for col, title in enumerate(header):
    sheet.write(0, col, title)
for r, row in enumerate(rows, start=1):
    for col, value in enumerate(row):
        if isinstance(value, datetime.date):
            sheet.write(r, col, value, date_style)
        else:
            sheet.write(r, col, value)
book.save(os.path.join(HERE, 'fatture_2025.xls'))

# XLSX with a formula cell: the total is =E2+F2 with the value Excel cached
book = xlsxwriter.Workbook(os.path.join(HERE, 'fatture_formula.xlsx'))
sheet = book.add_worksheet('Fatture')
date_format = book.add_format({'num_format': 'dd/mm/yyyy'})
sheet.write_row(0, 0, header)
sheet.write(1, 0, 'FY/1')
sheet.write_datetime(1, 1, datetime.datetime(2025, 6, 30), date_format)
sheet.write(1, 2, 'CX01')
sheet.write(1, 3, '')
sheet.write_number(1, 4, 2000.0)
sheet.write_number(1, 5, 440.0)
sheet.write_formula(1, 6, '=E2+F2', None, 2440.0)
sheet.write(2, 0, 'FY/2')
sheet.write(2, 1, '15/07/2025')
sheet.write(2, 2, 'CX01')
sheet.write_number(2, 4, 100.0)
sheet.write_number(2, 5, 22.0)
sheet.write_formula(2, 6, '=E3+F3', None, 122.0)
book.close()
