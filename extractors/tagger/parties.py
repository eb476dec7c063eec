"""Who an event is between: the companies of the trigger's clause, then the nearest others.

An event needs two parties (one for a packaging change), not all of role "other". Distribution
pairs each model maker with each channel; hosting pairs each compute provider with each model
maker; a company that sells only compute (``compute_only`` in the gazetteer) with whoever its
deal is with. A chipmaker named only as hardware ("Nvidia GPUs") is not a party when another
provider is. A deal cue with no typed trigger is typed by the parties' roles (``deal_parties``).
"""

from __future__ import annotations

from collections.abc import Iterable

from extractors.tagger.structure import Cue, Mention, Sentence

Parties = list[tuple[tuple[str, ...], float]]
Where = dict[str, tuple[int, int]]  # each party's mention (token start, end) that chose it


def uniq(items: Iterable[str]) -> list[str]:
    """The items in first-seen order, without repeats."""
    return list(dict.fromkeys(items))


def named_by_models(sent: Sentence, m: Mention) -> bool:
    """Whether a mention names models ("OpenAI models", "Anthropic's Claude"), not apps."""
    if m.product:
        return True
    lowers = sent.view.lowers
    k = m.end
    if k < len(lowers) and lowers[k] in sent.view.lex.possessives:
        k += 1
    return k < len(lowers) and lowers[k] in sent.view.lex.model_words


def offering_named(sent: Sentence, tseg: int) -> bool:
    """Whether the segment names a model or AI product (what a channel distributes)."""
    s0 = sent.start
    if any(m.product and sent.segment[m.start - s0] == tseg for m in sent.mentions):
        return True
    seg = sent.segment
    words = sent.view.lex.offering_words
    return any(seg[k] == tseg and w in words for k, w in enumerate(sent.lowers))


def about_compute(sent: Sentence, providers: list[Mention]) -> bool:
    """Whether a sentence names compute: a compute word, a provider by one of its compute
    names in the gazetteer ("AWS services", "Microsoft's Azure"; not "Office 365 Copilot" or
    "Chrome", apps of a cloud), or, for a headline, the sentence after it."""
    words = sent.view.lex.compute_words
    if any(w in words for w in sent.lowers):
        return True
    doc, orgs = sent.view.doc, sent.view.orgs
    if any(doc[m.start : m.end].text in orgs[m.org].compute_names for m in providers):
        return True
    if sent.start == 0:
        nxt = sent.view.lowers[sent.end : sent.end + 60]
        stop = next((k for k, w in enumerate(nxt) if w in (".", "!", "?")), len(nxt))
        return any(w in words for w in nxt[:stop])
    return False


def parties(
    sent: Sentence, t: Cue, etype: str, tclause: int, two: bool = False
) -> tuple[Parties, Where]:
    """The actor tuples (with a confidence) of the trigger ``t`` (empty when none fit), and
    where each party is named."""
    s0 = sent.start
    role = sent.view.role
    tseg = sent.segment[t.start - s0]
    usable = [m for m in sent.mentions if not m.bystander]
    chosen: list[Mention] = [m for m in usable if m.clause == tclause and not m.aside]
    orgs = uniq(m.org for m in chosen)
    conf = 0.8
    need = 1 if etype == "packaging_change" and not two else 2

    def rank(m: Mention) -> tuple[int, int, int, int]:
        same_seg = sent.segment[m.start - s0] == tseg
        later = 1 if m.clause > tclause else 0
        return (0 if same_seg else 1, 1 if m.aside else 0, later, abs(m.start - t.start))

    # the usable mentions not chosen (no two mentions of a sentence are equal)
    others = sorted((m for m in usable if m.clause != tclause or m.aside), key=rank)
    if len(orgs) < need:
        conf = 0.6
        for m in others:
            if m.org in orgs:
                continue
            chosen.append(m)
            orgs.append(m.org)
            if len(orgs) >= need:
                break
    if etype == "distribution_expansion" and orgs:
        # "the models will also be offered on Azure": find the maker (or the channel)
        has_maker = any(m.modelish or role(m.org) == "model_maker" for m in chosen)
        for m in others:
            if m.org in orgs:
                continue
            is_maker = m.modelish or role(m.org) == "model_maker"
            if has_maker and len(orgs) >= 2:
                break
            if is_maker != has_maker or len(orgs) < 2:
                chosen.append(m)
                orgs.append(m.org)
                has_maker = has_maker or is_maker
                conf = 0.6
    # a chip maker named only as hardware ("Nvidia GPUs") is not a party when another
    # provider is
    comps = {m.org for m in chosen if m.component} - {m.org for m in chosen if not m.component}
    if comps and len(orgs) - len(comps) >= 2:
        orgs = [o for o in orgs if o not in comps]
        chosen = [m for m in chosen if m.org not in comps]
    where: Where = {}
    for m in chosen:
        where.setdefault(m.org, (m.start, m.end))
    if not orgs or (etype in NEEDS_TWO and len(orgs) < 2):
        return [], where
    if all(role(o) == "other" for o in orgs):
        return [], where
    if etype == "distribution_expansion":
        return _distribution(sent, chosen, orgs, conf, tseg, where), where
    if etype == "hosting_deal":
        hosting = _hosting(sent, chosen, orgs, conf)
        if hosting is not None:
            return hosting, where
    return [(tuple(orgs), conf)], where


NEEDS_TWO = frozenset({"distribution_expansion", "hosting_deal", "renegotiation"})


def _distribution(
    sent: Sentence, chosen: list[Mention], orgs: list[str], conf: float, tseg: int, where: Where
) -> Parties:
    """Each model maker with each channel."""
    s0 = sent.start
    role = sent.view.role
    makers = uniq(m.org for m in chosen if m.modelish)
    if not makers:
        makers = [o for o in orgs if role(o) == "model_maker"]
    # chips named as hardware ("Nvidia GPUs") are never a sales channel
    hw = {m.org for m in chosen if m.component} - {m.org for m in chosen if not m.component}
    channels = [o for o in orgs if o not in makers and o not in hw]
    if len(makers) > 1 and not channels:
        # "using OpenAI models to power ... Meta's apps": a maker named by its apps or
        # assistant is the channel when another is named by its models
        strong = [o for o in makers if any(named_by_models(sent, m) for m in chosen if m.org == o)]
        if strong and len(strong) < len(makers):
            channels = [o for o in makers if o not in strong]
            makers = strong
    if makers and not channels:
        # "letting developers switch between Claude and Gemini": the channel is the subject
        # of another clause
        m = min(
            (m for m in sent.mentions if sent.segment[m.start - s0] == tseg),
            key=lambda m: m.start,
        )
        if (
            m not in chosen
            and not m.bystander
            and m.org not in makers
            and not m.modelish
            and not m.component
            and role(m.org) != "model_maker"
            and sent.segment[m.start - s0] == tseg
        ):
            channels = [m.org]
            where.setdefault(m.org, (m.start, m.end))
            conf = 0.6
    if not makers or not channels:
        return []
    if not offering_named(sent, tseg):
        return []  # chips, capacity or data centres change hands: not a sales channel
    return [((mk, ch), conf) for mk in makers for ch in channels]


def compute_sale(sent: Sentence, orgs: list[str]) -> tuple[str, str] | None:
    """The seller and the buyer where one of ``orgs`` sells only compute (``compute_only``)
    and one other is not a chipmaker (its chips are the hardware): a company that sells only
    compute sells it to whoever the deal is with. Two sellers, or two buyers, are a list of
    suppliers, not one deal (None)."""
    compute = [o for o in orgs if sent.view.orgs[o].compute_only]
    buyers = [o for o in orgs if o not in compute and sent.view.role(o) != "chips"]
    if len(compute) == 1 and len(buyers) == 1:
        return compute[0], buyers[0]
    return None


def _hosting(sent: Sentence, chosen: list[Mention], orgs: list[str], conf: float) -> Parties | None:
    """Each compute provider with each model maker (``None``: the plain actor tuple)."""
    s0 = sent.start
    role = sent.view.role
    consumers = uniq(m.org for m in chosen if m.modelish or role(m.org) == "model_maker")
    providers = [o for o in orgs if o not in consumers]
    if not consumers and len(chosen) >= 2:
        # "run their infrastructure on AWS or Google Cloud": alternatives, not parties
        a, b = sorted(chosen, key=lambda m: m.start)[:2]
        if "or" in sent.lowers[a.end - s0 : b.start - s0]:
            return []
    if not consumers and len(providers) >= 3:
        # "Lambda ... with Microsoft to deploy AI infrastructure powered by Nvidia": a seller of
        # compute alone serves the other; the chips are its hardware
        sale = compute_sale(sent, providers)
        if sale is not None:
            return [(sale, conf)]
    if len(providers) >= 3:
        return []  # "rented from Microsoft, Oracle and CoreWeave": a summary, not a deal
    if len(providers) == 2 and len(consumers) == 1:
        # "Oracle will lend Microsoft capacity to support its work with OpenAI", "Nvidia and
        # Microsoft will supply Anthropic": providers named before the model maker they serve
        # make one joint deal; "OpenAI will open sites with Oracle and build more with
        # SoftBank" are two
        first_consumer = min(m.start for m in chosen if m.org in consumers)
        if all(m.start < first_consumer for m in chosen if m.org in providers):
            return [((*providers, *consumers), conf)]
    if providers and consumers and (len(providers) > 1 or len(consumers) > 1):
        return [((p, c), conf) for p in providers for c in consumers]
    return None


def deal_parties(sent: Sentence, d: Cue) -> tuple[str, list[tuple[str, str]], Where] | None:
    """A deal cue's type and pairs, typed by the roles of its segment's companies, and where
    each is named."""
    ms = [m for m in sent.mentions if not m.bystander and not m.aside]
    ms = [m for m in ms if sent.segment[m.start - sent.start] == d.seg]
    where: Where = {}
    for m in ms:
        where.setdefault(m.org, (m.start, m.end))
    orgs = {m.org for m in ms}
    if len(orgs) < 2:
        return None
    makers = {m.org for m in ms if m.modelish}
    if makers and orgs - makers:
        pairs = [(mk, ch) for mk in sorted(makers) for ch in sorted(orgs - makers)]
        return "distribution_expansion", pairs, where
    if len(orgs) > 3:
        return None
    providers = {m.org for m in ms if m.role in ("cloud", "chips")}
    consumers = {m.org for m in ms if m.role == "model_maker"} - providers
    if not consumers:
        # "Nebius signed a five-year deal with Microsoft"
        sale = compute_sale(sent, sorted(orgs))
        return None if sale is None else ("hosting_deal", [sale], where)
    if not providers:
        return None
    # a deal typed by roles alone must still be about compute: "extend its access to OpenAI's
    # intellectual property" is not a hosting deal, unless a company that sells only compute
    # is in it
    selling = [m for m in ms if m.org in providers]
    if not any(sent.view.orgs[m.org].compute_only for m in selling) and not about_compute(
        sent, selling
    ):
        return None
    pairs = [(p, c) for p in sorted(providers) for c in sorted(consumers)]
    return "hosting_deal", pairs, where
