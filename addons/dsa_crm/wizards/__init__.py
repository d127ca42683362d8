from . import dsa_offer_cancel  # noqa: F401
from . import dsa_zone_assign  # noqa: F401
