"""The synthetic city: a Kota Binjai–like HR export with a known truth (`jobfit generate`)."""

from features.synthetic.city import CitySummary, generate_city
from features.synthetic.history import Config

__all__ = ["CitySummary", "Config", "generate_city"]
