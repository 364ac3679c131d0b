"""Names → activations: the Keras-style ``get()`` contract with frameworks' defaults.

Names are case-insensitive and ``-`` reads as ``_``.  Each framework's spelling is an explicit
alias (``LeakyReLU``, ``hardtanh``, ``logsigmoid``, ``SiLU``, …).  Where a framework's default
differs from Keras 3's, ``framework="torch"`` or ``"jax"`` applies it (table in SPEC §3); the
Keras *layer* ``LeakyReLU`` keeps its own default slope 0.3.

>>> from symact import get
>>> get("LeakyReLU", framework="torch").params
{'negative_slope': 1/100}
>>> get(None).name
'linear'
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from typing import Any

from sympy import Rational

from symact.activations.definition import Definition
from symact.activations.function import ActivationFunction
from symact.activations.vector import VectorActivation
from symact.errors import RegistryError, UnknownActivationError

__all__ = ["FRAMEWORKS", "FRAMEWORK_DEFAULTS", "Registry", "get", "names", "register"]

Activation = ActivationFunction | VectorActivation

FRAMEWORKS = ("keras", "torch", "jax")

#: Defaults that differ from Keras 3's, by framework and canonical name.
FRAMEWORK_DEFAULTS: dict[str, dict[str, dict[str, Any]]] = {
    "keras": {},
    "torch": {
        "leaky_relu": {"negative_slope": Rational(1, 100)},
        "prelu": {"slope": Rational(1, 4)},
        "softplus": {"threshold": 20},
    },
    "jax": {
        "leaky_relu": {"negative_slope": Rational(1, 100)},
        "gelu": {"approximate": True},
    },
}

#: Defaults of a framework's *layer* spelling where it differs from the function's.
ALIAS_DEFAULTS: dict[tuple[str, str], dict[str, Any]] = {
    ("keras", "LeakyReLU"): {"negative_slope": Rational(3, 10)},
}


def _key(name: str) -> str:
    return name.strip().lower().replace("-", "_")


@dataclass
class Registry:
    """A name table: canonical names and aliases, refusing silent overwrites.

    A built-in entry stays a :class:`Definition` until it is first resolved.
    """

    entries: dict[str, Activation | Definition] = field(default_factory=dict)
    lookup: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def builtin(cls) -> Registry:
        """A registry of the built-in catalog; each entry is built when first resolved."""
        from symact.activations.catalog import CATALOG
        from symact.activations.vector import VECTOR_CATALOG

        registry = cls()
        builtins: tuple[Activation | Definition, ...] = (*CATALOG, *VECTOR_CATALOG)
        for entry in builtins:
            registry.add(entry)
        return registry

    def add(self, entry: Activation | Definition, *, overwrite: bool = False) -> None:
        """Register ``entry`` under its name and aliases."""
        spellings = (entry.name, *entry.aliases)
        taken = [s for s in spellings if _key(s) in self.lookup]
        if taken and not overwrite:
            msg = (
                f"cannot register {entry.name!r}: the name(s) {taken} already exist; "
                "choose another name or pass overwrite=True"
            )
            raise RegistryError(msg)
        self.entries[entry.name] = entry
        for spelling in spellings:
            self.lookup[_key(spelling)] = (entry.name, spelling)

    def resolve(self, name: str) -> tuple[Activation, str]:
        """The entry for ``name`` and the spelling that matched."""
        found = self.lookup.get(_key(name))
        if found is None:
            close = difflib.get_close_matches(_key(name), self.lookup, n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(close)}?" if close else "see `symact list`"
            msg = f"unknown activation {name!r}; {hint}"
            raise UnknownActivationError(msg)
        canonical, spelling = found
        entry = self.entries[canonical]
        if isinstance(entry, Definition):
            entry = self.entries[canonical] = entry.build()
        return entry, spelling

    def names(self) -> list[str]:
        return sorted(self.entries)


@functools.cache
def _builtin() -> Registry:
    """The process-wide registry, built on first use so that ``import symact`` stays fast."""
    return Registry.builtin()


def get(identifier: str | Activation | None, framework: str = "keras", **params: Any) -> Activation:
    """Look up an activation by name (or pass one through), applying defaults and ``params``.

    ``None`` gives ``linear``, as ``keras.activations.get(None)`` does.
    """
    if framework not in FRAMEWORKS:
        msg = f"unknown framework {framework!r}; choose one of {', '.join(FRAMEWORKS)}"
        raise UnknownActivationError(msg)
    if identifier is None:
        identifier = "linear"
    if isinstance(identifier, ActivationFunction | VectorActivation):
        entry, spelling = identifier, identifier.name
    elif isinstance(identifier, str):
        entry, spelling = _builtin().resolve(identifier)
    else:
        msg = (
            f"activation identifier must be a name, an activation or None, "
            f"got {identifier!r} of type {type(identifier).__name__}"
        )
        raise UnknownActivationError(msg)
    if not isinstance(entry, ActivationFunction):
        if params:
            msg = f"{entry.name} takes no parameters, got {sorted(params)}"
            raise UnknownActivationError(msg)
        return entry
    defaults = {
        **FRAMEWORK_DEFAULTS[framework].get(entry.name, {}),
        **ALIAS_DEFAULTS.get((framework, spelling), {}),
    }
    return entry.bind(**defaults).bind(**params)


def names() -> list[str]:
    """Canonical names of every registered activation, sorted.

    >>> "relu" in names() and "sparsemax" in names()
    True
    """
    return _builtin().names()


def register(entry: Activation, *, overwrite: bool = False) -> Activation:
    """Make a user activation available to :func:`get` (refuses silent overwrites)."""
    _builtin().add(entry, overwrite=overwrite)
    return entry
