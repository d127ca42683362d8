"""Plain helpers of dsa_security that other addons import (no Odoo model)."""
