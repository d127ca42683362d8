# flake8: noqa  (this file only imports the test modules)
from . import test_licence_price
from . import test_quotation
from . import test_subscription_invoicing
from . import test_hour_package
from . import test_portal
from . import test_access
from . import test_billing_scenario
from . import test_billing_mail
from . import test_billing_concurrency
from . import test_portal_billing
from . import test_billing_queries
from . import test_quotation_letterhead
from . import test_state_attacks  # noqa: F401
from . import test_offer_form_fields  # noqa: F401
