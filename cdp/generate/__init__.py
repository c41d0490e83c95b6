"""Sample-data generator: a simulated customer base exported as every source's files.

Persons with latent purchase, engagement and satisfaction behaviour are simulated once;
each source is then sampled from that simulation, written with realistic dirt to
``landing/<source>/`` as one file per day, and the ground truth (who is behind every row,
who really churned) is written to ``truth/`` for scoring. A big population is simulated
in chunks of persons, one after another, each writing its own part of every daily file
(see :mod:`cdp.generate.chunks`).
"""

from cdp.generate.config import GenerationSummary, GeneratorConfig
from cdp.generate.generator import generate

__all__ = ["GenerationSummary", "GeneratorConfig", "generate"]
