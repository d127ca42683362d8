from . import dsa_device  # noqa: F401
from . import dsa_auth_attempt  # noqa: F401
from . import res_groups  # noqa: F401
from . import res_users  # noqa: F401
from . import ir_http  # noqa: F401
