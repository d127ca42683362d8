"""Builds FatturaPA 1.2 (FPR12) files for the tests and the benchmark, with lxml:
valid against the tax authority's XSD unless told otherwise, plus CAdES p7m
envelopes (cryptography's PKCS#7 signer, DER and base64) and zips as the portal
hands them out."""
import datetime
import io
import zipfile
from decimal import Decimal

from lxml import etree

NS = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2'
DS = 'http://www.w3.org/2000/09/xmldsig#'

COMPANY = {'vat': 'IT00024681009', 'name': 'DSA Impianti S.r.l.', 'street': 'Via dell\'Industria',
           'number': '12', 'zip': '40138', 'city': 'Bologna', 'province': 'BO'}


def _sub(parent, tag, text=None):
    node = etree.SubElement(parent, tag)
    if text is not None:
        node.text = text
    return node


def money(value, places=2):
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places)))


def _party(parent, tag, party):
    node = _sub(parent, tag)
    data = _sub(node, 'DatiAnagrafici')
    if party.get('vat'):
        vat = _sub(data, 'IdFiscaleIVA')
        _sub(vat, 'IdPaese', party['vat'][:2])
        _sub(vat, 'IdCodice', party['vat'][2:])
    if party.get('fiscal_code'):
        _sub(data, 'CodiceFiscale', party['fiscal_code'])
    registry = _sub(data, 'Anagrafica')
    if party.get('name'):
        _sub(registry, 'Denominazione', party['name'])
    else:
        _sub(registry, 'Nome', party['first_name'])
        _sub(registry, 'Cognome', party['last_name'])
    if tag == 'CedentePrestatore':
        _sub(data, 'RegimeFiscale', 'RF01')
    if party.get('skip_address'):
        return node
    address = _sub(node, 'Sede')
    _sub(address, 'Indirizzo', party.get('street', 'Via Roma'))
    if party.get('number'):
        _sub(address, 'NumeroCivico', party['number'])
    _sub(address, 'CAP', party.get('zip', '00100'))
    _sub(address, 'Comune', party.get('city', 'Roma'))
    if party.get('province'):
        _sub(address, 'Provincia', party['province'])
    _sub(address, 'Nazione', party.get('country', 'IT'))
    if tag == 'CedentePrestatore' and party.get('email'):
        contacts = _sub(node, 'Contatti')
        _sub(contacts, 'Email', party['email'])
    return node


def line(description, quantity, price, rate='22.00', code=None, discount=None, nature=None):
    """One DettaglioLinee: description, quantity, unit price, VAT rate; discount in %."""
    return {'description': description, 'quantity': Decimal(str(quantity)),
            'price': Decimal(str(price)), 'rate': rate, 'code': code,
            'discount': Decimal(str(discount)) if discount else None, 'nature': nature}


def body(number, date='2025-03-14', lines=(), kind='TD01', total=True, pdf=None,
         causale=None):
    return {'number': number, 'date': date, 'lines': list(lines), 'kind': kind,
            'total': total, 'pdf': pdf, 'causale': causale}


def line_total(item):
    value = item['quantity'] * item['price']
    if item['discount']:
        value = value * (Decimal(100) - item['discount']) / Decimal(100)
    return value.quantize(Decimal('0.01'))


def invoice_tree(seller, buyer, bodies, codice_destinatario='0000000', pec=None,
                 progressive='00001', drop=None):
    """An FPR12 FatturaElettronica; drop: a local name of the header left out (to
    fail the schema)."""
    root = etree.Element('{%s}FatturaElettronica' % NS, nsmap={'p': NS, 'ds': DS},
                         versione='FPR12')
    header = _sub(root, 'FatturaElettronicaHeader')
    transmission = _sub(header, 'DatiTrasmissione')
    sender = _sub(transmission, 'IdTrasmittente')
    _sub(sender, 'IdPaese', 'IT')
    _sub(sender, 'IdCodice', seller['vat'][2:])
    _sub(transmission, 'ProgressivoInvio', progressive)
    _sub(transmission, 'FormatoTrasmissione', 'FPR12')
    _sub(transmission, 'CodiceDestinatario', codice_destinatario)
    if pec:
        _sub(transmission, 'PECDestinatario', pec)
    if drop != 'CedentePrestatore':
        _party(header, 'CedentePrestatore', seller)
    _party(header, 'CessionarioCommittente', buyer)
    for item in bodies:
        node = _sub(root, 'FatturaElettronicaBody')
        general = _sub(_sub(node, 'DatiGenerali'), 'DatiGeneraliDocumento')
        _sub(general, 'TipoDocumento', item['kind'])
        _sub(general, 'Divisa', 'EUR')
        _sub(general, 'Data', item['date'])
        _sub(general, 'Numero', item['number'])
        summary = {}
        for data in item['lines']:
            key = (data['rate'], data['nature'])
            summary[key] = summary.get(key, Decimal(0)) + line_total(data)
        untaxed = sum(summary.values(), Decimal(0))
        tax = sum((amount * Decimal(rate) / 100).quantize(Decimal('0.01'))
                  for (rate, _nature), amount in summary.items())
        if item['total']:
            _sub(general, 'ImportoTotaleDocumento', money(untaxed + tax))
        if item['causale']:
            _sub(general, 'Causale', item['causale'])
        goods = _sub(node, 'DatiBeniServizi')
        for number, data in enumerate(item['lines'], 1):
            detail = _sub(goods, 'DettaglioLinee')
            _sub(detail, 'NumeroLinea', str(number))
            if data['code']:
                code = _sub(detail, 'CodiceArticolo')
                _sub(code, 'CodiceTipo', 'INTERNO')
                _sub(code, 'CodiceValore', data['code'])
            _sub(detail, 'Descrizione', data['description'])
            _sub(detail, 'Quantita', money(data['quantity']))
            _sub(detail, 'PrezzoUnitario', money(data['price']))
            if data['discount']:
                discount = _sub(detail, 'ScontoMaggiorazione')
                _sub(discount, 'Tipo', 'SC')
                _sub(discount, 'Percentuale', money(data['discount']))
            _sub(detail, 'PrezzoTotale', money(line_total(data)))
            _sub(detail, 'AliquotaIVA', data['rate'])
            if data['nature']:
                _sub(detail, 'Natura', data['nature'])
        for (rate, nature), amount in summary.items():
            recap = _sub(goods, 'DatiRiepilogo')
            _sub(recap, 'AliquotaIVA', rate)
            if nature:
                _sub(recap, 'Natura', nature)
            _sub(recap, 'ImponibileImporto', money(amount))
            _sub(recap, 'Imposta', money(amount * Decimal(rate) / 100))
            _sub(recap, 'EsigibilitaIVA', 'I')
        if item['pdf']:
            attachment = _sub(node, 'Allegati')
            _sub(attachment, 'NomeAttachment', item['pdf'][0])
            _sub(attachment, 'FormatoAttachment', 'PDF')
            import base64
            _sub(attachment, 'Attachment', base64.b64encode(item['pdf'][1]).decode())
    return root


def invoice_xml(*args, **kwargs):
    return etree.tostring(invoice_tree(*args, **kwargs), xml_declaration=True,
                          encoding='UTF-8')


def receipt_xml(file_name='IT00024681009_00001.xml'):
    """An SDI delivery receipt (RicevutaConsegna), which an import skips."""
    root = etree.Element('{http://www.fatturapa.gov.it/sdi/messaggi/v1.0}RicevutaConsegna',
                         nsmap={'ns3': 'http://www.fatturapa.gov.it/sdi/messaggi/v1.0'},
                         versione='1.0')
    _sub(root, 'IdentificativoSdI', '111')
    _sub(root, 'NomeFile', file_name)
    _sub(root, 'DataOraRicezione', '2025-03-14T10:00:00.000+01:00')
    return etree.tostring(root, xml_declaration=True, encoding='UTF-8')


def sign_p7m(content, base64_encoded=False):
    """A CAdES-like attached signature (PKCS#7 SignedData with the content inside),
    by a throw-away self-signed certificate: DER, or the same in base64."""
    import base64
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs7
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'Firma di prova')])
    now = datetime.datetime.utcnow()
    cert = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(
        key.public_key()).serial_number(1).not_valid_before(now).not_valid_after(
        now + datetime.timedelta(days=1)).sign(key, hashes.SHA256())
    der = pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(
        cert, key, hashes.SHA256()).sign(serialization.Encoding.DER, [])
    return base64.encodebytes(der) if base64_encoded else der


def zip_of(files):
    """A zip archive of [(name, content)]."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()
