from . import dsa_crm_commitment_report  # noqa: F401
from . import dsa_crm_revenue_report  # noqa: F401
from . import dsa_crm_trend_report  # noqa: F401
from . import dsa_crm_activity_report  # noqa: F401
