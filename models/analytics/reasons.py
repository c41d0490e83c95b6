"""Why a customer has no score: the ``null_reason`` values shared by every analytics table.

Every table has one row per customer of ``marts.dim_customers``; where a model cannot
score one, the row says which of these applies instead of leaving a silent null.
"""

# A single record nobody is known behind (dim_customers.is_anonymous): its RFM, CLV or
# churn would describe one receipt or visit, not a person.
ANONYMOUS_REASON = "anonymous record: one unattributed record"
# Order-based models (RFM, CLV, churn) need at least one completed order by as_of.
NO_ORDER_REASON = "no completed order"
