# flake8: noqa  (this file only imports the submodules)
from . import dsa_plant
from . import dsa_plant_component
from . import dsa_access_key_log
from . import res_partner
from . import dsa_ticket_stage
from . import dsa_ticket
from . import dsa_team
from . import project_project
from . import dsa_service_contract
from . import dsa_signoff_mixin
from . import project_task
from . import project_task_signoff
from . import dsa_signoff_code
from . import project_task_onsite
from . import project_task_calendar
from . import project_task_costing
from . import dsa_intervention_material
from . import dsa_plant_component_intervention
from . import account_analytic_line
from . import ir_attachment
from . import mail_message
from . import project_task_invoice
from . import project_task_contract
from . import account_invoice
from . import account_invoice_line
from . import res_partner_history  # noqa: F401
from . import dsa_plant_history  # noqa: F401
from . import dsa_ticket_ack  # noqa: F401
from . import project_task_report_mail  # noqa: F401
from . import project_task_form  # noqa: F401
from . import ir_actions_report  # noqa: F401
from . import calendar_attendee  # noqa: F401
from . import dsa_sla_policy  # noqa: F401
from . import dsa_sla_target  # noqa: F401
from . import dsa_ticket_sla_pause  # noqa: F401
from . import dsa_ticket_stage_sla  # noqa: F401
from . import res_company  # noqa: F401
from . import dsa_service_contract_sla  # noqa: F401
from . import dsa_ticket_sla  # noqa: F401
from . import project_task_sla  # noqa: F401
from . import resource_calendar  # noqa: F401
from . import dsa_field_op  # noqa: F401
from . import project_task_field  # noqa: F401
from . import product_product_field  # noqa: F401
