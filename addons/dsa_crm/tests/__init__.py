from . import test_zone_rules  # noqa: F401
from . import test_zone_attacks  # noqa: F401
from . import test_customer_card  # noqa: F401
from . import test_analyses  # noqa: F401
from . import test_contact_log  # noqa: F401
from . import test_inactivity  # noqa: F401
from . import test_offers  # noqa: F401
from . import test_zone_province  # noqa: F401
