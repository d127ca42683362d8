# flake8: noqa  (this file only imports the test modules)
from . import test_plant
from . import test_access_key
from . import test_ticket_mail
from . import test_intervention
from . import test_service_contract
from . import test_portal_ticket
from . import test_portal_plant
from . import test_signoff_attacks
from . import test_probing_attacks
from . import test_invoice
from . import test_analysis
from . import test_preventive_concurrency
from . import test_portal_contract
from . import test_intervention_bulk
from . import test_customer_history
from . import test_portal_document
from . import test_portal_customer_flow
from . import test_signoff_colleagues
from . import test_backend_screens
from . import test_report_letterhead
from . import test_portal_platform_attacks
from . import test_customer_text
from . import test_portal_upload_limit
from . import test_state_attacks  # noqa: F401
from . import test_signoff_state  # noqa: F401
from . import test_plan_dialog  # noqa: F401
from . import test_sla_deadlines  # noqa: F401
from . import test_sla_escalation  # noqa: F401
from . import test_sla_portal  # noqa: F401
from . import test_sla_analysis  # noqa: F401
from . import test_portal_readers_act  # noqa: F401
from . import test_field_app  # noqa: F401
from . import test_field_api  # noqa: F401
from . import test_field_signoff  # noqa: F401
