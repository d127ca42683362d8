# flake8: noqa  (this file only imports the submodules)
from . import dsa_plant_configuration_wizard
from . import dsa_access_key_wizard
from . import dsa_plant_component_change_wizard
from . import dsa_intervention_plan_wizard
