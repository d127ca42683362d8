from . import test_zone_rules  # noqa: F401
from . import test_zone_attacks  # noqa: F401
