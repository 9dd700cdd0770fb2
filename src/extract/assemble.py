"""Assembly: the values found in one sentence or table cell become results (endpoint + per-arm
values + HR/CI/p), and each result is attached to its trial, arms and qualifiers from the
sentence, the table row, the section heading, or the preceding sentences."""

from __future__ import annotations

import bisect
import re as stdlib_re
from dataclasses import dataclass, field, replace

import regex as re

from extract.arms import Arms, find_arms, normalize_regimen
from extract.endpoints import AE_ENDPOINTS, EndpointMention, ascii_view, find_endpoints, find_outcome_phrases
from extract.hazard import CI_NEAR, NUM, P_NEAR, Hazard, find_derived, find_hazards, find_p_values, printed
from extract.outcomes import ROLE_CONTROL, Values, _role, find_values
from extract.trials import TrialMention

TIME_UNITS = ("months", "weeks", "days")
# Canonical time-to-event endpoints: a percentage of patients with the event is not their rate.
TIME_TO_EVENT = frozenset({"OS", "PFS", "RFS", "EFS", "DFS", "TTP", "TTF", "DOR"})
# A result is not reported for the whole comparison when the text says it is a subgroup's.
SUBGROUP = re.compile(r"\bsub[\s\-]?groups?\b|\bpost[\s\-]hoc\b|\b(?:patients|those|participants)\s+aged\b"
                      r"|\b(?:younger|older)\s+patients\b|\b(?:among|in)\s+those\s+(?:with|who|aged)\b", re.I)
_SUBGROUP_WORDS = stdlib_re.compile("sub|post|aged|younger|older|those")  # (see _may_match)
# A lone figure in a sentence that speaks of earlier or usual results is background, not this
# trial's result: "historically, TACE achieves a median OS of about 30 months".
BACKGROUND = re.compile(r"\b(?:historical(?:ly)?|typically|usually|generally|previous(?:ly)?|prior\s+(?:studies|trials)"
                        r"|in\s+the\s+literature|reported\s+to\s+be|ranges?|ranging|expected)\b", re.I)
_BACKGROUND_WORDS = stdlib_re.compile("historical|typically|usually|generally|previous|prior|literature|reported"
                                     "|rang|expected")
# Figures that are design assumptions, not results: "assuming a hazard ratio of 0.70", "powered
# to detect an HR of 0.75", "a target HR of 0.68".
ASSUMPTION = re.compile(r"\b(?:assum\w*|hypothesi[sz]\w*|power(?:ed)?\b|detect\w*|target(?:ed)?\s+(?:an?\s+)?(?:HR|hazard)"
                        r"|expected\s+(?:an?\s+)?(?:HR|hazard)|sample\s+size)", re.I)
_ASSUMPTION_WORDS = stdlib_re.compile("assum|hypothesi|power|detect|target|expected|sample")


def _may_match(low: str | None, words: stdlib_re.Pattern) -> bool:
    """Can a pattern match the text? No when `low`, the text's ascii_view (lower-cased; None
    when the text has letters or digits other than ASCII ones), holds none of `words` (an alternation of
    plain words, one C-level pass), of which every match of the pattern holds one (as the
    pattern spells it)."""
    return low is None or words.search(low) is not None


# Results within one part of the population, beyond the words SUBGROUP knows: a sentence that
# gives a p-value for interaction ("P interaction 0.109", "P-interaction, 0.66") compares
# subgroups; a population defined by a baseline feature ("participants not taking X at
# baseline"); a sub-analysis.
INTERACTION = re.compile(r"\b[Pp][\s\-]*(?:values?\s+)?(?:for\s+)?interaction\b|\binteraction\s+[Pp]\b|\bP[\s_]?int\b")
BASELINE_POPULATION = re.compile(
    r"\b(?:patients|participants|those|subjects|individuals|people)\b[^.;:()\[\]]{0,60}?\bat\s+baseline\b"
    r"|\bsub[\s\-]?(?:analys[ie]s|populations?|sets?)\b", re.I)
# An HR within one arm compares kinds of patients, not the arms: a sentence opening "In the
# placebo group, the hazard ratio for ..." (an abstract's "Results:" may stand before it).
WITHIN_ARM = re.compile(r"^\W*(?:\w+:\s*)?(?:in|within|among)\s+the\s+[\w\-\s]{1,30}?\s+(?:group|arm)\s*,", re.I)
# After an HR: its subgroup ("... for those with any use"), or a second HR of a list ("HR 2.89
# [1.82-4.57] and 1.90 [1.31-2.78]": levels of a factor or several subgroups, not one result).
SUBGROUP_AFTER = re.compile(r"[\s,;)\]]*(?:for|in|among)\s+(?:those|patients|participants|subjects)\s+"
                            r"(?:with|who|without|not|aged|taking|using|receiving)\b", re.I)
LIST_AFTER = re.compile(r"[\s,;)\]]*(?:for\s+[^,;()\[\]]{1,40}?\s+)?and\s+" + NUM + r"\s*[(\[,]")
# "HRs", "hazard ratios", "HR values" earlier in the sentence: a set of HRs (categories,
# subgroups or several endpoints in one breath), not one comparison's result.
PLURAL_HR = re.compile(r"\bHRs\b|\bhazard\s+ratios\b|\bHR\s+values\b", re.I)
_PLURAL_HR_WORDS = stdlib_re.compile("hrs|ratios|values")


# HRs of a prognostic model, not of the arms: "in multivariable analysis", "an independent
# predictor of", "risk factors for", "per 1-SD increase", "per doubling".
PROGNOSTIC = re.compile(r"\b(?:multi|uni)[\s\-]?varia\w+|\bindependent(?:ly)?\s+(?:predict|associat|risk)\w*"
                        r"|\bpredictors?\b|\bprognostic\s+factors?\b|\brisk\s+factors?\b"
                        r"|\bper\s+(?:\d[\w\-]*\s*(?:SD|unit|increase|mg|mmol|points?)|doubling|(?:one|1)[\s\-]SD)", re.I)
_PROGNOSTIC_WORDS = stdlib_re.compile("varia|independent|predictor|prognostic|risk|per")
# An association, which without a treatment named is a risk marker's, not an arm's effect.
ASSOCIATION = re.compile(r"\bassociat(?:ed|ion)\s+(?:with|between)\b", re.I)


def _not_whole_population(text: str):
    """A test: is a figure at `pos` in `text` (an HR with `hazard`) reported for part of the
    population only?"""
    low = text.lower()  # (cheap looks first: most sentences have none of these words)
    if "interaction" in low and INTERACTION.search(text):
        return lambda pos, hazard=False: True
    m = BASELINE_POPULATION.search(text) if "baseline" in low or "sub" in low else None
    cut = m.start() if m else len(text)
    w = WITHIN_ARM.match(text) if " group" in low or " arm" in low else None
    cut_hr = min(cut, w.start()) if w else cut
    return lambda pos, hazard=False: pos >= (cut_hr if hazard else cut)


_WORD_CHAR = re.compile(r"\w")


def _subgroup_before(text: str, low: str | None):
    """A test: does SUBGROUP match in text[:pos]? One search of the whole text answers for most
    positions: a match in text[:pos] that ends before pos is one in the text too, so when the
    text has none, a match can only end at pos, with a word character (each alternative ends in
    a word and \\b) - and a value or HR rarely follows a letter. (`low`: see _may_match; a
    text without SUBGROUP's words has no match in any part.)"""
    if not _may_match(low, _SUBGROUP_WORDS):
        return lambda pos: False
    if SUBGROUP.search(text):
        return lambda pos: bool(SUBGROUP.search(text[:pos]))
    return lambda pos: pos > 0 and bool(_WORD_CHAR.match(text, pos - 1)) and bool(SUBGROUP.search(text[:pos]))


def _one_of_a_set(text: str, h: Hazard, low: str | None) -> bool:
    """An HR that is one of several printed for parts of the population or levels of a factor."""
    return bool(SUBGROUP_AFTER.match(text, h.end) or LIST_AFTER.match(text, h.end)
                or _may_match(low, _PLURAL_HR_WORDS) and PLURAL_HR.search(text, 0, h.start))


# Between endpoints listed together: "OS and PFS", "OS, PFS and ORR", "OS/PFS".
_EP_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|/\s*)")


def _respectively(text: str, values: list, eps: list[EndpointMention]) -> dict[int, EndpointMention]:
    """ "Median OS and PFS were 20.1 and 7.2 months with A versus 15.5 and 4.9 months with B,
    respectively" (or "... 20.1 vs 15.5 and 7.2 vs 4.9 months, respectively"): the k listed
    endpoints take the k pairs that follow them, in order. Returns id(value) -> endpoint."""
    if "respectively" not in text or len(eps) < 2:
        return {}
    runs: list[list[EndpointMention]] = [[eps[0]]]
    for a, b in zip(eps, eps[1:]):
        if _EP_LIST_GAP.fullmatch(text, a.end, b.start):
            runs[-1].append(b)
        else:
            runs.append([b])
    out: dict[int, EndpointMention] = {}
    for i, run in enumerate(runs):
        if len(run) < 2:
            continue
        stop = runs[i + 1][0].start if i + 1 < len(runs) else len(text)
        after = [v for v in values if run[-1].end <= v.start < stop]
        listed = [v for v in after if v.slots == len(run)]
        if listed:
            for v in listed:
                out[id(v)] = run[v.slot]
            continue
        pairs = [v for v in after if not v.single]
        resp = text.find("respectively", run[-1].end, stop)
        if resp >= 0 and len(pairs) == len(run) and all(v.end <= resp for v in pairs):
            for v, ep in zip(pairs, run):
                out[id(v)] = ep
    return out


# Two endpoints listed: "PFS and OS", "PFS and median OS", "ORR, DCR".
_EP_PAIR_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|/\s*)(?:(?:the\s+)?median\s+)?", re.I)
# Words that turn from one group's figures to the other's: "..., which were longer than those of
# the control group (5.2 and 12.5 months)".
_OTHER_GROUP = re.compile(r"\b(?:than|compared|versus|vs\.?|whereas|while|those\s+of)\b", re.I)


def _per_group_lists(text: str, values: list, eps: list[EndpointMention]) -> tuple[list, dict[int, EndpointMention]]:
    """ "The median PFS and OS of the observation group were 8.5 and 17.0 months, respectively,
    longer than those of the control group (5.2 and 12.5 months)": two endpoints, one group's
    two figures as a "respectively" pair, then the other group's two figures. The pair is not
    exp vs ctrl: each endpoint takes one figure from each group. Returns the values with those
    three replaced by one pair per endpoint, and id(pair) -> endpoint."""
    if "respectively" not in text or len(eps) != 2 or not _EP_PAIR_GAP.fullmatch(text, eps[0].end, eps[1].start):
        return values, {}
    after = [v for v in values if v.start >= eps[1].end]
    pairs = [v for v in after if not v.single]
    if len(pairs) != 1 or pairs[0].slots:
        return values, {}
    pair = pairs[0]
    resp = text.find("respectively", pair.start)
    singles = [v for v in after if v.single and v.start > pair.end]
    if resp < 0 or resp > pair.end + 20:
        return values, {}
    if not singles and not _OTHER_GROUP.search(text, pair.end):
        # "Median OS and PFS were 20.1 and 7.2 months, respectively": one figure per endpoint
        first = Values(pair.start, pair.end, pair.value_exp, "", pair.unit, single=True)
        second = Values(pair.start, pair.end, pair.value_ctrl, "", pair.unit, single=True)
        kept = sorted([v for v in values if v is not pair] + [first, second], key=lambda v: v.start)
        return kept, {id(first): eps[0], id(second): eps[1]}
    if len(singles) != 2 or not _OTHER_GROUP.search(text, pair.end, singles[0].start):
        return values, {}
    s1, s2 = singles
    unit = pair.unit or s1.unit
    if {s1.unit or unit, s2.unit or unit} != {unit}:
        return values, {}
    first = Values(pair.start, s1.end, pair.value_exp, s1.value_exp, unit)
    second = Values(pair.start, s2.end, pair.value_ctrl, s2.value_exp, unit)
    kept = [v for v in values if v is not pair and v is not s1 and v is not s2] + [first, second]
    kept.sort(key=lambda v: v.start)
    return kept, {id(first): eps[0], id(second): eps[1]}


# The clause right after a value, up to the next "and"/"versus"/comma: whose value it is.
_CLAUSE_AFTER = re.compile(r"[^;,]{0,60}?(?=\s(?:and|versus|vs\.?|compared)\s|[;,.]|$)")
# A word with the value in brackets after it: "dysgeusia (14.7%)", "headache (6.0 %" (not a
# count's noun: "10 of 129 patients (7.8%)").
_WORD_THEN_BRACKET = re.compile(r"(?<![\w\-])(?!(?:patients|participants|subjects|individuals|people|cases)\b)"
                                r"([A-Za-z][\w\-]*)\s*\(\s*$", re.I)


# The group a value is of, after its bracketed CI or count: "25.3 months (95% CI 22.1-NR) in
# the combination group".
_GROUP_AFTER = re.compile(r"(?:\s*[(\[][^()\[\]]{0,60}[)\]])*\s*(?:of\s+(?:the\s+)?(?:patients|those)\s+)?"
                          r"(?:in|with|for|among|of)\s+(?:the\s+)?(?P<g>[\w\-+]+(?:\s+[\w\-+]+){0,4}?)\s+(?:group|arm|cohort)\b", re.I)
# Groups named by the experimental arm's role in papers translated from Chinese.
_EXPERIMENTAL_GROUP = re.compile(r"^(?:treatment|observation|research|study)$", re.I)
_EXPERIMENTAL_WORD = re.compile(r"\b(?:treatment|observation|research|study)\b", re.I)


def _arm_role(arm_text: str) -> int:
    return 1 if _EXPERIMENTAL_WORD.search(arm_text) and not ROLE_CONTROL.search(arm_text) else _role(arm_text)


def _by_role(v: Values) -> Values:
    """A pair whose second value is named the experimental arm's ("18.9% in the TACE group and
    35.3% in the treatment group") or whose first is the control's, with the values swapped."""
    if v.single or not v.arm_texts[1]:
        return v
    ra, rb = _arm_role(v.arm_texts[0]), _arm_role(v.arm_texts[1])
    if rb == 1 and ra != 1 or ra == -1 and rb != -1:
        return replace(v, value_exp=v.value_ctrl, value_ctrl=v.value_exp, arm_texts=v.arm_texts[::-1])
    return v


def _group_after(text: str, pos: int) -> tuple[str, int]:
    """The group named right after a value and its role (1 experimental, -1 control, 0 not
    said), or ("", 0)."""
    m = _GROUP_AFTER.match(text, pos)
    if not m:
        return "", 0
    g = m["g"]
    return g, 1 if _EXPERIMENTAL_GROUP.match(g) else _role(g)


def _role_after(text: str, pos: int) -> int:
    """-1 when the clause after `pos` names the control arm ("who received placebo")."""
    m = _CLAUSE_AFTER.match(text, pos)
    return _role(m.group(0)) if m else 0


def _named_by_word_before(text: str, pos: int, ep: EndpointMention) -> bool:
    """A bracketed value labelled by the word before it, which is not the endpoint's mention."""
    m = _WORD_THEN_BRACKET.search(text, max(0, pos - 40), pos)
    return bool(m) and m.end(1) != ep.end


# Several endpoints' HRs in one breath: "HRs for A, B, and C were 1.05 (95% CI: 0.67, 1.66),
# 0.26 (0.03-2.2) and 0.68 (0.06-7.5), respectively" (each value with its interval).
HR_LIST_HEAD = re.compile(r"\b(?:HRs|hazard\s+ratios|HR\s+values)\s+(?:\(95%\s*CI\)\s+)?for\s+(?P<eps>[^;()\[\]\d]{3,200}?)"
                          r"\s+(?:were|was|of)\s+", re.I)
_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_LIST_NUM = re.compile(NUM + r"(?![\d%])")
_RESPECTIVELY_NEXT = re.compile(r"[\s,)\]]*respectively\b")


def _hr_list(text: str) -> list[tuple[int, EndpointMention, Hazard]]:
    """HRs of endpoints listed together and given "respectively", one item per endpoint;
    nothing unless each listed endpoint is recognized and each HR has its interval."""
    m = HR_LIST_HEAD.search(text)
    if not m:
        return []
    names = [x for x in _LIST_SEP.split(m["eps"]) if x.strip()]
    eps: list[EndpointMention] = []
    offset = m.start("eps")
    for name in names:
        found = find_endpoints(name) or _listed(find_outcome_phrases(name))
        if len(found) != 1:
            return []
        at = offset + m["eps"].index(name)
        eps.append(EndpointMention(found[0].endpoint, at, at + len(name), free=found[0].free))
    pos, hazards = m.end(), []
    for i in range(len(eps)):
        if i:
            sep = _LIST_SEP.match(text, pos)
            if not sep:
                return []
            pos = sep.end()
        n = _LIST_NUM.match(text, pos)
        ci = CI_NEAR.match(text[n.end():n.end() + 80]) if n else None
        if not ci or not (ci["low"] or ci["blow"]):
            return []
        h = Hazard(printed(n.group(0)), n.start(), n.end() + ci.end(), printed(ci["low"] or ci["blow"]),
                   printed(ci["high"] or ci["bhigh"]), printed(ci["level"] or ci["level2"] or "95"))
        p = P_NEAR.match(text[h.end:h.end + 60])
        if p:
            h.p_value = find_p_values(p.group(0))[0][2]
            h.end += p.end()
        hazards.append(h)
        pos = h.end
    if not _RESPECTIVELY_NEXT.match(text, pos):
        return []
    return [(h.start, ep, h) for ep, h in zip(eps, hazards)]


def _listed(free: list[EndpointMention]) -> list[EndpointMention]:
    """Outcome phrases that can name a result: "primary outcome" and the like."""
    return [e for e in free if e.endpoint.lower() not in _BARE_HEADS]


# A head noun alone is not an endpoint ("events", "outcomes").
_BARE_HEADS = frozenset({"event", "events", "outcome", "outcomes", "endpoint", "endpoints", "end point",
                         "end points", "end-point", "end-points"})


@dataclass
class Result:
    endpoint: str
    measure: str
    start: int  # segment holding the result, relative to the parsed text
    end: int
    values: Values | None = None
    hazard: Hazard | None = None
    unit: str = ""
    p_value: str = ""  # a p-value stated with the values but not after an HR

    @property
    def value_exp(self) -> str:
        return self.values.value_exp if self.values else ""

    @property
    def value_ctrl(self) -> str:
        return self.values.value_ctrl if self.values else ""


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _endpoint_for(item_start: int, item_end: int, text: str, eps: list[EndpointMention]) -> EndpointMention | None:
    """The endpoint a value belongs to: one printed right after it ("81.3% ORR"), else the
    last one printed before it. `eps` is in text order."""
    i = bisect.bisect_left(eps, item_end, key=lambda e: e.start)
    if i < len(eps) and eps[i].start - item_end <= 2 and not text[item_end:eps[i].start].strip():
        return eps[i]
    j = bisect.bisect_right(eps, item_start, key=lambda e: e.end)
    return eps[j - 1] if j else None


def _fits(ep: EndpointMention, unit: str) -> bool:
    """Time values go with time-to-event endpoints, percentages with rates and landmarks (an
    outcome phrase takes either: "30-day mortality" rates, "time to first recurrence" medians)."""
    if not unit or ep.free:
        return True
    if unit == "%":
        return ep.is_rate
    return not ep.is_rate


def parse_results(text: str, context_unit: str = "", default_endpoint: str = "") -> list[Result]:
    """Results stated in one sentence or table cell, in order."""
    hazards = find_hazards(text)
    derived = find_derived(text)
    found_values = find_values(text)
    if not (hazards or derived or found_values or "respectively" in text):
        return []  # (no figure to report: the rest would find nothing)
    low = ascii_view(text)  # (for _may_match)
    eps = find_endpoints(text)
    if default_endpoint and not eps:
        eps = [EndpointMention(default_endpoint, 0, 0)]
    free_rates: set[int] = set()  # outcome phrases whose two arms' rates count without an HR
    if not eps and hazards:
        # an endpoint outside the canonical codes ("primary outcome", "cardiovascular death")
        # names the result of an HR; a sentence naming a canonical endpoint keeps to it
        eps = _listed(find_outcome_phrases(text))
    elif not eps and found_values and _may_match(low, _FREE_RATE_WORDS):
        eps = [e for e in _listed(find_outcome_phrases(text)) if _free_rate(text, e)]
        free_rates = {id(e) for e in eps}
    hz_spans = [(h.start, h.end) for h in hazards + derived]
    ep_spans = [(e.start, e.end) for e in eps if e.end > e.start]
    # "reduced the risk of death by 21% (HR 0.79 ...)": the reduction names the endpoint of the
    # HR printed after it
    anchors = sorted(eps + [e for e in (_derived_endpoint(h, eps, span=True) for h in derived)
                            if e and not _named_before(e, eps)], key=lambda e: e.start)
    not_whole = _not_whole_population(text)
    prognostic = bool(hazards) and _may_match(low, _PROGNOSTIC_WORDS) and bool(PROGNOSTIC.search(text))
    items: list[tuple[int, EndpointMention, object]] = []
    spans = hz_spans + ep_spans
    values = [_by_role(v) for v in found_values if not _overlaps((v.start, v.end), spans)]
    if not any(e.series for e in eps):  # ("1-, 2- and 3-year OS rates were 88%, 60% and 40%": one per landmark)
        values = _without_three_arm_lists(text, values)
    values, by_group = _per_group_lists(text, values, eps)
    in_order = {**_respectively(text, values, eps), **by_group}
    subgroup_before = _subgroup_before(text, low)
    background = (any(v.single for v in values) and _may_match(low, _BACKGROUND_WORDS)
                  and bool(BACKGROUND.search(text)))  # (once, not per value)
    assumption = bool(hazards) and _may_match(low, _ASSUMPTION_WORDS)  # (in the text, then before an HR)
    for v in values:
        ep = in_order.get(id(v)) or _endpoint_for(v.start, v.end, text, eps)
        if ep is None or not (_fits(ep, v.unit or context_unit) or _rate_beside_hr(text, ep, v, hazards)):
            continue
        if subgroup_before(v.start) or v.single and background or not_whole(v.start):
            continue
        if v.single and ep.endpoint in AE_ENDPOINTS and _named_by_word_before(text, v.start, ep):
            continue  # "AEs were ..., with dysgeusia (14.7%)": one kind of event's rate
        items.append((v.start, ep, v))
    for h in hazards:
        ep = _endpoint_for(h.value_start, h.end, text, anchors)
        if h.endpoint_hint and (ep is None or ep.start > h.start and not ep.free):
            ep = EndpointMention(h.endpoint_hint, h.start, h.start)
        if ep is None or subgroup_before(h.start) or assumption and ASSUMPTION.search(text[max(0, h.start - 60):h.start]):
            continue
        if not_whole(h.start, hazard=True) or _one_of_a_set(text, h, low) or prognostic:
            continue
        if ep.free and "associat" in text and ASSOCIATION.search(text) and not find_arms(text):
            continue  # "higher troponin was associated with cardiovascular death (HR ...)"
        items.append((h.start, ep, h))
    if "respectively" in text:
        items += [it for it in _hr_list(text) if not not_whole(it[0], hazard=True)]
    explicit = {ep.endpoint for _, ep, it in items if isinstance(it, Hazard)}
    for h in derived:
        ep = _derived_endpoint(h, eps)
        if ep is not None and ep.endpoint not in explicit:
            items.append((h.start, ep, ("derived", h)))
    items.sort(key=lambda t: t[0])

    groups: dict[tuple[int, str], list] = {}
    for pos, ep, item in items:
        # an outcome phrase named twice ("median time to first X ... risk of first X (HR)") is
        # one endpoint: its figures and its HR make one result
        groups.setdefault((-1 if ep.free else ep.start, ep.endpoint), []).append((pos, ep, item))
    results: list[Result] = []
    for (_, _), members in groups.items():
        ep0 = members[0][1]
        if ep0.free:
            if id(ep0) in free_rates:
                members = _free_rate_members(text, members)
                if not members:
                    continue
            elif not any(isinstance(it, Hazard) for _, _, it in members):
                continue  # an outcome phrase with figures but no HR: too often a baseline feature
            lone = [it for _, _, it in members if isinstance(it, Values) and it.single]
            if len(lone) != 2:  # "14% lower", "by 29%": a reduction, not an arm's figure
                members = [t for t in members if not (isinstance(t[2], Values) and t[2].single)]
            if ep0.endpoint in TIME_TO_EVENT:
                # "death occurred in 9.6% vs 11.5%": shares with the event, not OS or PFS rates
                # (unless the pair stands right before its HR: "(2.8% vs 3.1%; hazard ratio, 0.90)")
                # or as two lone figures, the second right before it ("in 11.2% of the patients in
                # the A group and in 12.0% of those in the B group (hazard ratio, 0.93 ...)")
                lone_pct = [it for _, _, it in members if isinstance(it, Values) and it.single and it.unit == "%"]
                two = len(lone_pct) == 2 and _rate_beside_hr(text, ep0, lone_pct[1], hazards, lone=True)
                members = [t for t in members if not (isinstance(t[2], Values) and t[2].unit == "%" and not (
                    two if t[2].single else _rate_beside_hr(text, ep0, t[2], hazards)))]
        if ep0.series and all(isinstance(it, Values) for _, _, it in members):
            # "1- and 2-year OS rates were 67% and 50%": one value per landmark, in order
            flat = [(v.start, v.end, x, v.unit) for _, _, v in members
                    for x in ((v.value_exp,) if v.single else (v.value_exp, v.value_ctrl))]
            if len(flat) == len(ep0.series):
                for (s, e, x, unit), months in zip(flat, ep0.series):
                    results.append(Result(ep0.endpoint, f"{months}-month rate", s, e,
                                          values=Values(s, e, x, "", unit, single=True)))
                continue
        has_pair = any(isinstance(it, Values) and not it.single for _, _, it in members)
        singles = [it for _, _, it in members if isinstance(it, Values) and it.single]
        if not has_pair and len(singles) == 2 and singles[0].unit == singles[1].unit and not ep0.series:
            # "X was 13.6 months ... non-inferior to Y (12.3 months; HR 0.92)": the two arms
            a, b = singles
            # (the role of the group named right after each value, else of the clause after it)
            (ga, group_a), (gb, group_b) = _group_after(text, a.end), _group_after(text, b.end)
            ra, rb = group_a or _role_after(text, a.end), group_b or _role_after(text, b.end)
            pair = Values(a.start, b.end, a.value_exp, b.value_exp, a.unit, arm_texts=(ga, gb))
            if ra == -1 and rb != -1 or group_b == 1 and ra != 1:
                # "4 of 68 patients (5.9%) who received placebo and 10 of 129 (7.8%) who received X",
                # "18.9% (95% CI ...) in the TACE group and 35.3% (...) in the treatment group"
                pair = Values(a.start, b.end, b.value_exp, a.value_exp, a.unit, arm_texts=(gb, ga))
            members = [(pos, ep, pair if it is a else it) for pos, ep, it in members if it is not b]
            has_pair = True
        current: Result | None = None
        first = True
        for pos, ep, item in members:
            if isinstance(item, tuple):  # derived HR: a record of its own
                h = item[1]
                results.append(Result(ep.endpoint, "derived HR", min(pos, ep.start), h.end, hazard=h))
                continue
            slot = "values" if isinstance(item, Values) else "hazard"
            if slot == "values" and item.single and has_pair:
                continue
            # a second pair (or HR) under the same endpoint mention starts the next result
            if current is None or getattr(current, slot) is not None:
                current = _new_result(ep, pos, first)
                first = False
                results.append(current)
            setattr(current, slot, item)
            current.end = max(current.end, item.end)
    results.sort(key=lambda r: r.start)
    _attach_p_values(text, results, hz_spans)
    for r in results:
        _finish(r, context_unit)
        r.end = _close_brackets(text, r.start, r.end)
    return results


# Between the two arms' percentages of death or progression and their HR: "(2.8% vs 3.1%;
# hazard ratio, 0.90 ...)", "12.0% of those in the placebo group (hazard ratio ...".
_PAIR_THEN_HR = re.compile(r"[\s,;:(\[]*")
_LONE_THEN_HR = re.compile(r"(?:[\s,;:(\[]|\bof\s+(?:the\s+)?(?:patients|those|participants)\b"
                           r"|\b(?:in|with|for)\s+(?:the\s+)?(?:[\w\-+]+\s+){0,4}?(?:group|arm|cohort)\b)*", re.I)


def _rate_beside_hr(text: str, ep: EndpointMention, v: Values, hazards: list[Hazard], lone: bool = False) -> bool:
    """Two percentages of OS or PFS (no landmark) printed right before their HR: the arms'
    event rates, kept with measure `rate`. (`lone`: `v` is the second of two lone figures.)"""
    gap = _LONE_THEN_HR if lone else _PAIR_THEN_HR
    return (ep.endpoint in ("OS", "PFS") and v.unit == "%" and v.single == lone
            and any(h.start >= v.end and gap.fullmatch(text, v.end, h.start) for h in hazards))


# Between the first value of a list of three and the pair read after it: "27.1 months in arm
# A, 22.4 months in arm B and 16.8 months in arm C", "52%, 41% and 30%".
_THIRD_GAP = re.compile(r"\s*(?:(?:in|with|for|on)\s+[^,;()\[\]\d]{1,30}?)?\s*,\s*")
_BARE_FIRST = re.compile(r"(?<![\w.,\u00b7])(?:\d{1,3}[.\u00b7]\d+|\d{1,3})\s*,\s*$")
_LAST_GAP = re.compile(r"\s*(?:(?:in|with|for|on)\s+[^,;()\[\]\d]{1,30}?)?\s*,?\s*and\s+")


def _without_three_arm_lists(text: str, values: list[Values]) -> list[Values]:
    """Three arms' values in a row are not one comparison's pair: the pair read from the last
    two (the second experimental arm and the control) would pass for the first arm's result,
    so the three make no record."""
    drop: set[int] = set()
    for a, b in zip(values, values[1:]):
        if a.single and not b.single and a.unit in ("", b.unit) and _THIRD_GAP.fullmatch(text, a.end, b.start):
            drop.update((id(a), id(b)))
    for b in values:
        if not b.single and _BARE_FIRST.search(text, max(0, b.start - 16), b.start):
            drop.add(id(b))  # "was 12.4, 8.9 and 7.0 months": the first value printed bare
    for a, b, c in zip(values, values[1:], values[2:]):
        if (a.single and b.single and c.single and a.unit == b.unit == c.unit
                and _THIRD_GAP.fullmatch(text, a.end, b.start) and _LAST_GAP.fullmatch(text, b.end, c.start)):
            drop.update((id(a), id(b), id(c)))
    return [v for v in values if id(v) not in drop] if drop else values


# Per-arm percentages of an outcome outside the canonical codes, kept without an HR only when
# the phrase is a declared endpoint or an event verb follows it ("the primary efficacy
# endpoint was met in 71.2% and 63.9% ...", "major bleeding occurred in 3.1% of the A group and
# 2.6% of the B group"), the sentence contrasts the arms, and a between-arm p follows the two
# figures (a difference with its CI but no p is the difference's record alone). Baseline and
# exposure shares name no endpoint and have no event verb; design assumptions are no result.
DECLARED_ENDPOINT = re.compile(r"\b(?:primary|secondary|key\s+secondary)\s+(?:(?:composite|efficacy|safety|effectiveness)\s+)?"
                               r"(?:end[\s\-]?points?|outcomes?)\b", re.I)
EVENT_VERB = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?(?:was\s+|were\s+)?(?:met|reached|achieved|occurred|developed"
                        r"|observed|reported)\s+(?:in|for)\b", re.I)
_FREE_RATE_WORDS = stdlib_re.compile("primary|secondary|met|reached|achieved|occurred|developed|observed|reported")
ARMS_CONTRAST = re.compile(r"\bvs\.?(?!\w)|\bversus\b|\bcompared\b|\bthan\b|\bplacebo\b|\bcontrol\b"
                           r"|\b(?:groups|arms)\b|\b(?:group|arm)\b[^;]{1,80}?\b(?:group|arm)\b", re.I)
# What makes the two figures a between-arm result: "(P=0.002)"; the difference and its CI
# printed before it are no arm's figures ("(difference: 0.4%; 90% CI: -2.8% to 3.7%; P < 0.0001)").
BETWEEN_ARMS = re.compile(r"\bdifference\b|\bCI\b|\bconfidence\s+interval\b|(?<![\w])[Pp]\s*(?:[=<>≤≥]|value)", re.I)
BETWEEN_ARMS_P = re.compile(r"(?<![\w])[Pp]\s*(?:[=<>≤≥]|value)")


def _free_rate(text: str, ep: EndpointMention) -> bool:
    return bool((DECLARED_ENDPOINT.search(text, ep.start, ep.end + 12) or EVENT_VERB.match(text, ep.end))
                and ARMS_CONTRAST.search(text) and BETWEEN_ARMS_P.search(text, ep.end)
                and not BASELINE_POPULATION.search(text) and not ASSUMPTION.search(text))


def _free_rate_members(text: str, members: list) -> list:
    """The two arms' percentages of a free endpoint before the between-arm figure (the
    difference and its CI after it are no arm's), when they are two and a p, difference or CI
    follows them."""
    vals = [t for t in members if isinstance(t[2], Values) and t[2].unit == "%"]
    if not vals:
        return []
    marker = BETWEEN_ARMS.search(text, vals[0][2].end)
    if not marker or not BETWEEN_ARMS_P.search(text, marker.start()):
        return []
    vals = [t for t in vals if t[2].end <= marker.start()]
    pairs = [t for t in vals if not t[2].single]
    lone = [t for t in vals if t[2].single]
    if len(pairs) == 1 and not lone or not pairs and len(lone) == 2:
        return vals
    return []


def _new_result(ep: EndpointMention, pos: int, first: bool) -> Result:
    start = min(ep.start, pos) if first and ep.end > ep.start else pos
    return Result(ep.endpoint, ep.measure, start, pos)


_PROGRESSION_ENDPOINTS = ("PFS", "TACE-PFS", "TTP", "TTUP", "EFS")


def _named_before(anchor: EndpointMention, eps: list[EndpointMention]) -> bool:
    """The sentence already named the reduction's endpoint before it (its HR goes there)."""
    before = [e for e in eps if e.end <= anchor.start]
    return bool(before) and before[-1].endpoint == anchor.endpoint


def _derived_endpoint(h: Hazard, eps: list[EndpointMention], span: bool = False) -> EndpointMention | None:
    """A reduction in "the risk of progression" belongs to the progression endpoint the
    sentence names before it (TACE-PFS, TTP...), "of death" to OS. With `span`, the mention
    covers the reduction's words (to anchor an HR printed after them)."""
    end = h.end if span else h.start
    before = [e for e in eps if e.end <= h.start]
    if h.endpoint_hint == "PFS":
        named = [e for e in before if e.endpoint in _PROGRESSION_ENDPOINTS]
        if named:
            return EndpointMention(named[-1].endpoint, h.start, end)
    if h.endpoint_hint:
        return EndpointMention(h.endpoint_hint, h.start, end)
    return None if span else (before[-1] if before else None)


def _attach_p_values(text: str, results: list[Result], hz_spans: list[tuple[int, int]]) -> None:
    """ "30.6% versus 11.2% (P < 0.001)": a p-value after a result's values, not after an HR;
    "(both p<0.01)", "(all P<0.05)": after each result of the sentence before it."""
    for ps, pe, p in find_p_values(text):
        if _overlaps((ps, pe), hz_spans):
            continue
        each = _EACH_P.search(text, max(0, ps - 12), ps)
        at = each.start() if each else ps
        prior = [r for r in results if r.values is not None and r.values.end <= at and not r.hazard
                 and not r.p_value]
        if not prior or not _P_GAP.fullmatch(text, prior[-1].values.end, at):
            continue
        if each:
            prior = prior[-2:] if each["w"].lower() == "both" else prior
            if each["w"].lower() == "both" and len(prior) != 2:
                continue
        else:
            prior = prior[-1:]
        for r in prior:
            r.p_value = p
            r.end = max(r.end, pe)


def _finish(r: Result, context_unit: str) -> None:
    if r.measure == "derived HR":
        return
    if r.values is None:
        r.measure, r.unit = "HR", ""
        return
    unit = r.values.unit or context_unit
    if unit == "%" and r.measure == "median":
        r.measure = "rate"
    r.unit = unit if unit in TIME_UNITS + ("%",) else ""


# The next closing bracket within a short reach: the tail of "(HR = 0.69, P = 0.01)".
_NEXT_CLOSE = re.compile(r"[^()\[\]]{0,40}?[)\]]")
# Between a result's values and its p-value: brackets and punctuation, bracketed counts
# ("[35 of 74]", "(35/74)"), whose the values are ("of patients", "in the B group",
# "in the A and B arms, respectively").
_P_GAP = re.compile(r"(?:[\s,;:(\[]|[(\[]\s*(?:n\s*=\s*)?\d+\s*(?:of|/)\s*\d+\s*[)\]]|\brespectively\b"
                    r"|\bof\s+(?:the\s+)?(?:patients|participants|those)\b"
                    r"|\b(?:(?:in|with|for)\s+(?:the\s+)?)?(?:[\w\-+]+\s+){0,4}?(?:group|arm|cohort)s?\b)*", re.I)
# "(both p<0.01)", "(all P<0.05)": one p-value for each result before it.
_EACH_P = re.compile(r"\b(?P<w>both|all)\s+$", re.I)


def _close_brackets(text: str, start: int, end: int) -> int:
    """Extend a segment over the brackets it opened: "OS: 10.7 vs. 7.9 (HR = 0.69)"."""
    seg = text[start:end]
    need = seg.count("(") - seg.count(")") + seg.count("[") - seg.count("]")
    while need > 0 and end < len(text):
        m = _NEXT_CLOSE.match(text, end)
        if not m:
            break
        end = m.end()
        need -= 1
    return end


# -- attaching trial and arms -------------------------------------------------------------------

def nearest_trial(mentions: list[TrialMention], pos: int) -> TrialMention | None:
    before = [m for m in mentions if m.start <= pos]
    if before:
        return before[-1]
    return mentions[0] if mentions else None


def arms_window(text: str, mentions: list[TrialMention], trial: TrialMention | None) -> tuple[int, int]:
    """The part of a sentence that speaks about `trial` (the whole sentence with one trial)."""
    if trial is None or len({m.name for m in mentions}) <= 1:
        return 0, len(text)
    later = [m.start for m in mentions if m.start > trial.start and m.name != trial.name]
    return trial.start, (later[0] if later else len(text))


def arms_from_values(values: Values | None) -> Arms | None:
    if values is None or not any(values.arm_texts):
        return None
    exp, ctrl = (normalize_regimen(a) for a in values.arm_texts)
    if exp or ctrl:
        return Arms(exp, ctrl)
    return None


def merge_arms(primary: Arms | None, context: Arms | None) -> Arms | None:
    """Fill a side the sentence leaves open from the comparison stated earlier for the trial."""
    if primary is None:
        return context
    if context is not None and _names_by_difference(primary, context):
        return context  # "in the regorafenib arm" names the TACE-plus-regorafenib arm by its drug
    if context is None or (primary.exp and primary.ctrl):
        return primary
    exp, ctrl = primary.exp, primary.ctrl
    if not exp and context.exp and context.exp != ctrl:
        exp = context.exp
    if not ctrl and context.ctrl and context.ctrl != exp:
        ctrl = context.ctrl
    return Arms(exp, ctrl, primary.start, primary.end)


def _names_by_difference(primary: Arms, context: Arms) -> bool:
    """The sentence names each arm by what sets it apart: "the regorafenib arm" and "the placebo
    arm" of TACE plus regorafenib vs TACE plus placebo."""
    exp, ctrl = set(context.exp.split(" plus ")), set(context.ctrl.split(" plus "))
    shared = exp & ctrl
    if not shared:
        return False
    return ((not primary.exp or set(primary.exp.split(" plus ")) == exp - shared)
            and (not primary.ctrl or set(primary.ctrl.split(" plus ")) == ctrl - shared)
            and bool(primary.exp or primary.ctrl))


@dataclass
class Scope:
    """What earlier text says: the heading's trial, the paragraph's last trial, comparisons."""

    heading: str = ""
    heading_trial: str = ""
    paragraph_trial: str = ""
    comparisons: dict[str, Arms] = field(default_factory=dict)

    def trial(self) -> str:
        return self.heading_trial or self.paragraph_trial

    def new_section(self, heading: str, heading_trial: str) -> None:
        self.heading, self.heading_trial = heading, heading_trial
        self.paragraph_trial = ""
        self.comparisons = {}

    def new_paragraph(self) -> None:
        self.paragraph_trial = ""


def sentence_arms(text: str, mask: list[tuple[int, int]]) -> Arms | None:
    return find_arms(text, mask)


# -- a row of a table with one column per arm -------------------------------------------------
# An arm's cell: "19.2 (17.0-23.7)", "NR", "33 (10%)"-style counts give the percentage.
ARM_CELL = re.compile(r"^\s*(?:\d+\s*\(\s*(?P<pct>[\d.\u00b7]+)\s*%\s*\)|(?P<v>[\d.\u00b7]+|N[RE]\b|not\s+reached|not\s+estimable)"
                      r"\s*(?P<unit>%|months?|mo\b|weeks?|days?)?)", re.I)
HR_CELL = re.compile(r"^\s*(?P<hr>[\d.\u00b7]+)\s*(?:[(\[]\s*(?P<lo>[\d.\u00b7]+)\s*(?:-|–|—|to|,)\s*(?P<hi>[\d.\u00b7]+)\s*[)\]])?")
P_CELL = re.compile(r"^\s*(?P<op>[<>≤≥=])?\s*(?P<p>[\d.\u00b7]*\d)")
LABEL_UNIT = re.compile(r"(?:[(,]\s*|\bin\s+)(?P<u>months?|mo|weeks?|days?|%)\s*\)?", re.I)


def arm_row_result(ep: EndpointMention | None, label: str, exp_cell: str, ctrl_cell: str, hr_cell: str,
                   p_cell: str, ci_level: str, table_unit: str) -> Result | None:
    """The result of one row of an arm-per-column table, or None (a label row, a count row)."""
    if ep is None:
        return None
    a, b = ARM_CELL.match(exp_cell), ARM_CELL.match(ctrl_cell)
    if not a or not b:
        return None
    from extract.outcomes import normalize_unit, normalize_value

    lu = LABEL_UNIT.search(label)
    unit = ("%" if a["pct"] or b["pct"] else normalize_unit(a["unit"] or b["unit"])) or (
        normalize_unit(lu["u"]) if lu else table_unit)
    if not _fits(ep, unit):
        return None
    v = Values(0, 0, normalize_value(a["pct"] or a["v"]), normalize_value(b["pct"] or b["v"]), unit)
    r = Result(ep.endpoint, ep.measure, 0, 0, values=v)
    h = HR_CELL.match(hr_cell)
    if h:
        r.hazard = Hazard(printed(h["hr"]), 0, 0, printed(h["lo"] or ""), printed(h["hi"] or ""),
                          ci_level if h["lo"] else "")
    p = P_CELL.match(p_cell)
    if p:
        text = printed(p["p"])
        r.p_value = text if not p["op"] or p["op"] == "=" else p["op"] + text
    _finish(r, unit)
    return r
