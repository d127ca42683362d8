from . import test_zone_rules  # noqa: F401
from . import test_device_login  # noqa: F401
from . import test_customer_card  # noqa: F401
