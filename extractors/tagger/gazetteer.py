"""The organisation gazetteer: canonical company names, aliases, products, models, people.

``data/gazetteer.jsonl`` holds one organisation per line. An analyst extends it without code:
``{"id": "Acme", "aliases": [...], "products": [...], "role": "platform"}``; ``models``
(model families, a subset of products) and ``people`` (executives who speak for it) are optional.
``also_roles`` lists further roles (Google: a cloud that also makes models); the tagger reads
the first ``role``, the signal store every one. ``compute_only`` marks a provider that sells
nothing but compute (CoreWeave, Nebius, data-centre operators): any deal of its is a compute
deal, named so or not ("OpenAI signed a $22.4 billion contract with CoreWeave").
``compute_names`` (a subset of its aliases and products) are the names that mean a provider's
compute: its cloud, its platform for models, its chips ("Azure", "AWS", "Trainium"). A deal
typed by roles that names one is about compute; one that names an app ("Office 365",
"Chrome") or a person is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractors.errors import ConfigError
from extractors.tagger.jsonl import read_jsonl

ROLES = ("model_maker", "cloud", "platform", "chips", "other")
# span-ruler labels for one mention, by how the organisation was named
NAME, MODEL, PERSON, OUTLET = "ORG", "ORG_MODEL", "ORG_PERSON", "OUTLET"


@dataclass(frozen=True, slots=True)
class Org:
    id: str
    role: str
    aliases: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    compute_only: bool = False
    compute_names: frozenset[str] = frozenset()


def load_gazetteer(path: Path) -> dict[str, Org]:
    """Read the gazetteer; raise ConfigError naming the file, line and fix."""
    if not path.exists():
        raise ConfigError(f"gazetteer {path} does not exist; create it (one JSON object a line)")
    orgs: dict[str, Org] = {}
    owner: dict[str, tuple[str, str]] = {}  # name -> (organisation, where it was given)
    for _, where, row in read_jsonl(path, comments=True):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not row["id"]:
            raise ConfigError(f'{where}: needs a non-empty "id" (the canonical company name)')
        role = row.get("role", "other")
        if role not in ROLES:
            raise ConfigError(f"{where}: role {role!r} is not one of {', '.join(ROLES)}")
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("aliases", "products", "models", "people"):
            value = row.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ConfigError(f'{where}: "{key}" must be a list of non-empty strings')
            lists[key] = tuple(value)
        compute_only = row.get("compute_only", False)
        if not isinstance(compute_only, bool):
            raise ConfigError(f'{where}: "compute_only" must be true or false')
        if compute_only and role != "cloud":
            raise ConfigError(
                f'{where}: "compute_only" is for role "cloud"; drop it or fix the role'
            )
        compute_names = row.get("compute_names", [])
        if not (isinstance(compute_names, list) and all(isinstance(v, str) for v in compute_names)):
            raise ConfigError(f'{where}: "compute_names" must be a list of its names')
        for name in compute_names:
            if name not in (*lists["aliases"], *lists["products"]):
                raise ConfigError(
                    f'{where}: {name!r} in "compute_names" is none of {row["id"]}\'s aliases '
                    "or products; add it to one of them or fix the spelling"
                )
        if row["id"] in orgs:
            raise ConfigError(f"{where}: duplicate id {row['id']!r}; merge the two lines")
        for name in {row["id"], *lists["aliases"], *lists["products"]}:
            first = owner.setdefault(name, (row["id"], where))
            if first[0] != row["id"]:  # the tagger would silently give it to one of the two
                raise ConfigError(
                    f"{where}: {name!r} already names {first[0]} ({first[1]}); "
                    "keep it on one organisation's line"
                )
        orgs[row["id"]] = Org(
            id=row["id"],
            role=role,
            compute_only=compute_only,
            compute_names=frozenset(compute_names),
            **lists,
        )
    if not orgs:
        raise ConfigError(f"gazetteer {path} is empty; add at least one organisation")
    return orgs


def org_patterns(orgs: dict[str, Org]) -> list[dict[str, str]]:
    """Phrase patterns for spaCy's SpanRuler: label says how the org was named, id is canonical."""
    patterns: list[dict[str, str]] = []
    for org in orgs.values():
        names = {org.id, *org.aliases, *org.products}
        models = set(org.models)
        for name in sorted(names - models):
            patterns.append({"label": NAME, "pattern": name, "id": org.id})
        for name in sorted(models):
            patterns.append({"label": MODEL, "pattern": name, "id": org.id})
        for name in sorted(set(org.people)):
            patterns.append({"label": PERSON, "pattern": name, "id": org.id})
    return patterns
