import base64
import hashlib
import hmac
import math
import secrets
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
# (requests, window): per intervention, per technician
TASK_REQUESTS = (3, timedelta(minutes=15))
TECHNICIAN_REQUESTS = (10, timedelta(hours=1))
# wrong codes per technician, across codes
TECHNICIAN_FAILURES = (10, timedelta(hours=1))


def mask_email(email):
    """``giulia@rossi.example.com`` -> ``g***@rossi.example.com``: enough for
    the technician and the customer to see where the code went, not the
    address itself."""
    email = (email or '').strip()
    local, at, domain = email.rpartition('@')
    if not at:
        return '***'
    return '%s***@%s' % (local[:1], domain)


class DsaSignoffCode(models.Model):
    """A one-time code that confirms a signature drawn on the technician's
    device (issue 25): the customer's consent, not the technician's word.

    The code goes by email to the customer's contact; only its HMAC-SHA256
    (keyed with the database secret) is stored, with the pending signature.
    It expires after 10 minutes, is used once, dies after 5 wrong tries or
    when a new code is asked for the same intervention. Requests and wrong
    codes are throttled per intervention and per technician.

    Nobody but the settings administrators reads this model (access rights):
    the technician works through ``_dsa_request`` and ``_dsa_confirm``,
    which check him and then work as superuser."""
    _name = 'dsa.signoff.code'
    _description = 'On-site signature confirmation code'
    _order = 'id desc'

    task_id = fields.Many2one('project.task', 'Intervention', required=True, index=True,
                              ondelete='cascade', readonly=True)
    technician_id = fields.Many2one('res.users', required=True, index=True,
                                    ondelete='cascade', readonly=True)
    signer = fields.Char(required=True, readonly=True)
    signature = fields.Binary(attachment=False, readonly=True)
    partner_id = fields.Many2one('res.partner', 'Sent to', readonly=True, ondelete='set null')
    email = fields.Char('Email address', readonly=True)
    salt = fields.Char(readonly=True)
    code_hash = fields.Char('HMAC-SHA256 of the code', readonly=True)
    expires_at = fields.Datetime('Expires at', required=True, readonly=True)
    attempts = fields.Integer('Wrong tries', readonly=True)
    state = fields.Selection([
        ('pending', 'Waiting for the code'),
        ('used', 'Used'),
        ('replaced', 'Replaced by a newer code'),
        ('blocked', 'Too many wrong tries'),
    ], 'Status', default='pending', required=True, readonly=True)
    used_on = fields.Datetime('Used on', readonly=True)

    # ------------------------------------------------------------------ helpers

    @api.model
    def _dsa_hash(self, salt, code):
        """HMAC-SHA256 of the code, keyed with the database secret: the
        stored value says nothing of the code without the key."""
        key = self.env['ir.config_parameter'].sudo().get_param('database.secret') or ''
        return hmac.new(key.encode(), ('%s:%s' % (salt, code)).encode(),
                        hashlib.sha256).hexdigest()

    @api.model
    def _dsa_check_technician(self):
        """Only a technician confirms a signature on site (AccessError)."""
        if not self.env.user.has_group('dsa_tts.group_technician'):
            raise AccessError(_('Only technicians can collect a signature on site.'))

    @api.model
    def _dsa_wait_minutes(self, oldest, window):
        """Whole minutes until ``oldest`` (a datetime string) leaves the window."""
        end = fields.Datetime.from_string(oldest) + window
        seconds = (end - fields.Datetime.from_string(fields.Datetime.now())).total_seconds()
        return max(1, int(math.ceil(seconds / 60.0)))

    @api.model
    def _dsa_since(self, window):
        return fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - window)

    @api.model
    def _dsa_throttle_requests(self, task, technician):
        """UserError naming the wait when the intervention or the technician
        asked for too many codes lately."""
        Code = self.sudo()
        for domain, (limit, window), message in (
                ([('task_id', '=', task.id)], TASK_REQUESTS,
                 _('Too many codes were asked for intervention %(task)s: wait %(minutes)d '
                   'minutes, or sign without the code (not confirmed).')),
                ([('technician_id', '=', technician.id)], TECHNICIAN_REQUESTS,
                 _('You asked for too many codes: wait %(minutes)d minutes, or sign without '
                   'the code (not confirmed).'))):
            recent = Code.search(domain + [('create_date', '>=', self._dsa_since(window))],
                                 order='create_date asc')
            if len(recent) >= limit:
                raise UserError(message % {
                    'task': task.sudo().name,
                    'minutes': self._dsa_wait_minutes(
                        recent[len(recent) - limit].create_date, window)})

    @api.model
    def _dsa_failure_block(self, technician):
        """The refusal when the technician typed too many wrong codes in the
        last hour, across codes, or False. A code lives 10 minutes, so its
        wrong tries are all within 10 minutes of its creation: counting the
        codes created in the last hour and 10 minutes never misses one (it may
        count a try up to 10 minutes older: the safe side)."""
        limit, window = TECHNICIAN_FAILURES
        codes = self.sudo().search([
            ('technician_id', '=', technician.id), ('attempts', '>', 0),
            ('create_date', '>=', self._dsa_since(window + CODE_TTL))],
            order='create_date asc')
        if sum(codes.mapped('attempts')) < limit:
            return False
        return _('Too many wrong codes: wait %d minutes before trying again.') % \
            self._dsa_wait_minutes(codes[0].create_date, window + CODE_TTL)

    # ------------------------------------------------------------------ request

    @api.model
    def _dsa_request(self, task, signer, signature):
        """Send a new code for ``task`` (a project.task in the technician's
        environment) to the customer's contact, keep the drawn signature with
        the code's hash, kill the codes asked before for the intervention.
        Returns the new record (sudo)."""
        self._dsa_check_technician()
        task = task.sudo(self.env.uid)
        task._dsa_onsite_check_signable()
        signer = (signer or '').strip()
        if not signer:
            raise UserError(_('Give the name of the person who signs.'))
        if not signature:
            raise UserError(_('Draw the signature before approving.'))
        raw = task._dsa_signoff_decode_png(signature)
        recipient = task.sudo()._dsa_onsite_recipient()
        if not recipient:
            raise UserError(_(
                'The customer of intervention %s has no email address for the code: sign '
                'without the code (not confirmed); the customer will confirm on the portal.')
                % task.name)
        technician = self.env.user
        block = self._dsa_failure_block(technician)
        if block:
            raise UserError(block)
        self._dsa_throttle_requests(task, technician)
        Code = self.sudo()
        Code.search([('task_id', '=', task.id), ('state', '=', 'pending')]).write(
            {'state': 'replaced'})
        code = '%06d' % secrets.randbelow(1000000)
        salt = secrets.token_hex(16)
        record = Code.create({
            'task_id': task.id,
            'technician_id': technician.id,
            'signer': signer,
            'signature': base64.b64encode(raw),
            'partner_id': recipient.id,
            'email': recipient.email,
            'salt': salt,
            'code_hash': self._dsa_hash(salt, code),
            'expires_at': fields.Datetime.to_string(
                fields.Datetime.from_string(fields.Datetime.now()) + CODE_TTL),
        })
        record._dsa_send(code)
        return record

    @api.multi
    def _dsa_send(self, code):
        """Mail the code to the recipient only: a mail.mail tied to no record
        (no chatter, no follower, no notification), authored by the company,
        in the contact's language. Its body holds the code once, as
        ``<strong>123456</strong>``. Rendered and queued as superuser: the
        technician reads neither the template's output nor the queue."""
        self.ensure_one()
        record = self.sudo()
        partner = record.partner_id
        company = record.task_id.company_id or self.env.user.company_id
        lang = partner.lang or company.partner_id.lang or 'en_US'
        template = self.env.ref('dsa_tts.mail_template_dsa_signoff_code').sudo()
        values = template.with_context(lang=lang, dsa_code=code).generate_email(
            record.id, fields=['subject', 'body_html'])
        self.env['mail.mail'].sudo().create({
            'subject': values.get('subject'),
            'body_html': values.get('body_html'),
            'email_to': partner.email,
            'email_from': company.partner_id.email_formatted or company.email or False,
            'author_id': company.partner_id.id,
            'model': False,
            'res_id': False,
            'message_type': 'email',
            'auto_delete': True,
        })

    # ------------------------------------------------------------------ confirm

    @api.model
    def _dsa_confirm(self, request_id, code):
        """The technician types the code the customer received. Right code:
        the report is signed on site, confirmed. Anything else answers
        ``{"ok": False, "message": ...}`` without raising, so that the wrong
        try is counted and kept (the request commits)."""
        self._dsa_check_technician()
        technician = self.env.user
        try:
            record = self.sudo().browse(int(request_id)).exists()
        except (TypeError, ValueError):
            record = self.sudo().browse()
        if not record or record.technician_id != technician:
            # never compared: a request of someone else tells nothing
            return self._dsa_refuse(_('This code request does not exist or is not yours: '
                                      'ask for a new code.'))
        refusal = self._dsa_failure_block(technician) or record._dsa_state_refusal()
        if refusal:
            return self._dsa_refuse(refusal)
        # still assigned, still to sign (AccessError, UserError by name)
        task = record.task_id.sudo(technician.id)
        task._dsa_onsite_check_signable()
        if isinstance(code, int) and not isinstance(code, bool) and 0 <= code < 1000000:
            code = '%06d' % code
        code = ''.join(code.split()) if isinstance(code, str) else ''
        if not (len(code) == 6 and code.isdigit()
                and hmac.compare_digest(self._dsa_hash(record.salt, code), record.code_hash)):
            return record._dsa_wrong_code()
        record.write({'state': 'used', 'used_on': fields.Datetime.now()})
        task._dsa_sign_onsite(record.signer, record.signature, confirmation=record)
        return {'ok': True}

    @api.model
    def _dsa_refuse(self, message):
        """The answer to a confirmation that did not sign (no exception: what
        was counted is kept)."""
        return {'ok': False, 'message': message}

    @api.multi
    def _dsa_state_refusal(self):
        """Why this code can no longer confirm, or False."""
        self.ensure_one()
        if self.state == 'used':
            return _('This code was already used.')
        if self.state == 'replaced':
            return _('A newer code was sent for this intervention: type the last one '
                     'received.')
        if self.state == 'blocked':
            return _('Too many wrong tries for this code: ask for a new one.')
        if self.expires_at < fields.Datetime.now():
            return _('The code has expired: ask for a new one.')
        return False

    @api.multi
    def _dsa_wrong_code(self):
        """Count a wrong try; the fifth kills the code."""
        self.ensure_one()
        attempts = self.attempts + 1
        self.sudo().write({'attempts': attempts,
                           'state': 'blocked' if attempts >= MAX_ATTEMPTS else self.state})
        left = MAX_ATTEMPTS - attempts
        if left <= 0:
            return self._dsa_refuse(_('Wrong code. Too many wrong tries for this code: ask '
                                      'for a new one.'))
        return self._dsa_refuse(_('Wrong code: %d tries left.') % left)
