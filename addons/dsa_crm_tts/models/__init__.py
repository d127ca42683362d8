from . import res_users  # noqa: F401
from . import dsa_plant  # noqa: F401
from . import dsa_plant_component  # noqa: F401
from . import dsa_ticket  # noqa: F401
from . import dsa_service_contract  # noqa: F401
from . import project_task  # noqa: F401
from . import calendar_event  # noqa: F401
from . import mail_activity  # noqa: F401
