"""The model card rendered as Markdown, for a file beside the warehouse."""

from __future__ import annotations

from typing import Any

from models.analytics.markdown import markdown_table


def card_markdown(card: dict[str, Any]) -> str:
    """The card as a Markdown document."""
    cuts, pops = card["cutoffs"], card["populations"]
    out = ["# Churn model card", "", f"**Definition.** {card['definition']}", ""]
    out += ["## Cutoffs and populations", ""]
    out += markdown_table(["", "value"], [[k, v] for k, v in cuts.items()])
    out += markdown_table(
        ["population", "customers", "churn rate"],
        [[n, p["customers"], p.get("churn_rate")] for n, p in pops.items()],
    )
    bands = pops["scored"]["risk_bands"]
    out += markdown_table(
        ["risk band", "rule", "customers"],
        [[b, rule, bands.get(b)] for b, rule in card["risk_bands"].items()],
    )
    out += ["## Metrics at the evaluation cutoff", ""]
    names = ["roc_auc", "pr_auc", "brier", "top_decile_lift"]
    out += markdown_table(
        ["score", *names], [[s, *(m[n] for n in names)] for s, m in card["metrics"].items()]
    )
    out += [f"Model beats both baselines on ROC-AUC: **{card['beats_baselines']}**", ""]
    out += ["## Calibration (model, evaluation cutoff)", ""]
    out += markdown_table(
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
    out += markdown_table(
        ["feature", "importance", "std"],
        [[r["feature"], r["importance"], r["std"]] for r in card["permutation_importance"]],
    )
    out += ["## Truth (generator)", ""]
    if card["truth"]:
        out += markdown_table(["figure", "value"], [[k, v] for k, v in card["truth"].items()])
    else:
        out += ["No truth given.", ""]
    model = card["model"]
    out += [
        "## Model",
        "",
        f"`{model['class']}`, seed {model['seed']}, purchase model {model['purchase_model']}.",
        "",
    ]
    out += markdown_table(
        ["hyper-parameter", "value"], [[k, v] for k, v in model["hyper_parameters"].items()]
    )
    out += ["## Features", ""]
    out += markdown_table(
        ["feature", "description"], [[f["name"], f["description"]] for f in card["features"]]
    )
    out += ["## Limitations", "", *(f"- {line}" for line in card["limitations"]), ""]
    return "\n".join(out)
