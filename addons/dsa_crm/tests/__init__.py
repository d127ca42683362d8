from . import test_zone_rules  # noqa: F401
from . import test_zone_attacks  # noqa: F401
from . import test_customer_card  # noqa: F401
