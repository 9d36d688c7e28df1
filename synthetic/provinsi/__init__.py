"""The provinsi generator: a provincial civil service (Pemerintah Provinsi Tanjung Seruni),
designed independently of the other generators and of the model. See
docs/synthetic-provinsi.md for the design and the truth's mechanisms."""

from .generate import DEFAULT_AS_OF, ProvinsiSummary, generate_provinsi
from .variants import VARIANTS, ProvinsiVariant

__all__ = ["generate_provinsi", "ProvinsiSummary", "VARIANTS", "ProvinsiVariant", "DEFAULT_AS_OF"]
