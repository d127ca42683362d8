from . import test_zone_rules  # noqa: F401
from . import test_device_login  # noqa: F401
