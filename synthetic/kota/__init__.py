"""The synthetic city: a Kota Binjai–like HR export with a known truth (`jobfit generate`)."""

from synthetic.kota.city import CitySummary, generate_city
from synthetic.kota.history import Config

__all__ = ["CitySummary", "Config", "generate_city"]
