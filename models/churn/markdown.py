"""The model card rendered as Markdown, for a file beside the warehouse."""

from __future__ import annotations

from typing import Any


def _number(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_number(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def card_markdown(card: dict[str, Any]) -> str:
    """The card as a Markdown document."""
    cuts, pops = card["cutoffs"], card["populations"]
    out = ["# Churn model card", "", f"**Definition.** {card['definition']}", ""]
    out += ["## Cutoffs and populations", ""]
    out += _table(["", "value"], [[k, v] for k, v in cuts.items()])
    out += _table(
        ["population", "customers", "churn rate"],
        [[n, p["customers"], p.get("churn_rate")] for n, p in pops.items()],
    )
    bands = pops["scored"]["risk_bands"]
    out += _table(
        ["risk band", "rule", "customers"],
        [[b, rule, bands.get(b)] for b, rule in card["risk_bands"].items()],
    )
    out += ["## Metrics at the evaluation cutoff", ""]
    names = ["roc_auc", "pr_auc", "brier", "top_decile_lift"]
    out += _table(
        ["score", *names], [[s, *(m[n] for n in names)] for s, m in card["metrics"].items()]
    )
    out += [f"Model beats both baselines on ROC-AUC: **{card['beats_baselines']}**", ""]
    out += ["## Calibration (model, evaluation cutoff)", ""]
    out += _table(
        ["bin", "customers", "mean predicted", "observed rate"],
        [
            [
                f"{r['bin_lower']:.1f}-{r['bin_upper']:.1f}",
                r["customers"],
                r["mean_predicted"],
                r["observed_rate"],
            ]
            for r in card["calibration"]["model"]
        ],
    )
    out += ["## Permutation importance (ROC-AUC drop)", ""]
    out += _table(
        ["feature", "importance", "std"],
        [[r["feature"], r["importance"], r["std"]] for r in card["permutation_importance"]],
    )
    out += ["## Truth (generator)", ""]
    if card["truth"]:
        out += _table(["figure", "value"], [[k, v] for k, v in card["truth"].items()])
    else:
        out += ["No truth given.", ""]
    model = card["model"]
    out += [
        "## Model",
        "",
        f"`{model['class']}`, seed {model['seed']}, purchase model {model['purchase_model']}.",
        "",
    ]
    out += _table(
        ["hyper-parameter", "value"], [[k, v] for k, v in model["hyper_parameters"].items()]
    )
    out += ["## Features", ""]
    out += _table(
        ["feature", "description"], [[f["name"], f["description"]] for f in card["features"]]
    )
    out += ["## Limitations", "", *(f"- {line}" for line in card["limitations"]), ""]
    return "\n".join(out)
