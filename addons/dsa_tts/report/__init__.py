# flake8: noqa  (this file only imports the submodules)
from . import dsa_analysis_common
from . import dsa_material_analysis
from . import dsa_work_analysis
from . import dsa_intervention_cost_analysis
from . import dsa_sla_analysis  # noqa: F401
