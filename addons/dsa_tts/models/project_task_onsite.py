from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

from .dsa_signoff_code import mask_email

try:
    from odoo.http import request as http_request
except ImportError:  # pragma: no cover
    http_request = None


class ProjectTask(models.Model):
    """The customer signs the report on the technician's device, on site
    (issue 25). The technician never signs for the customer alone: the
    signature is confirmed by a one-time code mailed to the customer
    (``dsa.signoff.code``), or stays "not confirmed" until the customer
    confirms or disputes it on the portal. The signing itself (PDF, SHA-256,
    lock, note) is the sign-off mixin's one method, as on the portal."""
    _inherit = 'project.task'

    # ------------------------------------------------------------------ checks

    @api.multi
    def _dsa_onsite_is_assigned(self, user):
        """Whether ``user`` is the intervention's technician or in its team."""
        self.ensure_one()
        task = self.sudo()
        return bool(task.dsa_is_intervention and (
            task.user_id == user or user in task.dsa_team_id.member_ids))

    @api.multi
    def _dsa_onsite_check_technician(self):
        """AccessError unless the current user is a technician assigned to
        the intervention (the field app's rule, see field-contract)."""
        self.ensure_one()
        user = self.env.user
        if (self.env.uid == SUPERUSER_ID or not user.has_group('dsa_tts.group_technician')
                or not self._dsa_onsite_is_assigned(user)):
            raise AccessError(_('Intervention %s is not assigned to you: you cannot collect '
                                'its signature.') % self.sudo().name)
        self.check_access_rule('read')

    @api.multi
    def _dsa_onsite_check_signable(self):
        """An assigned technician, a done intervention, a report neither
        signed nor rejected."""
        self._dsa_onsite_check_technician()
        task = self.sudo()
        task._dsa_signoff_check_ready()
        task._dsa_signoff_check_to_sign()

    @api.model
    def _dsa_onsite_is_staff(self, partner):
        """Whether ``partner`` is ours rather than the customer's: a partner of
        an internal user (a technician's own address, which he can change in
        his preferences) or of one of our companies."""
        partner = partner.sudo().with_context(active_test=False)
        if partner.user_ids.filtered(lambda u: not u.share):
            return True
        return bool(self.env['res.company'].sudo().search_count(
            [('partner_id', 'in', partner.ids)]))

    @api.multi
    def _dsa_onsite_recipient(self):
        """Who receives the code and the unconfirmed report: the intervention's
        contact when it belongs to the customer and has an address, else the
        customer itself; never one of our own people (a technician may edit
        plants and interventions, not the customer's partners)."""
        self.ensure_one()
        task = self.sudo()
        customer = task._dsa_signoff_customer()
        Partner = self.env['res.partner']
        if not customer or self._dsa_onsite_is_staff(customer):
            return Partner
        contact = task.partner_id
        if (contact and contact.commercial_partner_id == customer and contact.email
                and not self._dsa_onsite_is_staff(contact)):
            return contact
        return customer if customer.email else Partner

    # ------------------------------------------------------------------ signing

    @api.model
    def _dsa_onsite_ip(self):
        """The address of the device that sent the signature, when it came
        over HTTP."""
        try:
            return http_request and http_request.httprequest.remote_addr or False
        except RuntimeError:  # no request bound
            return False

    @api.multi
    def _dsa_sign_onsite(self, signer, signature, confirmation=None):
        """Sign the report as drawn on the assigned technician's device, in
        the technician's environment. ``confirmation`` is the
        ``dsa.signoff.code`` whose code the customer has just given (mode
        ``onsite_confirmed``); without it the signature is not confirmed and
        the customer gets the signed report to confirm or dispute it."""
        self.ensure_one()
        self._dsa_onsite_check_signable()
        technician = self.env.user
        extra = {'mode': 'onsite_unconfirmed', 'technician': technician}
        if confirmation is not None:
            confirmation = confirmation.sudo()
            if (confirmation.task_id != self or confirmation.state != 'used'
                    or confirmation.technician_id != technician):
                raise AccessError(_('This confirmation code does not confirm intervention '
                                    '%s.') % self.sudo().name)
            extra.update(mode='onsite_confirmed', sent_to=mask_email(confirmation.email))

        def body(signer, digest):
            values = {'signer': html_escape(signer), 'tech': html_escape(technician.name),
                      'to': html_escape(extra.get('sent_to') or ''), 'sha': digest}
            if extra['mode'] == 'onsite_confirmed':
                return _('Report signed on site by %(signer)s on the device of technician '
                         '%(tech)s, confirmed by the customer with the one-time code sent to '
                         '%(to)s. SHA-256 of the signed PDF: %(sha)s') % values
            return _('Report signed on site by %(signer)s on the device of technician '
                     '%(tech)s, NOT confirmed by the customer (no code): the customer is '
                     'asked to confirm or dispute it on the portal. SHA-256 of the signed '
                     'PDF: %(sha)s') % values
        attachment = self._dsa_signoff_record(
            signer, signature, self._dsa_onsite_ip(), technician.partner_id, extra, body)
        # codes asked before are dead once the report is signed
        self.env['dsa.signoff.code'].sudo().search([
            ('task_id', '=', self.id), ('state', '=', 'pending')]).write({'state': 'replaced'})
        if extra['mode'] == 'onsite_unconfirmed':
            self._dsa_onsite_send_unconfirmed(attachment)
        return attachment

    @api.multi
    def _dsa_field_op_sign(self, data, op):
        """The field app's queued ``sign`` op (``{"signer", "signature"}``),
        made offline on the device: signed on site, not confirmed. Called by
        the sync as the technician."""
        self.ensure_one()
        data = data if isinstance(data, dict) else {}
        self._dsa_sign_onsite(data.get('signer'), data.get('signature'))
        task = self.sudo()
        return {
            'report_state': task.dsa_report_state,
            'sign_mode': task.dsa_sign_mode,
            'signed_by': task.dsa_signed_by,
            'signed_on': task.dsa_signed_on,
            'sha256': task.dsa_signed_sha256,
        }

    @api.multi
    def _dsa_onsite_send_unconfirmed(self, attachment):
        """Mail the customer the signed report (PDF attached) and the portal
        link where its portal user confirms or disputes the signature; a note
        says so, or says that there is no address."""
        self.ensure_one()
        task = self.sudo()
        contact = task._dsa_onsite_recipient()
        if not contact:
            task.message_post(body=_(
                'The customer has no email address: the report signed on site was not '
                'sent. A portal user of the customer can confirm or dispute it on the '
                'portal.'), subtype='mail.mt_note')
            return False
        lang = contact.lang or task.company_id.partner_id.lang or 'en_US'
        template = self.env.ref('dsa_tts.mail_template_dsa_intervention_onsite_unconfirmed')
        return template.sudo().with_context(lang=lang).send_mail(task.id, email_values={
            'recipient_ids': [(6, 0, [contact.id])],
            'attachment_ids': [attachment.id],
            'author_id': task.company_id.partner_id.id,
        })

    # ------------------------------------------------------------------ portal review

    @api.multi
    def _dsa_onsite_check_review(self):
        """The customer's portal user reviews a signature not confirmed yet."""
        self.ensure_one()
        self._dsa_signoff_check_signer()
        if self.sudo().dsa_sign_mode != 'onsite_unconfirmed':
            raise UserError(_('The signature of %s is not waiting for your confirmation.')
                            % self.sudo().name)

    @api.multi
    def _dsa_onsite_review(self, mode, **values):
        """Record the customer's review (``mode``) once: the row is locked
        first, so that a confirmation and a dispute sent at the same time by two
        users of the customer do not both pass the check (the second waits,
        then finds the signature reviewed). Raw SQL: the ORM has no row locks.
        The task as superuser, for the caller's note."""
        self.ensure_one()
        self.env.cr.execute('SELECT id FROM project_task WHERE id = %s FOR UPDATE',
                            (self.id,))
        self.sudo().invalidate_cache(['dsa_sign_mode'], self.ids)
        self._dsa_onsite_check_review()
        task = self.sudo()
        task._dsa_signoff_write(dict(
            values, dsa_sign_mode=mode, dsa_sign_reviewed_by=self.env.uid,
            dsa_sign_reviewed_on=fields.Datetime.now()))
        return task

    @api.multi
    def _dsa_onsite_confirm(self):
        """The customer confirms on the portal the signature collected on site.
        Runs as the portal user; the report, its PDF and hash do not change."""
        user = self.env.user
        task = self._dsa_onsite_review('onsite_confirmed')
        task.message_post(
            author_id=user.partner_id.id,
            body=_('The signature collected on site (%(signer)s) was confirmed on the portal '
                   'by %(user)s.') % {'signer': html_escape(task.dsa_signed_by),
                                      'user': html_escape(user.name)},
            subtype='mail.mt_note')
        return True

    @api.multi
    def _dsa_onsite_dispute(self, reason):
        """The customer disputes on the portal the signature collected on site,
        with a reason: a comment in the chatter and an activity for the
        intervention's responsible (else the service managers). Runs as the
        portal user; the report, its PDF and hash do not change."""
        reason = (reason or '').strip()
        if not reason:
            self._dsa_onsite_check_review()
            raise UserError(_('Give the reason why you dispute the signature.'))
        user = self.env.user
        task = self._dsa_onsite_review('onsite_disputed', dsa_sign_dispute_reason=reason)
        task.message_post(
            author_id=user.partner_id.id,
            body=_('The signature collected on site (%(signer)s) was disputed on the portal '
                   'by %(user)s: %(reason)s') % {
                       'signer': html_escape(task.dsa_signed_by),
                       'user': html_escape(user.name),
                       'reason': html_escape(reason).replace('\n', '<br/>')},
            subtype='mail.mt_comment')
        task._dsa_onsite_dispute_activities(reason)
        return True

    @api.multi
    def _dsa_onsite_dispute_activities(self, reason):
        """A to-do for the intervention's responsible, or for each service
        manager when it has none."""
        self.ensure_one()
        users = self.user_id.filtered(lambda u: u.active and not u.share)
        if not users:
            users = self.env.ref('dsa_tts.group_manager').users.filtered(
                lambda u: u.active and not u.share and u.id != SUPERUSER_ID)
        activity_type = self.env.ref('mail.mail_activity_data_todo', raise_if_not_found=False)
        model = self.env['ir.model'].sudo()._get(self._name)
        Activity = self.env['mail.activity'].sudo()
        for user in users:
            Activity.create({
                'res_model_id': model.id,
                'res_id': self.id,
                'activity_type_id': activity_type.id if activity_type else False,
                'summary': _('Signature disputed by the customer'),
                'note': html_escape(reason).replace('\n', '<br/>'),
                'user_id': user.id,
                'date_deadline': fields.Date.context_today(self),
            })
