import base64
import hashlib
import threading
from contextlib import contextmanager

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

REPORT_STATES = [
    ('none', 'Not signed'),
    ('signed', 'Signed'),
    ('rejected', 'Rejected'),
]

# How the customer signed (issue 25): on the portal as its own user, or on the
# technician's device, confirmed by a one-time code mailed to the customer, or
# not confirmed (then confirmed or disputed later on the portal).
SIGN_MODES = [
    ('portal', 'Signed on the portal'),
    ('onsite_confirmed', 'Signed on site, confirmed by code'),
    ('onsite_unconfirmed', 'Signed on site, not confirmed'),
    ('onsite_disputed', 'Signed on site, disputed'),
]

# Written only by the sign-off code of this mixin, never through write().
SIGN_FIELDS = ('dsa_report_state', 'dsa_signed_by', 'dsa_signed_on', 'dsa_signed_ip',
               'dsa_signature', 'dsa_signed_sha256', 'dsa_signed_attachment_id',
               'dsa_reject_reason', 'dsa_rejected_on', 'dsa_sign_mode',
               'dsa_sign_technician_id', 'dsa_sign_sent_to', 'dsa_sign_reviewed_by',
               'dsa_sign_reviewed_on', 'dsa_sign_dispute_reason')

# Records whose sign-off fields the code of this mixin is writing right now, per
# thread. Trust is given by code (``_dsa_signoff_trusted``), never by a context
# key that an RPC caller could set.
_trusted = threading.local()


class DsaSignoffMixin(models.AbstractModel):
    """A document that the customer approves and signs, or rejects, on the portal.

    Once signed, the document is evidence: the signed PDF is archived as an
    attachment and its SHA-256 posted in the chatter; the sign-off fields can
    never be written through ``write`` (by anyone, before or after signing),
    the fields of ``_dsa_signoff_locked_fields`` are frozen and the document
    cannot be deleted.  The archived PDF and its chatter message are guarded in
    ``ir.attachment`` and ``mail.message``.

    Only a portal user of the document's customer (``_dsa_signoff_customer``)
    may sign or reject; the methods are private, so not callable over RPC.

    A model using it implements ``_dsa_signoff_customer``,
    ``_dsa_signoff_render_pdf`` and ``_dsa_signoff_check_ready``.
    """
    _name = 'dsa.signoff.mixin'
    _description = 'Customer sign-off'

    dsa_report_state = fields.Selection(
        REPORT_STATES, 'Report', default='none', required=True, readonly=True, copy=False,
        track_visibility='onchange')
    dsa_signed_by = fields.Char('Signed by', readonly=True, copy=False)
    dsa_signed_on = fields.Datetime('Signed on', readonly=True, copy=False)
    dsa_signed_ip = fields.Char('Signed from IP', readonly=True, copy=False)
    dsa_signature = fields.Binary('Signature', readonly=True, copy=False, attachment=True)
    dsa_signed_sha256 = fields.Char('SHA-256 of the signed report', readonly=True, copy=False)
    dsa_signed_attachment_id = fields.Many2one(
        'ir.attachment', 'Signed report', readonly=True, copy=False)
    dsa_reject_reason = fields.Text('Rejection reason', readonly=True, copy=False)
    dsa_rejected_on = fields.Datetime('Rejected on', readonly=True, copy=False)
    dsa_sign_mode = fields.Selection(
        SIGN_MODES, 'Signature', readonly=True, copy=False, track_visibility='onchange',
        help='How the customer signed: on the portal, or on the technician\'s device '
             'on site, confirmed by a one-time code sent to the customer or not '
             '(an unconfirmed signature is confirmed or disputed by the customer on '
             'the portal).')
    dsa_sign_technician_id = fields.Many2one(
        'res.users', 'Signed on site through', readonly=True, copy=False,
        help='The technician whose device the customer signed on.')
    dsa_sign_sent_to = fields.Char(
        'Confirmation code sent to', readonly=True, copy=False,
        help='The customer\'s address (masked) that received the one-time code.')
    dsa_sign_reviewed_by = fields.Many2one(
        'res.users', 'Confirmed or disputed by', readonly=True, copy=False)
    dsa_sign_reviewed_on = fields.Datetime('Confirmed or disputed on', readonly=True, copy=False)
    dsa_sign_dispute_reason = fields.Text('Dispute reason', readonly=True, copy=False)

    @api.model_cr
    def init(self):
        """Documents signed before the sign modes existed were signed on the
        portal, the only way then. SQL: a data fix run once by the upgrade,
        before the ORM or any user reads the new column."""
        super(DsaSignoffMixin, self).init()
        if self._abstract or not self._auto:
            return
        self.env.cr.execute(
            'UPDATE "%s" SET dsa_sign_mode = %%s WHERE dsa_signed_on IS NOT NULL '
            'AND dsa_sign_mode IS NULL' % self._table, ('portal',))

    # ------------------------------------------------------------------ hooks

    @api.multi
    def _dsa_signoff_customer(self):
        """The commercial partner whose portal users may sign this document."""
        raise NotImplementedError()

    @api.multi
    def _dsa_signoff_render_pdf(self, sign=None):
        """The PDF bytes of the document; ``sign`` renders the signature block."""
        raise NotImplementedError()

    @api.multi
    def _dsa_signoff_check_ready(self):
        """Raise UserError when the document cannot be signed or rejected yet."""
        return True

    @api.model
    def _dsa_signoff_locked_fields(self):
        """Fields frozen once the document is signed."""
        return ()

    # ------------------------------------------------------------------ trust

    @contextmanager
    def _dsa_signoff_trusted(self):
        keys = getattr(_trusted, 'keys', None)
        if keys is None:
            keys = _trusted.keys = set()
        added = {(self._name, rid) for rid in self.ids} - keys
        keys |= added
        try:
            yield
        finally:
            keys -= added

    @api.multi
    def _dsa_signoff_is_trusted(self):
        keys = getattr(_trusted, 'keys', None) or set()
        return all((self._name, rid) in keys for rid in self.ids)

    @api.multi
    def _dsa_signoff_write(self, vals):
        """The only way to write the sign-off fields."""
        with self._dsa_signoff_trusted():
            return self.sudo().write(vals)

    # ------------------------------------------------------------------ guards

    @api.model
    def create(self, vals):
        # a default_<field> key of the context would set the field as well
        values = dict(vals)
        for name in SIGN_FIELDS:
            values.setdefault(name, self.env.context.get('default_' + name))
        forged = [name for name in SIGN_FIELDS if values.get(name)
                  and not (name == 'dsa_report_state' and values[name] == 'none')]
        if forged:
            raise AccessError(_('The sign-off fields (%s) are set by the customer\'s '
                                'signature only.') % ', '.join(forged))
        return super(DsaSignoffMixin, self).create(vals)

    @api.multi
    def write(self, vals):
        if not self._dsa_signoff_is_trusted():
            forged = set(vals) & set(SIGN_FIELDS)
            if forged:
                raise AccessError(_('The sign-off fields (%s) are set by the customer\'s '
                                    'signature only.') % ', '.join(sorted(forged)))
            locked = set(vals) & set(self._dsa_signoff_locked_fields())
            signed = self.sudo().filtered('dsa_signed_on') if locked else self.browse()
            if signed:
                raise UserError(_(
                    '%s is signed by the customer: its planning, times and materials '
                    'can no longer change.') % signed[0].display_name)
        return super(DsaSignoffMixin, self).write(vals)

    @api.multi
    def unlink(self):
        signed = self.sudo().filtered('dsa_signed_on')
        if signed:
            raise UserError(_('%s is signed by the customer and cannot be deleted.')
                            % signed[0].display_name)
        return super(DsaSignoffMixin, self).unlink()

    @api.model
    def _dsa_signoff_protected_attachments(self, attachments):
        """The attachments among ``attachments`` that are evidence of a signature:
        the archived signed PDF and the stored signature image."""
        attachments = attachments.sudo()
        signed = self.sudo().search([('dsa_signed_attachment_id', 'in', attachments.ids)])
        protected = signed.mapped('dsa_signed_attachment_id')
        for att in attachments.filtered(lambda a: a.res_field in SIGN_FIELDS):
            if self.sudo().browse(att.res_id).exists().dsa_signed_on:
                protected |= att
        return protected

    # ------------------------------------------------------------------ sign-off

    @api.multi
    def _dsa_signoff_check_signer(self):
        """Only a portal user of the customer signs or rejects (AccessError)."""
        self.ensure_one()
        user = self.env.user
        customer = self.sudo()._dsa_signoff_customer()
        if (self.env.uid == SUPERUSER_ID or not user.has_group('base.group_portal')
                or not customer or user.commercial_partner_id != customer):
            raise AccessError(_('Only the customer can sign or reject %s.')
                              % self.sudo().display_name)
        self.check_access_rule('read')

    @api.model
    def _dsa_signoff_decode_png(self, signature):
        if isinstance(signature, str) and signature.startswith('data:'):
            signature = signature.split(',', 1)[1]
        try:
            raw = base64.b64decode(signature, validate=True)
        except (ValueError, TypeError):
            raise UserError(_('The signature is not a valid image.'))
        if not raw.startswith(b'\x89PNG'):
            raise UserError(_('The signature must be a PNG image.'))
        return raw

    @api.multi
    def _dsa_sign(self, signer, signature, ip=None):
        """Customer approval on the portal: store signer, time, IP and the
        signature (PNG), archive the signed PDF with its SHA-256 in the
        chatter, lock the document. Runs as the signing portal user; writes as
        superuser once checked."""
        self.ensure_one()
        self._dsa_signoff_check_signer()
        author = self.env.user.partner_id

        def body(signer, digest):
            return _('Report approved and signed by %s from %s. SHA-256 of the signed '
                     'PDF: %s') % (html_escape(signer), html_escape(ip or _('unknown address')),
                                   digest)
        return self._dsa_signoff_record(signer, signature, ip, author, {'mode': 'portal'}, body)

    @api.multi
    def _dsa_signoff_record(self, signer, signature, ip, author, sign_extra, body):
        """The one place that signs, whoever the signer was checked to be (the
        portal user by ``_dsa_sign``, the assigned technician by the on-site
        sign-off): validate, render the PDF with the signature block, archive
        it, hash it, write the sign-off fields, post the note (``body(signer,
        digest)``, HTML) with the PDF. ``sign_extra`` adds to the signature
        block and the fields: ``mode`` (required), ``technician`` (res.users)
        and ``sent_to`` (the masked address of the confirmation code).
        Private: the callers check who may sign; nothing here trusts a
        context key."""
        self.ensure_one()
        signer = (signer or '').strip()
        if not signer:
            raise UserError(_('Give the name of the person who signs.'))
        if not signature:
            raise UserError(_('Draw the signature before approving.'))
        raw = self._dsa_signoff_decode_png(signature)
        doc = self.sudo()
        doc._dsa_signoff_check_ready()
        doc._dsa_signoff_check_to_sign()
        # render first: nothing is written if wkhtmltopdf fails
        technician = sign_extra.get('technician') or self.env['res.users']
        sign = {
            'signer': signer,
            'date': fields.Datetime.now(),
            'ip': ip or False,
            'signature': base64.b64encode(raw),
            'mode': sign_extra['mode'],
            'technician': technician.sudo().name or False,
            'sent_to': sign_extra.get('sent_to') or False,
        }
        pdf = doc._dsa_signoff_render_pdf(sign=sign)
        digest = hashlib.sha256(pdf).hexdigest()
        attachment = self.env['ir.attachment'].sudo().create({
            'name': _('Signed report %s.pdf') % doc.display_name,
            'datas_fname': 'signed_report_%s.pdf' % doc.id,
            'datas': base64.b64encode(pdf),
            'mimetype': 'application/pdf',
            'res_model': doc._name,
            'res_id': doc.id,
        })
        doc._dsa_signoff_write({
            'dsa_signed_by': signer,
            'dsa_signed_on': sign['date'],
            'dsa_signed_ip': sign['ip'],
            'dsa_signature': sign['signature'],
            'dsa_report_state': 'signed',
            'dsa_reject_reason': False,
            'dsa_rejected_on': False,
            'dsa_signed_sha256': digest,
            'dsa_signed_attachment_id': attachment.id,
            'dsa_sign_mode': sign['mode'],
            'dsa_sign_technician_id': technician.id or False,
            'dsa_sign_sent_to': sign['sent_to'],
        })
        doc.message_post(
            author_id=author.id,
            body=body(signer, digest),
            attachment_ids=[attachment.id],
            subtype='mail.mt_note')
        return attachment

    @api.multi
    def _dsa_signoff_check_to_sign(self):
        """Sign or reject only a report waiting for it ("to sign"): a signed
        one is final, a rejected one waits for the staff to reopen it, so
        that it is signed as corrected and rejected once per version (the
        customer cannot fill the chatter with rejections)."""
        self.ensure_one()
        if self.dsa_signed_on or self.dsa_report_state == 'signed':
            raise UserError(_('%s is already signed.') % self.display_name)
        if self.dsa_report_state == 'rejected':
            raise UserError(_('%s was rejected: it can be signed or rejected again once '
                              'our staff have reopened and corrected it.')
                            % self.display_name)

    @api.multi
    def _dsa_reject(self, reason, signer=None):
        """Customer rejection with a reason; runs as the portal user."""
        self.ensure_one()
        self._dsa_signoff_check_signer()
        author = self.env.user.partner_id
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_('Give the reason why the report is rejected.'))
        doc = self.sudo()
        doc._dsa_signoff_check_ready()
        doc._dsa_signoff_check_to_sign()
        doc._dsa_signoff_write({
            'dsa_report_state': 'rejected',
            'dsa_reject_reason': reason,
            'dsa_rejected_on': fields.Datetime.now(),
        })
        doc.message_post(
            author_id=author.id,
            body=_('Report rejected by %s: %s') % (
                html_escape((signer or '').strip() or author.name),
                html_escape(reason).replace('\n', '<br/>')),
            subtype='mail.mt_comment')
        return True

    @api.multi
    def _dsa_signoff_reset(self):
        """Back to "not signed" (the document was reopened after a rejection)."""
        signed = self.sudo().filtered('dsa_signed_on')
        if signed:
            raise UserError(_('%s is signed by the customer and cannot be reopened.')
                            % signed[0].display_name)
        return self._dsa_signoff_write({'dsa_report_state': 'none'})
