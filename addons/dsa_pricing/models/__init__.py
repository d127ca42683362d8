# flake8: noqa  (this file only imports the submodules)
from . import res_company
from . import dsa_billing_mixin
from . import dsa_licence_price
from . import sale_order
from . import sale_order_line
from . import dsa_licence_subscription
from . import dsa_licence_subscription_change
from . import dsa_licence_subscription_period
from . import dsa_hour_package
from . import dsa_hour_package_subscription
from . import product_template
from . import account_invoice
from . import res_partner
