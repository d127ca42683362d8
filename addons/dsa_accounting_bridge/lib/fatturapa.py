"""FatturaPA (Italian electronic invoices, SDI) files: untrusted input read safely.

What this module does, without any database access:

- ``iter_files``: the files of an upload, a ``.zip`` archive as the tax authority's
  portal hands it out being opened member by member (absolute paths and ``..``
  refused, each member and the whole archive held to the bridge's size limits);
- ``unwrap_p7m``: the XML signed inside a CAdES ``.p7m`` envelope, DER or base64,
  by a small BER walk to the signed content (the signature and its chain of trust
  are NOT verified: the SDI verified them before delivering the file);
- ``parse_xml``: lxml without entity expansion, DTD or network;
- ``validate``: the tax authority's XSD for FatturaPA 1.2 (shipped in data/fatturapa),
  the first error named by body and element;
- ``read_invoice``: the parts of each body that the bridge imports.

Messages are English templates marked with ``_`` and translated by the caller
(FatturaPAError keeps template and parameters).
"""
import base64
import binascii
import io
import os
import re
import zipfile
from decimal import Decimal, InvalidOperation

from lxml import etree


def _(source):
    """Marks a message for the translation export; translated at run time."""
    return source


NS = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2'
ROOT_INVOICE = 'FatturaElettronica'
ROOT_SIMPLIFIED = 'FatturaElettronicaSemplificata'
SCHEMA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          'data', 'fatturapa')
SCHEMA_FILE = 'Schema_del_file_xml_FatturaPA_versione_1.2_cleanup.xsd'
# credit notes: their amounts count as negative revenue
CREDIT_NOTE_TYPES = ('TD04',)


class FatturaPAError(Exception):
    """A file that cannot be imported: English template and parameters, for the
    translation; ``element`` names the element when the schema refused it and
    ``where`` (template, params) the part of the file (header, body n)."""

    def __init__(self, template, *params, element='', where=None):
        self.template = template
        self.params = params
        self.element = element
        self.where = where
        text = template % params if params else template
        if where:
            text = (where[0] % where[1]) + text
        super(FatturaPAError, self).__init__(text)


def safe_parser():
    """An lxml parser for untrusted XML: no entity expansion (billion laughs, XXE),
    no DTD, no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, dtd_validation=False, remove_comments=True,
                           remove_pis=True)


# ---------------------------------------------------------------------- containers

def _member_name_ok(name):
    """A zip member name that stays inside the archive: not absolute, no drive
    letter, no '..' part."""
    text = name.replace('\\', '/')
    parts = text.split('/')
    return not (text.startswith('/') or (len(text) > 1 and text[1] == ':') or
                '..' in parts)


def iter_files(name, stream, max_member, max_total):
    """(file name, content or None, FatturaPAError or None) for each file of an upload:
    the file itself, or each member of a zip archive in archive order. A member
    refused (unsafe name, over the size limit) gives its error and the others go
    on; the archive as a whole over max_total uncompressed is refused at once."""
    head = stream.read(4)
    stream.seek(0)
    if head != b'PK\x03\x04':
        content = stream.read(max_member + 1)
        if len(content) > max_member:
            yield name, None, FatturaPAError(
                _('the file is over the size limit of %d MB'), max_member // 1048576)
            return
        yield name, content, None
        return
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FatturaPAError(_('not a readable zip archive: %s'), exc)
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        total = sum(info.file_size for info in members)
        if total > max_total:
            raise FatturaPAError(
                _('the archive would take %d MB once uncompressed: the limit is %d MB'),
                total // 1048576, max_total // 1048576)
        for info in members:
            member = info.filename
            if not _member_name_ok(member):
                yield member, None, FatturaPAError(
                    _('refused: the archive member has an absolute path or ".."'))
                continue
            if info.file_size > max_member:
                yield member, None, FatturaPAError(
                    _('the file is over the size limit of %d MB'), max_member // 1048576)
                continue
            with archive.open(info) as handle:
                # the declared size may lie: never read more than the limit
                content = handle.read(max_member + 1)
            if len(content) > max_member:
                yield member, None, FatturaPAError(
                    _('the file is over the size limit of %d MB'), max_member // 1048576)
                continue
            yield member, content, None


# ---------------------------------------------------------------------- p7m

def _ber_item(data, position, end):
    """(tag, constructed, value start, value end, next position) of the BER item at
    position; an indefinite length is followed to its end-of-contents."""
    if position + 2 > end:
        raise ValueError('truncated item')
    tag = data[position]
    position += 1
    if tag & 0x1f == 0x1f:   # high tag number: skip its bytes
        while data[position] & 0x80:
            position += 1
        position += 1
    length = data[position]
    position += 1
    constructed = bool(tag & 0x20)
    if length == 0x80:
        if not constructed:
            raise ValueError('indefinite length on a primitive item')
        inner = position
        while data[inner:inner + 2] != b'\x00\x00':
            inner = _ber_item(data, inner, end)[4]
            if inner >= end:
                raise ValueError('missing end-of-contents')
        return tag, constructed, position, inner, inner + 2
    if length & 0x80:
        count = length & 0x7f
        if not 0 < count <= 4:
            raise ValueError('length of %d bytes' % count)
        length = int.from_bytes(data[position:position + count], 'big')
        position += count
    if position + length > end:
        raise ValueError('item past the end of its container')
    return tag, constructed, position, position + length, position + length


def _ber_items(data, start, end):
    """The items between start and end, as _ber_item gives them."""
    position = start
    while position < end:
        item = _ber_item(data, position, end)
        yield item
        position = item[4]


def _children(data, item):
    _tag, constructed, start, end, _next = item
    if not constructed:
        raise ValueError('primitive item where a structure was expected')
    return list(_ber_items(data, start, end))


def _octets(data, item):
    """Content of an OCTET STRING, primitive or constructed (chunks joined)."""
    _tag, constructed, start, end, _next = item
    if not constructed:
        return data[start:end]
    return b''.join(_octets(data, child) for child in _ber_items(data, start, end))


def unwrap_p7m(content):
    """The signed content of a CAdES/PKCS#7 SignedData envelope (DER or BER, or the
    same base64-encoded): ContentInfo -> [0] SignedData -> encapContentInfo ->
    [0] eContent. The signature is not verified (see the module docstring).
    Raises FatturaPAError."""
    data = content
    if not data.startswith(b'\x30'):
        try:
            data = base64.b64decode(re.sub(rb'\s+', b'', data), validate=True)
        except (binascii.Error, ValueError):
            raise FatturaPAError(_('not a signed file (p7m): neither DER nor base64'))
    try:
        content_info = next(_ber_items(data, 0, len(data)))
        signed_data_wrapper = _children(data, content_info)[1]
        signed_data = _children(data, signed_data_wrapper)[0]
        encap = _children(data, signed_data)[2]
        econtent_wrapper = _children(data, encap)[1]
        econtent = _children(data, econtent_wrapper)[0]
        return _octets(data, econtent)
    except (ValueError, IndexError, StopIteration) as exc:
        raise FatturaPAError(_('the signed file (p7m) cannot be read: %s'), exc)


# ---------------------------------------------------------------------- XML

def local(tag):
    """Local name of an element's tag ('' for comments and the like)."""
    if not isinstance(tag, str):
        return ''
    return tag.rsplit('}', 1)[-1]


def parse_xml(content):
    """The XML tree of a file (p7m unwrapped first). Raises FatturaPAError."""
    stripped = content.lstrip()
    if stripped.startswith(b'\xef\xbb\xbf'):
        stripped = stripped[3:]
    if not stripped.startswith(b'<'):
        content = unwrap_p7m(content)
    try:
        tree = etree.parse(io.BytesIO(content), safe_parser())
    except etree.XMLSyntaxError as exc:
        raise FatturaPAError(_('not well-formed XML: %s'), exc)
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        # FatturaPA files have none; a DTD is how entity attacks come in
        raise FatturaPAError(_('refused: the file declares a DOCTYPE'))
    return tree


_SCHEMA = []


def schema():
    """The FatturaPA 1.2 XSD, loaded once per process from the addon's data."""
    if not _SCHEMA:
        tree = etree.parse(os.path.join(SCHEMA_DIR, SCHEMA_FILE), safe_parser())
        _SCHEMA.append(etree.XMLSchema(tree))
    return _SCHEMA[0]


_MISSING = re.compile(r"Missing child element\(s\)\. Expected is(?: one of)? "
                      r"\( (?:\{[^}]*\})?([\w.]+)")
_NOT_EXPECTED = re.compile(r"Element '(?:\{[^}]*\})?([\w.]+)': This element is not "
                           r"expected\. Expected is(?: one of)? \( (?:\{[^}]*\})?([\w.]+)")
_ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?([\w.]+)'")
_BODY = re.compile(r"FatturaElettronicaBody(?:\[(\d+)\])?")


def _bodies(tree):
    return [child for child in tree.getroot() if local(child.tag) == 'FatturaElettronicaBody']


def validate(tree):
    """Validate against the XSD. Raises FatturaPAError naming the body (or the
    header, by the XPath of the error) and the element of the first error: "X is
    missing" when the schema expected an element that is not there."""
    xsd = schema()
    try:
        if xsd.validate(tree):
            return
    except etree.LxmlError as exc:
        raise FatturaPAError(_('the file cannot be validated: %s'), exc)
    error = xsd.error_log[0]
    missing = _MISSING.search(error.message)
    misplaced = _NOT_EXPECTED.search(error.message)
    if missing:
        element = missing.group(1)
        detail = (_('%s is missing'), element)
    elif misplaced:
        element = misplaced.group(2)
        detail = (_('%s is missing (found %s)'), element, misplaced.group(1))
    else:
        found = _ELEMENT.search(error.message)
        element = found.group(1) if found else ''
        detail = (_('%s: %s'), element, error.message)
    body = _BODY.search(error.path or '')
    where = (_('body %d: '), (int(body.group(1) or 1),)) if body else (_('header: '), ())
    raise FatturaPAError(detail[0], *detail[1:], element=element, where=where)


def kind_of(tree):
    """'invoice' (FPA12/FPR12), 'simplified' (FSM10) or 'other' (SDI receipts,
    notifications, metadata)."""
    name = local(tree.getroot().tag)
    if name == ROOT_INVOICE:
        return 'invoice'
    if name == ROOT_SIMPLIFIED:
        return 'simplified'
    return 'other'


# ---------------------------------------------------------------------- reading

def _text(node, path):
    """Stripped text of the first element at path ('/'-separated). The elements
    under the root are unqualified in the XSD (no namespace): lxml's own find."""
    if node is None:
        return ''
    return (node.findtext(path) or '').strip()


def _find(node, path):
    return node.find(path) if node is not None else None


def _findall(node, name):
    return node.findall(name) if node is not None else []


def _amount(text):
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _party(node):
    """A CedentePrestatore or CessionarioCommittente: identity and address."""
    anagrafica = _find(node, 'DatiAnagrafici')
    country = _text(anagrafica, 'IdFiscaleIVA/IdPaese').upper()
    code = _text(anagrafica, 'IdFiscaleIVA/IdCodice').upper()
    name = _text(anagrafica, 'Anagrafica/Denominazione') or ' '.join(
        filter(None, [_text(anagrafica, 'Anagrafica/Nome'),
                      _text(anagrafica, 'Anagrafica/Cognome')]))
    address = _find(node, 'Sede')
    street = ' '.join(filter(None, [_text(address, 'Indirizzo'),
                                    _text(address, 'NumeroCivico')]))
    return {
        'vat': (country + code) if code else '',
        'fiscal_code': _text(anagrafica, 'CodiceFiscale').upper(),
        'name': name,
        'street': street,
        'zip': _text(address, 'CAP'),
        'city': _text(address, 'Comune'),
        'province': _text(address, 'Provincia').upper(),
        'country': _text(address, 'Nazione').upper(),
        'email': _text(node, 'Contatti/Email'),
        'phone': _text(node, 'Contatti/Telefono'),
    }


def read_header(tree):
    """Seller, buyer and transmission data of the file."""
    header = _find(tree.getroot(), 'FatturaElettronicaHeader')
    transmission = _find(header, 'DatiTrasmissione')
    return {
        'format': _text(transmission, 'FormatoTrasmissione'),
        'codice_destinatario': _text(transmission, 'CodiceDestinatario'),
        'pec': _text(transmission, 'PECDestinatario'),
        'seller': _party(_find(header, 'CedentePrestatore')),
        'buyer': _party(_find(header, 'CessionarioCommittente')),
    }


def _line(node):
    quantity = _amount(_text(node, 'Quantita'))
    price = _amount(_text(node, 'PrezzoUnitario')) or Decimal(0)
    total = _amount(_text(node, 'PrezzoTotale')) or Decimal(0)
    discount = Decimal(0)
    for sconto in _findall(node, 'ScontoMaggiorazione'):
        percent = _amount(_text(sconto, 'Percentuale'))
        sign = -1 if _text(sconto, 'Tipo') == 'SC' else 1
        if percent is not None:
            discount -= sign * percent
    return {
        'code': next((_text(c, 'CodiceValore') for c in _findall(node, 'CodiceArticolo')
                      if _text(c, 'CodiceValore')), ''),
        'name': _text(node, 'Descrizione'),
        'quantity': quantity if quantity is not None else Decimal(1),
        'price_unit': price,
        'discount': discount,
        'price_subtotal': total,
        'vat_rate': _amount(_text(node, 'AliquotaIVA')) or Decimal(0),
        'vat_nature': _text(node, 'Natura'),
    }


def read_body(body):
    """What the bridge imports of one FatturaElettronicaBody. Totals: the document's
    ImportoTotaleDocumento, else the sum of its DatiRiepilogo (taxable + tax);
    credit notes (TD04) with their amounts negative."""
    general = _find(body, 'DatiGenerali/DatiGeneraliDocumento')
    summaries = _findall(_find(body, 'DatiBeniServizi'), 'DatiRiepilogo')
    untaxed = sum((_amount(_text(s, 'ImponibileImporto')) or Decimal(0)
                   for s in summaries), Decimal(0))
    tax = sum((_amount(_text(s, 'Imposta')) or Decimal(0) for s in summaries), Decimal(0))
    total = _amount(_text(general, 'ImportoTotaleDocumento'))
    if total is None:
        total = untaxed + tax
    document_type = _text(general, 'TipoDocumento')
    lines = [_line(node) for node in _findall(_find(body, 'DatiBeniServizi'),
                                              'DettaglioLinee')]
    sign = 1
    if document_type in CREDIT_NOTE_TYPES and total > 0:
        sign = -1
    attachments = []
    for allegato in _findall(body, 'Allegati'):
        name = _text(allegato, 'NomeAttachment')
        fmt = _text(allegato, 'FormatoAttachment').upper()
        if fmt == 'PDF' or name.lower().endswith('.pdf'):
            attachments.append((name, _text(allegato, 'Attachment')))
    return {
        'type': document_type,
        'currency': _text(general, 'Divisa').upper(),
        'date': _text(general, 'Data'),
        'number': _text(general, 'Numero'),
        'description': '\n'.join(c.text.strip() for c in _findall(general, 'Causale')
                                 if c.text and c.text.strip()),
        'sign': sign,
        'amount_untaxed': sign * untaxed,
        'amount_tax': sign * tax,
        'amount_total': sign * total,
        'lines': lines,
        'pdfs': attachments,
    }


def read_invoice(tree):
    """(header, [body, ...]) of a FatturaElettronica (a lotto has several bodies)."""
    return read_header(tree), [read_body(body) for body in _bodies(tree)]


def decode_pdf(text):
    """Content of a PDF in Allegati (base64), or None when it is not a PDF."""
    try:
        content = base64.b64decode(re.sub(r'\s+', '', text or ''), validate=True)
    except (binascii.Error, ValueError):
        return None
    return content if content.startswith(b'%PDF') else None
