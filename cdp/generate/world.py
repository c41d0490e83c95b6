"""The simulated world: every behaviour model run once, in dependency order."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from cdp.generate import campaigns, esp, issues, population, profiles, purchases
from cdp.generate.campaigns import Calendar
from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.esp import Mail
from cdp.generate.population import Population
from cdp.generate.profiles import Profiles
from cdp.generate.purchases import History


@dataclass(frozen=True)
class World:
    """Everything the sources are sampled from."""

    config: GeneratorConfig
    pop: Population
    people: Profiles
    cal: Calendar
    acquisition: np.ndarray  # campaign that acquired each person, -1 for none
    history: History  # orders, and every service issue (about an order or not)
    mail: Mail
    engaged_until: np.ndarray  # when each person stops engaging: churn or lapse


def simulate(config: GeneratorConfig, cal: Calendar) -> World:
    """Run the behaviour models for the persons of ``config`` (a world, or one chunk).

    Purchases come first because churn ends engagement; the newsletters then decide which
    clicks trigger extra purchases, and general questions arrive last, once it is known
    who is still a customer. ``cal`` is the calendar of the whole world (see
    :func:`cdp.generate.campaigns.draw`), which every chunk shares.
    """
    pop = population.draw(config)
    people = profiles.draw(config, pop)
    acquisition = campaigns.acquisition_campaign(cal, pop)
    history = purchases.simulate(config, pop, acquisition)
    engaged_until = np.minimum(history.tau, pop.lapse)
    mail = esp.simulate(config, pop, people, cal, engaged_until)
    history = purchases.respond(config, history, pop, mail.clicks)
    questions = issues.questions(stream(config, "questions"), pop, history.tau, config.days)
    history = replace(history, issues=history.issues + questions)
    return World(config, pop, people, cal, acquisition, history, mail, engaged_until)
