# flake8: noqa  (this file only imports the submodules)
from . import portal
from . import portal_ticket
from . import portal_contract
from . import portal_document
from . import request_limits
from . import field_app
from . import field_api  # noqa: F401
from . import portal_onsite
from . import field_sign
