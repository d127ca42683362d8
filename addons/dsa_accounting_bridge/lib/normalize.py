"""Pure parsing and normalisation helpers of the importer (no ORM).

Each parser takes the raw cell value (str from CSV, float/int/date from XLS/XLSX)
and returns the Python value, or raises ValueError with a message meant for the user.
"""
import datetime
import re

_SPACES = re.compile(r'[\s\u00a0\u202f]+')
_NUMBER = re.compile(r'^\d+(\.\d+)?$')
_VAT = re.compile(r'^([A-Z]{2})?([0-9A-Z+*]{2,13})$')
_FISCAL_CODE = re.compile(r'^([A-Z0-9]{16}|\d{11})$')
_EMAIL = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')


def _(source):
    """Marks a message for the translation export; the job translates it at run time."""
    return source


class ParseError(ValueError):
    """A cell that cannot be read: English text in str(), template and params kept
    so that the job can give the message in the user's language."""

    def __init__(self, template, *params):
        super(ParseError, self).__init__(template % params)
        self.template = template
        self.params = params


DATE_FORMATS = ('%d/%m/%Y', '%d/%m/%y', '%Y-%m-%d', '%d.%m.%Y', '%d-%m-%Y', '%Y/%m/%d')


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value):
    """Cell value as stripped text; integral floats from spreadsheets lose their '.0'."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return '1' if value else '0'
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.strftime('%Y-%m-%d %H:%M:%S')
    if isinstance(value, datetime.date):
        return value.strftime('%Y-%m-%d')
    return str(value).strip()


def parse_number(value, decimal='auto'):
    """'1.234,56', '€ 1.234,56', '1234.56', '-12,5', '(12,50)', '12,50-' -> float.

    decimal: 'comma' (Italian: '.' groups thousands), 'dot', or 'auto' (the last of
    ',' and '.' is the decimal separator; a lone ',' is decimal; a lone '.' followed by
    exactly three digits in a number with several dots groups thousands).
    """
    if isinstance(value, bool):
        raise ParseError(_('"%s" is not a number'), value)
    if isinstance(value, (int, float)):
        return float(value)
    text = _SPACES.sub('', str(value))
    text = text.replace('€', '').replace('EUR', '').replace('eur', '').replace("'", '')
    if not text:
        raise ParseError(_('"%s" is not a number'), value)
    negative = False
    if text.startswith('(') and text.endswith(')'):
        negative, text = True, text[1:-1]
    if text.endswith('-'):
        negative, text = True, text[:-1]
    if text.startswith('-'):
        negative, text = not negative, text[1:]
    elif text.startswith('+'):
        text = text[1:]
    if decimal == 'comma':
        text = text.replace('.', '').replace(',', '.')
    elif decimal == 'dot':
        text = text.replace(',', '')
    else:
        last_comma, last_dot = text.rfind(','), text.rfind('.')
        if last_comma >= 0 and last_dot >= 0:
            if last_comma > last_dot:
                text = text.replace('.', '').replace(',', '.')
            else:
                text = text.replace(',', '')
        elif last_comma >= 0:
            if text.count(',') > 1:
                text = text.replace(',', '')
            else:
                text = text.replace(',', '.')
        elif text.count('.') > 1:
            text = text.replace('.', '')
    if not _NUMBER.match(text):
        raise ParseError(_('"%s" is not a number'), value)
    number = float(text)
    return -number if negative else number


def parse_date(value, formats=DATE_FORMATS):
    """'31/12/2025', '2025-12-31', a date/datetime, or an Excel serial number -> 'YYYY-MM-DD'."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            base = datetime.date(1899, 12, 30)
            return (base + datetime.timedelta(days=int(value))).isoformat()
        raise ParseError(_('"%s" is not a date (expected dd/mm/yyyy)'), value)
    text = str(value).strip()
    if ' ' in text:
        text = text.split(' ', 1)[0]
    if len(text) == 10 and text[2] == '/' and text[5] == '/' and formats is DATE_FORMATS:
        # fast path for dd/mm/yyyy (strptime costs ~50 us a call)
        try:
            return datetime.date(int(text[6:]), int(text[3:5]), int(text[:2])).isoformat()
        except ValueError:
            raise ParseError(_('"%s" is not a date (expected dd/mm/yyyy)'), value)
    for fmt in formats:
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ParseError(_('"%s" is not a date (expected dd/mm/yyyy)'), value)


def normalize_vat(value, default_country='IT'):
    """' it 012.345-67890 ' -> 'IT01234567890'; raises ValueError when malformed."""
    text = re.sub(r'[\s.\-/]', '', to_text(value)).upper()
    if not text:
        return ''
    if text.isdigit():
        text = default_country + text
    match = _VAT.match(text)
    if not match or not match.group(1):
        raise ParseError(_('"%s" is not a VAT number'), value)
    if match.group(1) == 'IT' and not re.match(r'^\d{11}$', match.group(2)):
        raise ParseError(_('"%s" is not an Italian VAT number (11 digits)'), value)
    return text


def normalize_fiscal_code(value):
    text = re.sub(r'[\s.\-]', '', to_text(value)).upper()
    if not text:
        return ''
    if text.startswith('IT') and len(text) == 13 and text[2:].isdigit():
        text = text[2:]
    if not _FISCAL_CODE.match(text):
        raise ParseError(_('"%s" is not a fiscal code (16 characters or 11 digits)'), value)
    return text


def normalize_email(value):
    text = to_text(value).strip().lower()
    if not text:
        return ''
    if not _EMAIL.match(text):
        raise ParseError(_('"%s" is not an email address'), value)
    return text


def phone_key(value):
    """Digits of a phone number without the Italian prefix, for matching only."""
    digits = re.sub(r'\D', '', to_text(value))
    if digits.startswith('0039'):
        digits = digits[4:]
    elif digits.startswith('39') and len(digits) > 10 and to_text(value).strip().startswith('+'):
        digits = digits[2:]
    return digits if len(digits) >= 6 else ''
