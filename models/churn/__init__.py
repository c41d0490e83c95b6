"""Churn probability of every buyer, with a model card.

**Definition (non-contractual).** A *buyer* at cutoff ``c`` is a known (non-anonymous)
customer with at least one completed order on or before ``c``. A buyer *has churned*
when they place no completed order in ``(c, c + horizon]``. Days are calendar days; a
cutoff includes its whole day.

**Cutoffs.** With ``h = horizon_days``: the model is trained on the buyers at
``c_train = as_of - 2h`` with labels from ``(c_train, c_train + h]``, evaluated on the
buyers at ``c_eval = as_of - h`` with labels from ``(c_eval, as_of]``, then refitted on
the evaluation population and used to score every buyer at ``as_of``. Completed orders
must reach back to ``as_of - 3h`` (:func:`models.churn.labels.check_history`).

**Features** (:mod:`models.churn.features`, :mod:`models.churn.service`,
:mod:`models.churn.purchase`) read only rows on or before the cutoff: recency,
frequency, spend, tenure, order trend, inbound activity and its trend, email
engagement, channel mix, contact outcomes, complaints, CSAT / NPS, and the purchase
model's P(alive) and expected purchases.

**Baselines** on the same evaluation population: BG/NBD ``1 - P(alive)`` fitted up to
``c_eval``, recency (days since the last order) and, as a fairer BG/NBD reference,
``-expected purchases`` in the horizon.

**Table** ``customer_churn``: one row per ``marts.dim_customers`` key with
``churn_probability``, ``churn_risk_band``, ``top_drivers`` and ``null_reason``.
"""

from models.churn.build import ChurnResult, build_churn
from models.churn.markdown import card_markdown
from models.churn.table import CHURN_TABLE

__all__ = ["CHURN_TABLE", "ChurnResult", "build_churn", "card_markdown"]
