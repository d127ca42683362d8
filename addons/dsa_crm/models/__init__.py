from . import dsa_zone  # noqa: F401
from . import res_partner  # noqa: F401
from . import res_users  # noqa: F401
from . import sale_order  # noqa: F401
from . import sale_order_line  # noqa: F401
from . import dsa_contact_log  # noqa: F401
from . import dsa_crm_demo  # noqa: F401
from . import res_partner_card  # noqa: F401
