"""File readers of the importer: CSV, XLS (xlrd) and XLSX (openpyxl).

Each reader is a generator of (row_number, values) where row_number is the row in
the file (1 = header) and values the list of raw cell values. The CSV and XLSX
readers stream: memory does not grow with the file. Errors that make the whole
file unreadable raise FileFormatError with the row they were found at.
"""
import codecs
import csv
import io
import re
import zipfile

BOM = codecs.BOM_UTF8


def _(source):
    """Marks a message for the translation export; the job translates it at run time."""
    return source


class FileFormatError(Exception):
    """The file cannot be read at all: the whole job fails. English text in .message,
    template and params kept for the translation."""

    def __init__(self, template, *params, row=0, column=''):
        self.template = template
        self.params = params
        self.message = template % params if params else template
        super(FileFormatError, self).__init__(self.message)
        self.row = row
        self.column = column


def file_type(file_name, head):
    name = (file_name or '').lower()
    if head.startswith(b'PK\x03\x04') or name.endswith('.xlsx'):
        return 'xlsx'
    if head.startswith(b'\xd0\xcf\x11\xe0') or name.endswith('.xls'):
        return 'xls'
    return 'csv'


def _decoded_lines(stream, encoding):
    """Binary lines decoded one by one, so a decoding error names its line."""
    if encoding.replace('-', '').replace('_', '').lower() == 'utf8':
        encoding = 'utf-8-sig'   # tolerate a BOM when plain UTF-8 is configured
    decoder = codecs.getincrementaldecoder(encoding)()
    line_no = 0
    for raw in stream:
        line_no += 1
        try:
            yield decoder.decode(raw)
        except UnicodeDecodeError as exc:
            raise FileFormatError(
                _('line %d is not valid %s (byte 0x%02x at position %d): choose the right '
                  'encoding (UTF-8, Windows-1252) in the profile or the job'),
                line_no, encoding.replace('-sig', ''), raw[exc.start], exc.start + 1,
                row=line_no)


def read_csv(stream, encoding='utf-8', delimiter=',', quotechar='"'):
    lines = _decoded_lines(stream, encoding)
    reader = csv.reader(lines, delimiter=delimiter, quotechar=quotechar or '"', strict=True)
    row_no = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileFormatError(_('malformed CSV near line %d: %s'), reader.line_num, exc,
                                  row=reader.line_num)
        row_no += 1
        if row_no == 1 and values and values[0].startswith('\ufeff'):
            values[0] = values[0][1:]
        yield row_no, values


def read_xls(content):
    import xlrd
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
    except Exception as exc:
        raise FileFormatError(_('not a readable XLS file: %s'), exc)
    sheet = book.sheet_by_index(0)
    for index in range(sheet.nrows):
        values = []
        for cell in sheet.row(index):
            if cell.ctype == xlrd.XL_CELL_DATE:
                values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                values.append(None)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                values.append('#ERROR')
            else:
                values.append(cell.value)
        yield index + 1, values


def xls_row_count(content):
    import xlrd
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
        return book.sheet_by_index(0).nrows
    except Exception:
        return 0


def read_xlsx(stream):
    # openpyxl in read_only mode streams the sheet XML (constant memory) and with
    # data_only=True a formula cell gives the value Excel cached when saving.
    import openpyxl
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:
        raise FileFormatError(_('not a readable XLSX file: %s'), exc)
    try:
        sheet = book.worksheets[0]
        for index, values in enumerate(sheet.iter_rows(values_only=True)):
            yield index + 1, list(values)
    finally:
        book.close()


def xlsx_row_count(stream):
    import openpyxl
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        count = book.worksheets[0].max_row or 0
        book.close()
        return count
    except Exception:
        return 0


def csv_row_count(stream):
    """Physical lines (close to the rows; a quoted cell may span several lines)."""
    count = 0
    last = b''
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        count += chunk.count(b'\n')
        last = chunk
    if last and not last.endswith(b'\n'):
        count += 1
    return count


FORMULA_START = ('=', '+', '-', '@', '\t', '\r')
_PLAIN_NUMBER = re.compile(r'^[-+]?[0-9][0-9.,\s]*$')


def neutralise_cell(value):
    """A cell that a spreadsheet would run as a formula (= + - @, tab, CR first) is
    written with a leading apostrophe, so it is shown as text (CSV injection). Plain
    numbers such as -12,50 are left as they are."""
    if value is None:
        return ''
    if not isinstance(value, str):
        value = str(value)
    if value.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def write_csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=',', quotechar='"', lineterminator='\r\n')
    writer.writerow([neutralise_cell(v) for v in header])
    for row in rows:
        writer.writerow([neutralise_cell(v) for v in row])
    return out.getvalue().encode('utf-8-sig')


def check_xlsx(stream, max_uncompressed, max_rows):
    """Refuse an XLSX before reading it when it would take the server's memory: a zip
    whose members add up to more than max_uncompressed bytes once inflated (zip bomb),
    or a first sheet that declares more than max_rows rows. Reads the zip directory and
    the sheet's <dimension> only."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileFormatError(_('not a readable XLSX file: %s'), exc)
    with archive:
        total = sum(info.file_size for info in archive.infolist())
        if total > max_uncompressed:
            raise FileFormatError(
                _('the XLSX file would take %d MB once uncompressed: the limit is %d MB'),
                total // 1048576, max_uncompressed // 1048576)
        sheets = sorted(n for n in archive.namelist()
                        if n.startswith('xl/worksheets/sheet') and n.endswith('.xml'))
        if sheets:
            with archive.open(sheets[0]) as sheet:
                head = sheet.read(4096).decode('utf-8', 'replace')
            match = re.search(r'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
            if match and int(match.group(1)) > max_rows:
                raise FileFormatError(
                    _('the XLSX sheet declares %d rows: the limit is %d rows'),
                    int(match.group(1)), max_rows)
