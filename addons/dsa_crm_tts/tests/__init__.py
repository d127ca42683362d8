from . import test_service_zone_rules  # noqa: F401
from . import test_customer_card_service  # noqa: F401
from . import test_sla_zone_rules  # noqa: F401
