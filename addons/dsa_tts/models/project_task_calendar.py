from odoo import _, api, models


class ProjectTask(models.Model):
    """The calendar event of a planned intervention and its emails (TTS-5)."""
    _inherit = 'project.task'

    @api.multi
    def _dsa_technician_partners(self):
        return self.mapped('dsa_team_id.member_ids.partner_id')

    @api.multi
    def _dsa_customer_contact(self):
        """The customer's person to invite and inform."""
        self.ensure_one()
        plant = self.dsa_plant_id.sudo()
        return self.partner_id or plant.maintenance_contact_id or plant.partner_id

    @api.multi
    def _prepare_dsa_event_vals(self):
        self.ensure_one()
        partners = self._dsa_technician_partners() | self._dsa_customer_contact()
        team = self.dsa_team_id
        plant = self.dsa_plant_id.sudo()
        location = ', '.join(p for p in (plant.street, plant.zip, plant.city) if p)
        return {
            'name': _('Intervention: %s') % self.name,
            'start': self.dsa_planned_start,
            'stop': self.dsa_planned_end,
            'allday': False,
            'partner_ids': [(6, 0, partners.ids)],
            'user_id': (team.leader_id or team.member_ids[:1]).id,
            'location': location or False,
            'description': self.dsa_ticket_id.description or False,
            'res_model_id': self.env['ir.model']._get(self._name).id,
            'res_id': self.id,
            'privacy': 'public',
            'show_as': 'busy',
        }

    @api.multi
    def _dsa_sync_event(self):
        """Create or update the calendar event of the intervention.

        The calendar's own invitations are switched off: the intervention sends
        its own (translated) emails, so nobody is told twice."""
        Event = self.env['calendar.event'].sudo().with_context(
            no_mail_to_attendees=True, dont_notify=True, mail_create_nosubscribe=True)
        for task in self:
            vals = task._prepare_dsa_event_vals()
            event = task.dsa_event_id.sudo()
            if event.exists():
                event.with_context(no_mail_to_attendees=True, dont_notify=True).write(vals)
            else:
                event = Event.create(vals)
                super(ProjectTask, task._dsa_action_env(['dsa_event_id'])).write(
                    {'dsa_event_id': event.id})

    @api.multi
    def _dsa_notify(self, event, extra_partners=None):
        """Queue the email of ``event`` (planned, changed, cancelled) to the customer
        contact and the technicians (including those who just left the team).

        One mail per language, sent to each of its recipients separately: the
        chatter shows each planning email once (not once per recipient), everyone
        reads it in their own language, and a reply threads into the intervention
        (the mail stays a message of the task)."""
        template = self.env.ref('dsa_tts.mail_template_dsa_intervention_%s' % event)
        for task in self:
            partners = task._dsa_customer_contact() | task._dsa_technician_partners()
            if extra_partners:
                partners |= extra_partners
            partners = partners.filtered('email')
            for lang in sorted(set(p.lang or 'en_US' for p in partners)):
                group = partners.filtered(lambda p, lang=lang: (p.lang or 'en_US') == lang)
                template.sudo().with_context(lang=lang).send_mail(
                    task.id, email_values={'recipient_ids': [(6, 0, group.ids)]})
