"""Between-group differences of a measure: mean differences ("adjusted mean difference in 6-minute
walk distance 24.5 m (95% CI, 8.1 to 40.9)"), changes worded with a verb ("lowered LVEDVi by 5.3
mL/m2 (95% CI ...)"), relative differences ("NT-proBNP was 15% lower (95% CI 4% to 24%)"),
absolute risk differences ("risk difference 16.5 percentage points") and ratios of (geometric)
means.

`find_differences(text)` reads one sentence or table cell, left to right. A record needs a CI or a
p-value next to its estimate (a figure without any is a design figure or a description more
often than a result). Refused: design and power statements, subgroup and interaction results,
within-arm changes, baseline differences, hazard/odds ratios and relative risk reductions
(`hazard.py` owns those), percentages of patients, ages, years and doses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

from extract.assemble import ASSUMPTION, SUBGROUP_AFTER, _not_whole_population, _subgroup_before
from extract.endpoints import SENSITIVITY as ENDPOINT_SENSITIVITY, ascii_view, find_endpoints, find_outcome_phrases
from extract.hazard import NUM, P_VALUE, _p_text, printed
from extract.nlp import load_lexicon, phrase_alternation

MEASURES = ("mean difference", "risk difference", "relative difference", "ratio of means")


@dataclass
class Difference:
    endpoint: str  # the measure: "6-minute walk distance", "LVEDVi", "HbA1c"; "" when none is named
    measure: str  # one of MEASURES
    value: str  # as printed, sign kept; "-" put in front when the direction is only in words
    unit: str  # "mL/m2", "ms", "%", "percentage points"...; "" when none
    ci_low: str
    ci_high: str
    ci_level: str
    p_value: str
    start: int
    end: int
    derived_sign: bool = False  # the "-" comes from "lower"/"reduced", not from the print


# -- named parts ----------------------------------------------------------------------------
# A minus before a digit: hyphen, the Unicode hyphens, en dash and the minus sign (PDF text
# prints all of them); "- 1.06" with a space after the sign is common in Word-made papers.
MINUS = r"[\-\u2010\u2011\u2012\u2013\u2212]"
# A signed number; "+11.6" keeps its plus.
SNUM = r"(?:(?:" + MINUS + r"|\+)\s?)?" + NUM
# Between the bounds of an interval: "to", a dash (the dash is the separator, so a sign after it
# stays with the upper bound: "-0.61 to -0.23", "0.2-2.9", "26- 598", "0.2--0.4"), or a comma.
DASH_SEP = r"\s*[\-\u2010\u2011\u2012\u2013\u2014\u2212]\s*"
BOUND_SEP = r"(?:\s+to\s+|\s*,\s*|" + DASH_SEP + r")"
# ";" between the bounds only where a CI label says an interval follows ("95% CI -1.80; -0.32").
LABELLED_SEP = r"(?:\s+to\s+|\s*[,;]\s*|" + DASH_SEP + r")"
# Units of a continuous measure, as printed ("ml/m2", "mL/ m2", "msec", "mm Hg", "μmol/l",
# "ml min-1/1.73 m2", "points"); "%" and "percentage points" too. Years and doses are not units
# of a result (see NOT_A_RESULT_UNIT).
UNIT = (r"(?:percentage[\s\-]points?"
        r"|(?:pg|ng|μg|µg|mg|g|mmol|μmol|µmol|nmol|pmol|mU|U|IU)\s?/\s?(?:m[lL]|d[lL]|[lL]|d|mol)\b"
        r"|m[lL]\s?(?:/\s?)?min(?:-1|⁻¹)?\s?/\s?1[.·]73\s?m[2²](?:\s?/\s?y(?:ea)?r)?|m[lL]\s?/\s?m[2²]|g\s?/\s?m[2²]"
        r"|kg\s?/\s?m[2²]|m[lL]\s?/\s?kg\s?/\s?min|m[lL]/d(?:ay)?\b|mm\s?Hg|m\s?/\s?s\b|cm\s?/\s?s\b"
        r"|beats\s?/\s?min|bpm\b|msec\b|ms\b|m[lL]\b|kg\b|cm\b|mm\b|m\b|L\b|g\b|min\b|points?\b|%)")
# "95% CI", "95% confidence interval (CI)", "95% two-sided CI", "CI" alone (level then 95).
CI_LABEL = (r"(?:(?P<level>\d{2}(?:[.\u00b7]\d+)?)\s*%\s*(?:(?:two|one)[\s\-]sided\s+)?(?:CI|confidence\s+intervals?)"
            r"(?:\s*[\[(]CI[\])])?|\bCI\b)")
# An interval after its label, with its unit ("95% CI 3.4-11.5 mL", "95% CI: -0.9% to 16.8%").
CI_LABELLED = re.compile(
    r"[\s,;:]*[(\[]?\s*" + CI_LABEL + r"\s*[:,=]?\s*(?:of\s+|from\s+)?[(\[]?\s*(?P<low>" + SNUM
    + r")\s*%?" + LABELLED_SEP + r"(?P<high>" + SNUM + r")(?P<cunit>\s*" + UNIT + r")?")
# A bare bracketed interval ("[-13.7 to -2.6]", "(2%- 47%)", "(- 1.80; - 0.32)": the ";" form is
# kept only when the bounds hold the estimate).
CI_BARE = re.compile(
    r"\s*[,;]?\s*[(\[]\s*(?P<low>" + SNUM + r")\s*%?(?P<sep>" + BOUND_SEP + r"|\s*;\s*)(?P<high>" + SNUM
    + r")(?P<cunit>\s*" + UNIT + r")?\s*[)\]]")
# A time point between a value and its interval: "by 5.2 mm Hg at 8 weeks (95% CI ...)".
TIMEPOINT_NEAR = re.compile(r"\s+(?:at|by|after|over)\s+(?:(?:weeks?|days?|months?)\s+\d+"
                            r"|\d+\s+(?:weeks|days|months|years))")
# "8.0% in favor of the investigational arm (95% CI ...)"
FAVOUR_NEAR = re.compile(r"\s+in\s+favou?r\s+of\s+(?:the\s+)?[\w\-]+(?:\s+(?:arm|group))?", re.I)
# The arm the difference is for, between the value and its CI: "16% lower with X (95% CI ...)",
# "higher in the X group than in the placebo group (95% CI ...)" (not a population: "in women").
_ARM_WORD = r"(?:the\s+)?(?!(?:patients|participants|those|women|men|subjects|people)\b)[\w\-]+(?:\s+(?:arm|group))?"
ARM_NEAR = re.compile(r"\s+(?:with|in|for|on)\s+" + _ARM_WORD + r"(?:\s+than\s+(?:with\s+|in\s+|on\s+)?" + _ARM_WORD + r")?",
                      re.I)
UNIT_NEAR = re.compile(r"\s*(?P<u>" + UNIT + r")")
UNIT_AFTER_CI = re.compile(r"[\s)\]]*(?P<u>" + UNIT + r")(?![\w/])")
P_NEAR = re.compile(r"[\s,;:(\[\])]*(?:" + P_VALUE.pattern + r")")

# A difference label: "difference", "mean difference", "adjusted between-group difference",
# "least-squares mean difference", "placebo-corrected difference", "treatment difference",
# "risk difference", "MD", "LSMD", "adiff", "Δ"; ratios of (geometric) means.
_QUAL = (r"(?:adjusted|unadjusted|least[\s\-]squares?|LS|placebo[\s\-](?:corrected|adjusted|subtracted)"
         r"|between[\s\-](?:group|treatment|arm)|treatment|estimated|observed|absolute|relative|risk|mean"
         r"|average|study[\s\-]average|model[\s\-]based|percent(?:age)?|%)")
DIFF_LABEL = (r"(?P<label>(?:(?:" + _QUAL + r")\s+){0,4}differ(?:-\s?)?ence(?!s)"
              r"|\b(?:LS)?MD\b|\bLSMD\b|\ba?diff\b|Δ(?!\s*[A-Za-z])"
              r"|(?P<ratio>(?:geometric\s+)?mean\s+ratio|\bGMR\b"
              r"|ratio\s+of\s+(?:(?:adjusted|geometric|least[\s\-]squares)\s+)*means)"
              # a change net of placebo is a difference: "placebo-corrected change in X was -12.4%",
              # "placebo-adjusted reduction in SBP of 6.2 mm Hg"
              r"|(?P<change>placebo[\s\-](?:corrected|adjusted|subtracted)\s+(?:(?:mean|average)\s+)?"
              r"(?:change|reduction|decrease|increase)))")
# An abbreviation defined after the label: "adjusted difference (adiff):".
# A column header's interval label: "Difference (95% CI): -3.2 (-5.9 to -0.5)".
_LABEL_ABBR = r"(?:\s*[(\[]\s*(?:[A-Za-zΔ]{1,6}|\d{2}\s*%\s*CI)\s*[)\]])?"
# A time point between label and value: "at week 26", "day 3", "at 12 weeks".
_TIMEPOINT = r"(?:(?:at\s+|by\s+|after\s+)?(?:weeks?|days?|months?|years?)\s+\d+|\d+\s+(?:weeks|days|months|years))"
# Words between the label and the value ("in 6-minute walk distance between X and placebo at
# week 12"): words, compounds with digits ("24-hour", "IL-6", "HbA1c"), time points, commas;
# never a bracket, ";" or a bare number (a bare number is the value).
_CTX_WORD = (r"(?:" + _TIMEPOINT + r"|[A-Za-z\u00c0-\u024f\u0370-\u03ff'′][\w\-/'′β]*+"
             r"|\d+[\-\u2010\u2011]?[A-Za-z][\w\-]*+)")
# (a bracket of words may stand in it: "(empagliflozin minus placebo)")
LABEL_CTX = (r"(?P<ctx>(?:(?:\s*,\s*|\s+)" + _CTX_WORD + r"|\s*\((?:\s*" + _CTX_WORD + r"){1,6}\s*\)){0,24}?)")
# Between label (and its words) and value: ":", "=", ",", "of", "was", "were", "is".
JOIN = (r"\s*(?:[:=,]|\bof\b|\bwas\b|\bwere\b|\bis\b|\bamounted\s+to\b|\baveraged\b)?\s*(?:[:=]\s*)?"
        r"(?:(?:approximately|about|an?)\s+)?")
# (a value is not the count of a compound, "6-minute", "24-hour", nor of a time point, "over 18
# months", "at 12 weeks")
# (nor the level of an interval: "95% CI")
_NOT_A_LEVEL = r"(?!\s*%\s*(?:CI\b|confidence|C\.I\.|(?:two|one)[\s\-]sided))"
_NOT_A_COUNT = (r"(?![\d.]|[\-\u2010\u2011]\w|(?!" + UNIT + r")[A-Za-z])" + _NOT_A_LEVEL +
               r"(?!(?<=\b(?:over|at|after|by|through|during|within|until)\s+[\d.]+)\s*(?:weeks?|days?|months?|years?)\b)")
LABELLED = re.compile(DIFF_LABEL + _LABEL_ABBR + LABEL_CTX + JOIN + r"(?P<value>" + SNUM + r")" + _NOT_A_COUNT, re.I)

# The value before its label: "a 4.1-point (95% CI 1.2 to 7.0) difference in score",
# "-6.0 (95% CI -10.8 to -1.2) mean difference".
VALUE_FIRST = re.compile(
    r"(?<![=<>≤≥]\s?|[Pp]\s|\d)(?P<value>" + SNUM + r")(?P<hunit>-point)?(?P<vunit>\s*" + UNIT + r")?"
    r"(?P<ci>\s*[(\[][^()\[\]]{3,60}[)\]])?\s*(?P<label>(?:(?:" + _QUAL + r")\s+){0,3}difference)(?!s)", re.I)

# Verb forms: "lowered LVEDVi by 5.3 mL/m2", "X decreased by 7.9 mL", "X were lower by 7.5 mL".
_DOWN = r"reduc(?:ed|ing|es)|lower(?:ed|ing|s)?|decreas(?:ed|ing|es)|smaller|less"
_UP = r"increas(?:ed|ing|es)|rais(?:ed|ing|es)|higher|greater|larger|more"
VERB_BY = re.compile(
    r"(?<![\w\-])(?P<verb>" + _DOWN + r"|" + _UP + r")\s+(?P<what>(?:[\w\-/'′β]+\s+){0,8}?)by\s+"
    r"(?:(?:an?|absolute|mean|average|adjusted|additional|a\s+mean\s+of|an\s+average\s+of)\s+)*"
    r"(?P<value>" + SNUM + r")(?![\d.])",
    re.I)
# A value with its unit then a direction word: relative differences ("15% lower", "15% (95% CI
# 4.4 to 23.6%) lower", "a 28% reduction in X") and others ("2.1 kg lower", "a 5.2 mm Hg
# reduction in SBP").
PCT_DIR = re.compile(
    r"(?<![\w.\-])(?P<value>" + SNUM + r")" + _NOT_A_LEVEL + r"\s*(?P<unit>" + UNIT + r")"
    r"(?P<ci>\s*[(\[][^()\[\]]{3,60}[)\]])?\s*"
    r"(?P<dir>lower|higher|greater|smaller|less|more|larger|reduction|increase|decrease|rise|fall)\b", re.I)
# The difference in brackets straight after a comparison word: "LVEF improvement was greater
# (1.5%, 95% CI 0.2 to 2.9%)", "X was lower with Y (-0.6 kg; 95% CI ...)" (a CI label must follow).
DIR_BRACKET = re.compile(
    r"(?<![\w\-])(?P<dir>lower|higher|greater|smaller|larger)(?P<with>\s+(?:with|in|for)\s+[\w\-]+(?:\s+(?:group|arm))?)?"
    r"\s*[(\[]\s*(?:(?:absolute|mean|adjusted)\s+)?(?:difference\s*[:,]?\s*)?"
    r"(?P<value>" + SNUM + r")(?![\d.])" + _NOT_A_LEVEL,
    re.I)
# The other arm's own value after the first: "... than with placebo (1.2 mm Hg, ...)", "by 0.9%
# (P<0.001) with X versus 0.4% with placebo", "by 42 m (...) in the X group and by 12 m".
OTHER_ARM_AFTER = re.compile(
    r"[\s)\]]*[^;]{0,40}?\b(?:than|vs\.?|versus|compared\s+(?:with|to)|and)\b[^;()\[\]\d]{0,40}?(?:[(\[]\s*|\bby\s+)?"
    + SNUM + r"(?![\d.]|[\-\u2010\u2011]\w)\s*(?:%|" + UNIT + r"|[(\[])", re.I)
# A statistic's label right before a number: the number is not the difference ("P = 0.03", "n = 120").
NOT_VALUE_BEFORE = re.compile(r"(?<![\w\-])(?:[Pp](?:[\s\-]?values?)?|[nN]|SD|SE|IQR|r|df|I2|t|z|F)\s*[=:<>≤≥]\s*$")

# After a value: a share of patients, not a difference ("24% of participants"); a year, an age
# or a dose.
SHARE_AFTER = re.compile(r"\s*%?\s*of\s+(?:the\s+|all\s+)?(?:patients|participants|subjects|individuals|people|cases"
                         r"|events|those|women|men)\b", re.I)
NOT_A_RESULT_UNIT = re.compile(r"\s*(?:years?|yrs?|y\b|mg\b(?!\s?/)|μg\b|µg\b|mcg\b|doses?\b|IU\b(?!\s?/))", re.I)
NOT_A_RESULT_MEASURE = re.compile(r"\b(?:age|ages|aged|dose|doses|dosage|follow[\s\-]up|year|years|duration|NNT|NNH"
                                  r"|number\s+needed)\b", re.I)
# Effect sizes in SD units are not differences of the measure: "standardized mean difference",
# "Cohen's d for the difference".
EFFECT_SIZE = re.compile(r"\bstandardi[sz]ed\b|\bCohen|\bHedges|\beffect\s+sizes?\b|\bSMD\b", re.I)
# A relative reduction of a risk is an HR's business (hazard.find_derived): "24% lower risk",
# "the risk of X was 24% lower"; a comparison with a design figure ("lower than assumed").
RISK_WORDS = re.compile(r"\b(?:risks?|hazards?|odds|rates?|incidence|likelihood|probability|chance|events?"
                        r"|mortality|deaths?)\b", re.I)
THAN_DESIGN = re.compile(r"\s*than\s+(?:\w+\s+)?(?:assumed|expected|anticipated|planned|projected|hypothesi[sz]ed"
                         r"|predicted)", re.I)
# Design and power wording beyond ASSUMPTION: margins and clinically important differences.
DESIGN = re.compile(r"\b(?:margin|minimal(?:ly)?\s+(?:clinically\s+)?important|MCID"
                    r"|clinically\s+(?:important|relevant|meaningful)\s+difference|would\s+(?:be\s+)?(?:need|require)"
                    r"|to\s+detect)\b", re.I)
# A difference between the groups at baseline, not a result.
# ("baseline" alone names the baseline value, unless it is the start of a change or an adjustment:
# "change from baseline", "adjusted for baseline", "baseline-adjusted")
BASELINE = re.compile(r"\bat\s+baseline\b|\bbefore\s+(?:randomi[sz]ation|treatment)\b"
                      r"|(?<!\b(?:from|for|to|over|since|vs\.?|versus|and)\s)\bbaseline\b"
                      r"(?![\s\-]+(?:adjusted|corrected|and)\b)",
                      re.I)
# A within-arm change: "from baseline", "between baseline and 36 weeks", "in the X group" not
# followed by a comparison ("more in the X than in the Y group" is between arms).
WITHIN_AFTER = re.compile(
    r"[^;]{0,80}?(?:\bfrom\s+baseline\b|\bbetween\s+baseline\s+and\b"
    r"|\b(?:in|within|among)\s+(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?\s+(?:group|arm)\b"
    r"(?![^;]{0,40}?\b(?:compared|versus|vs\.?|relative|than)\b))", re.I)
# A comparison of the arms stated after a verb form: "more in the X than in the Y group",
# "compared with placebo", "versus usual care".
BETWEEN_CUE = re.compile(r"\b(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|versus|vs\.?|relative\s+to|than"
                         r"|over\s+placebo|placebo[\s\-](?:corrected|adjusted|subtracted))\b", re.I)
# Several subgroups or factors in one breath: "with or without SGLT2i use"; "respectively" after
# a figure, unless a later label owns it or `_respectively` pairs the list (else it is refused).
SET_WORDS = re.compile(r"\b(?:with\s+(?:or|and)\s+without|without\s+(?:or|and)\s+with|respectively|each\s+subgroup)\b", re.I)
# A change noun right after the measure a difference names: "difference in SBP reduction".
CHANGE_NOUN_AFTER = re.compile(r"\s+(?P<noun>reduction|decrease|lowering|loss|decline|fall|drop|increase|gain|rise"
                               r"|improvement)\b", re.I)
# Words of a decrease around a measure: an unsigned difference after them is a difference of
# decreases, whose sign is the opposite of the measure's.
DECREASE_AROUND = re.compile(r"\b(?:lower(?:ed|ing)?|reduc\w*|decreas\w*|loss|declin\w*|fall|fell|drop\w*)\b", re.I)
# Analyses other than the main one (the assessment's `sensitivity` words, endpoints.SENSITIVITY),
# and the missing-data analyses: multiple imputation, complete cases, any time-dependent model.
SENSITIVITY = re.compile(ENDPOINT_SENSITIVITY.pattern
                         + r"|\bmultiple\s+imputation\b|\bcomplete[\s\-]case\b|\btime[\s\-]dependent\b", re.I)
# A count of patients, not a measure: "the number of patients with X was 30% higher".
COUNT_SUBJECT = re.compile(r"\b(?:number|proportion|percentage|share)\s+of\b"
                           r"|\b(?:patients|participants|subjects)\s+(?:with|who)\b", re.I)
# A comparison with the baseline value after the figure: "0.4% lower (...) than at baseline".
BASELINE_AFTER = re.compile(r"[^;.]{0,30}?\b(?:than|from|versus|vs\.?|compared\s+(?:with|to))\s+(?:at\s+|the\s+)?"
                            r"(?:baseline|pre[\s\-]?treatment|before)\b", re.I)
# Change nouns whose direction inverts "greater": "the reduction in E/e' was 6.8% greater".
_DECREASE_NOUN = re.compile(r"\b(?:reduction|decrease|decline|fall|drop|loss|lowering)\b", re.I)

# Words that end a measure phrase's modifier run (articles, prepositions, verbs, comparison and
# statistics words, arms and people).
_STOP = (r"(?:the|a|an|of|in|on|at|by|to|for|from|with|without|and|or|but|was|were|is|are|be|been|being|had|has|have"
         r"|reduced|reduce|reduces|lowered|lower|higher|increased|decreased|reduction|increase|decrease|greater|smaller"
         r"|caused|led|showed|resulted|significant|significantly|similar|no|not|any|all|both|this|that|these|those"
         r"|their|its|patients?|participants?|subjects?|groups?|arms?|versus|vs|compared|than|as|mean|median|change"
         r"|changes|difference|differences|adjusted|baseline|week|weeks|day|days|month|months|after|before|during"
         r"|within|between|among|per|each|overall|placebo|control|controls|treatment|therapy|also|only"
         r"|nonsignificant|non-significant|numerically|there|which|who|when|while|measured|assessed|primary|secondary"
         r"|outcome|endpoint|end-point|study|trial|hazard|odds|risk|CI|P|absolute|relative|more|less|shorter|longer|larger"
         r"|fewer|improved|improvement|showed|had|given|taking|receiving|treated|demonstrated|observed|estimated)")
_MOD = r"(?:(?!(?i:" + _STOP + r")(?![\w\-]))[A-Za-z][\w\-/'′β]*|\d+[\-\u2010\u2011][a-z]+)"
# An acronym measure: two capitals or more ("NT-proBNP", "LVEDVi", "IL-6", "HbA1c", "eGFR",
# "cf-PWV", "r-MSSD", "LF/HF"), not a statistics or population acronym.
ACRONYM = r"(?<![\w\-])(?:[a-z]{1,2}-?|\d)?(?=[\w\-/β']*[A-Z][\w\-/β']*[A-Z])[A-Z][\w\-/β']*(?<![\-/])"
_NOT_MEASURE_ACRONYM = frozenset({"CI", "HR", "OR", "RR", "MD", "LSMD", "SD", "SE", "SEM", "IQR", "NS", "NA", "ITT",
                                  "PP", "RCT", "USA", "UK", "NYHA", "T2D", "T2DM", "HFREF", "HFPEF", "CKD", "AF", "GMR",
                                  "LS", "ANCOVA", "MMRM", "FAS", "ADIFF", "II", "III", "IV", "CV"})
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acr>[A-Za-z][\w\-/β']{1,12})\s*\)")


# Heads that name a measure on their own.
_BARE_HEADS = frozenset({"weight", "urate", "uric acid", "sodium", "potassium", "glucose", "cholesterol", "triglycerides",
                         "haemoglobin", "hemoglobin", "hematocrit", "haematocrit", "creatinine", "albumin", "urea",
                         "insulin", "troponin", "heart rate", "walk distance", "natriuresis", "diuresis", "quality of life",
                         "heart rate variability", "body mass index", "waist circumference", "ferritin", "bilirubin"})


@lru_cache(maxsize=1)
def _measure_regex():
    entries = load_lexicon("measures", ("MEASURE", "MEASURE_HEAD", "PERCENT_MEASURE"))
    named = {_key(e.pattern): e.id for e in entries if e.label == "MEASURE"}
    heads = [e.pattern for e in entries if e.label == "MEASURE_HEAD"]
    percent = frozenset(e.pattern.lower() for e in entries if e.label == "PERCENT_MEASURE")
    names = phrase_alternation([e.pattern for e in entries if e.label == "MEASURE"])
    head = phrase_alternation(heads)
    # a lexicon name ("N-terminal pro-B-type natriuretic peptide"); or up to four modifiers, then
    # an acronym with an optional head ("LDL cholesterol", "LF/HF ratio") or a head with an
    # optional "of X" ("fractional excretion of sodium")
    rx = re.compile(
        r"(?<![\w\-])(?:(?P<named>(?i:" + names + r"))(?![\w\-])"
        r"|(?P<mods>(?:" + _MOD + r"\s+){0,4})(?:(?P<acr>" + ACRONYM + r")(?:\s+(?P<acrhead>(?i:" + head + r"))(?![\w\-]))?"
        r"|(?P<head>(?i:" + head + r"))(?![\w\-])(?P<of>\s+of\s+(?:" + _MOD + r"\s+){0,2}" + _MOD + r")?))")
    return rx, named, percent


@dataclass(frozen=True)
class Measure:
    """A measure named in a text: its short name (lexicon id, acronym, or the phrase normalized)."""
    name: str
    start: int
    end: int
    event: bool = False  # an event endpoint ("major bleeding"), whose difference is a risk difference


def _key(phrase: str) -> str:
    return re.sub(r"[\s\-\u2010\u2011]+", " ", phrase.lower()).strip()


def _normalize(phrase: str) -> str:
    """Lower case except acronyms ("LV", "NT-proBNP", "IL-6", "P-selectin") and short capitalized
    abbreviations after the first word ("Ag"); a capital that only starts the sentence goes."""
    words = re.sub(r"\s+", " ", phrase.strip()).split(" ")
    return " ".join(w if re.search(r"[A-Z\d]", w[1:]) or re.match(r"[A-Z][\-\u2010]", w)
                    or i and len(w) <= 3 and w[:1].isupper() else w.lower() for i, w in enumerate(words))


def find_measures(text: str) -> list[Measure]:
    """Phrases naming a continuous measure, left to right: "24-hour urine volume", "LV GLS",
    "serum uric acid", "IL-6" (a phrase followed by its acronym becomes the acronym; an acronym
    keeps only its acronym modifiers: "serum IL-6" -> "IL-6")."""
    rx, named, _ = _measure_regex()
    out: list[Measure] = []
    for m in rx.finditer(text):
        if out and m.start() < out[-1].end:
            continue  # inside the acronym that followed the last phrase
        if m["named"]:
            name, start = named.get(_key(m["named"]), m["named"]), m.start()
        elif m["acr"]:
            acr = m["acr"]
            if acr.upper() in _NOT_MEASURE_ACRONYM:
                continue
            mods = [w for w in m["mods"].split() if re.search(r"[A-Z].*[A-Z]", w) and w.upper() not in _NOT_MEASURE_ACRONYM]
            name = " ".join(mods + [acr] + ([m["acrhead"]] if m["acrhead"] else []))  # "LDL cholesterol"
            start = m.start("acr") - (len(m["mods"]) - m["mods"].find(mods[0]) if mods else 0)
        else:
            mods = m["mods"].split()
            if not mods and not m["of"] and _key(m["head"]) not in _BARE_HEADS:
                continue  # a bare "levels"/"volume"/"ratio" names nothing
            if mods and RISK_WORDS.fullmatch(mods[-1]):
                continue
            name = " ".join(mods + [m["head"]]) + (m["of"] or "")
            start = m.start() + (len(m["mods"]) - len(m["mods"].lstrip()))
        end = m.end()
        short = _ACRONYM_AFTER.match(text, end)
        if short and re.search(r"[A-Z].*[A-Z]", short["acr"]) and short["acr"].upper() not in _NOT_MEASURE_ACRONYM:
            name, end = short["acr"], short.end()
        out.append(Measure(named.get(_key(name), _normalize(name)), start, end))
    return out


def _is_percent_measure(name: str) -> bool:
    _, _, percent = _measure_regex()
    low = name.lower()
    return any(low == p or low.endswith(" " + p) for p in percent)


def _code(name: str) -> str:
    """The canonical endpoint code when the phrase is one ("overall survival" -> "OS")."""
    for e in find_endpoints(name):
        if e.start == 0 and e.end == len(name) and not e.free:
            return e.endpoint
    return name


# -- reading a record -------------------------------------------------------------------------

@dataclass
class _Tail:
    unit: str = ""
    ci_low: str = ""
    ci_high: str = ""
    ci_level: str = ""
    p_value: str = ""
    end: int = 0


def _clean(number: str) -> str:
    """'− 1.80' -> '-1.80'; middle dots -> points."""
    n = printed(re.sub(r"\s+", "", number))
    return re.sub("^" + MINUS, "-", n)


def _unit(u: str) -> str:
    u = re.sub(r"\s+", " ", u.strip()).replace("µ", "μ").replace("²", "2").replace("⁻¹", "-1")
    low = u.lower()
    if low.startswith("percentage"):
        return "percentage points"
    if low in ("point", "points"):
        return "points"
    if low == "msec":
        return "ms"
    if low == "bpm":
        return "beats/min"
    u = re.sub(r"\s?/\s?", "/", u)
    u = re.sub(r"^m[lL]", "mL", u)
    u = re.sub(r"/[lL]$", "/L", u)
    u = re.sub(r"/m[lL]$", "/mL", u)
    u = re.sub(r"/d[lL]$", "/dL", u)
    return u.replace("mm Hg", "mmHg")


def _holds(value: str, low: str, high: str) -> bool:
    try:
        v, a, b = float(value), float(low), float(high)
    except ValueError:
        return False
    return min(a, b) <= v <= max(a, b) or min(a, b) <= -v <= max(a, b)


def _read_ci(text: str, pos: int, value: str, tail: _Tail) -> int:
    m = CI_LABELLED.match(text, pos)
    if not m:
        m = CI_BARE.match(text, pos)
        if m and not _holds(value, _clean(m["low"]), _clean(m["high"])):
            m = None  # a bare bracket that does not hold the estimate is something else ("(3; 14)")
    if not m:
        return pos
    tail.ci_low, tail.ci_high = _clean(m["low"]), _clean(m["high"])
    level = m.groupdict().get("level")
    tail.ci_level = printed(level) if level else "95"
    if m["cunit"] and not tail.unit:
        tail.unit = _unit(m["cunit"])
    return m.end()


def _read_tail(text: str, pos: int, value: str, unit_first: bool = True) -> _Tail:
    """Unit, CI, unit after the CI, p-value, after a value ending at `pos`."""
    tail = _Tail()
    if unit_first:
        u = UNIT_NEAR.match(text, pos)
        if u:
            tail.unit, pos = _unit(u["u"]), u.end()
    when = TIMEPOINT_NEAR.match(text, pos) or FAVOUR_NEAR.match(text, pos) or ARM_NEAR.match(text, pos)
    pos = _read_ci(text, pos, value, tail)
    if not tail.ci_low and when:
        after = _read_ci(text, when.end(), value, tail)  # "by 5.2 mm Hg at 8 weeks (95% CI ...)"
        pos = after if tail.ci_low else pos
    if tail.ci_low and not tail.unit:
        u = UNIT_AFTER_CI.match(text, pos)
        if u and u["u"] != "%":
            tail.unit, pos = _unit(u["u"]), u.end()
    p = P_NEAR.match(text, pos)
    if p and text[pos:p.start("p")].count("(") + text[pos:p.start("p")].count("[") <= 1:
        tail.p_value, pos = _p_text(p), p.end()
    tail.end = pos
    return tail


_CLOSER = re.compile(r"\s*[)\]]")


def _close(text: str, start: int, end: int) -> int:
    """Take in the closing brackets of brackets opened inside the span."""
    depth = sum(1 if c in "([" else -1 if c in ")]" else 0 for c in text[start:end])
    while depth > 0:
        m = _CLOSER.match(text, end)
        if not m:
            break
        end, depth = m.end(), depth - 1
    return end


# -- choosing the measure -----------------------------------------------------------------------

def _measure_at(text: str, pos: int, width: int = 80) -> Measure | None:
    """The measure named right at `pos` ("for the MoCA", "in NT-proBNP")."""
    found = find_measures(text[pos:pos + width])
    if found and found[0].start == 0:
        return Measure(found[0].name, pos, pos + found[0].end)
    return None


def _first_measure_in(text: str, a: int, b: int) -> Measure | None:
    found = find_measures(text[a:b])
    return Measure(found[0].name, found[0].start + a, found[0].end + a) if found else None


_CLAUSE_START = re.compile(r"[;:.]\s|\band\s+(?=\w+\s+(?:was|were)\b)", re.I)


def _measure_before(text: str, pos: int, floor: int, events: bool) -> Measure | None:
    """The measure named last before `pos` (not before `floor`); for a risk difference also an
    event endpoint ("major bleeding", "ORR")."""
    cands = [Measure(m.name, m.start + floor, m.end + floor) for m in find_measures(text[floor:pos])
             if not APPOSITION_BEFORE.search(text, max(0, m.start + floor - 12), m.start + floor)]
    if events:
        cands += [Measure(e.endpoint, e.start + floor, e.end + floor, True) for e in find_outcome_phrases(text[floor:pos])]
        cands += [Measure(e.endpoint, e.start + floor, e.end + floor, True) for e in find_endpoints(text[floor:pos])]
    return max(cands, key=lambda m: (m.end, -m.start)) if cands else None


# "HOMA-IR as the index of insulin resistance": the apposition explains the measure named before.
APPOSITION_BEFORE = re.compile(r"\bas\s+(?:the|an?)\s+$", re.I)
_FOR_AFTER = re.compile(r"[\s)\]]*for\s+(?:the\s+)?")
# After a labelled value, its measure: "a difference of 1.5 (95% CI ...) mm Hg in systolic BP".
_FOR_IN_AFTER = re.compile(r"[\s)\]]*(?:for|in)\s+(?:the\s+)?")


def _endpoint_for(m: Measure | None) -> str:
    return _code(m.name) if m else ""


def _measure_kind(label: str, unit: str, endpoint: str, text: str, start: int, ratio: bool, events: bool) -> str:
    low = label.lower()
    if ratio:
        return "ratio of means"
    if "relative" in low or "percent" in low or "%" in low:
        return "relative difference"
    if "risk" in low or unit == "percentage points" and events:
        return "risk difference"
    if unit == "percentage points":
        return "mean difference"  # a difference of two mean % changes
    if unit == "%":
        if "mean" in low or "ls" in low.split() or "placebo" in low or _is_percent_measure(endpoint):
            return "mean difference"
        if events or PER_ARM_PCTS.search(text, max(0, start - 200), start):
            return "risk difference"  # per-arm percentages, then their difference
        if endpoint:
            return "relative difference"  # "%" of a measure not printed in percent: a ratio from a log model
        if EVENTISH.search(text, max(0, start - 120), start):
            return "risk difference"  # "the difference in effectiveness was 8.0%"
        return ""  # a "%" difference of nothing named: which kind is unknown
    return "mean difference"


# Two per-arm percentages: "3.1% of the A group and 2.6% of the B group", "73.8% vs 65.8%".
PER_ARM_PCTS = re.compile(NUM + r"\s*%[^;%]{0,60}?\b(?:and|vs\.?|versus|compared\s+with|with)\b[^;%]{0,40}?" + NUM + r"\s*%")
# Outcomes counted in patients: their difference in "%" is a risk difference.
EVENTISH = re.compile(r"\b(?:effectiveness|success|response|freedom\s+from|proportion|events?|rates?|incidence|occurred)\b",
                      re.I)


# -- refusals -------------------------------------------------------------------------------------

# A part of the population right after a figure: "31 m (95% CI 12 to 50) in men and ...".
PART_AFTER = re.compile(r"[\s,;)\]]*(?:in|among|for)\s+(?:the\s+)?(?:men|women|males|females|boys|girls|those|patients"
                        r"|participants|subjects|individuals|people|children|adults"
                        r"|[\w\-]+\s+(?:sub)?groups?\s+with)\b", re.I)
CI_ANYWHERE = re.compile(r"\bCI\b|confidence\s+interval|[(\[]\s*" + SNUM + BOUND_SEP + SNUM + r"\s*[)\]]", re.I)


def _refused(text: str, start: int, end: int, value_start: int, value_end: int, endpoint: str, not_whole,
             subgroup_before) -> bool:
    before = text[max(0, start - 120):start]
    if ASSUMPTION.search(before) or DESIGN.search(before) or DESIGN.search(text, start, value_start):
        return True
    for b in BASELINE.finditer(text, max(0, start - 60), value_start):
        if not ADJUSTED_FOR.search(text, max(0, b.start() - 100), b.start()):
            return True
    if BASELINE_AFTER.match(text, end) or SENSITIVITY.search(text, 0, value_start):
        return True
    if not_whole(start, True) or subgroup_before(start) or PART_AFTER.match(text, end) \
            or PART_BEFORE.search(text, 0, start):
        return True
    near = max(0, start - 40)
    if RATIO_BEFORE.search(text, near, value_start) or EFFECT_SIZE.search(text, near, value_start):
        return True  # "the odds ratio for the difference was 1.4", "Cohen's d for the difference"
    inter = INTERACTION_ANY.search(text)
    if inter and (inter.start() < value_end + 40 or CI_ANYWHERE.search(text, end, inter.start())):
        return True  # an interaction stated before the figure, right after it, or after more estimates
    if SHARE_AFTER.match(text, value_end) or NOT_A_RESULT_UNIT.match(text, value_end) or NOT_A_RESULT_UNIT.match(text, end):
        return True
    if NOT_A_RESULT_MEASURE.search(endpoint) or NOT_A_RESULT_MEASURE.search(text, start, value_start):
        return True  # "mean difference in age", "difference in daily dose"
    return False


# "after adjustment for age, education and raw baseline score": a covariate, not a baseline figure.
ADJUSTED_FOR = re.compile(r"\badjust\w*(?:\s+\w+)?\s+for\b[^.;]{0,80}$", re.I)
# A part of the population named before the figure: "Among women, ...", "in patients aged 65 or
# older, the difference ...".
PART_BEFORE = re.compile(
    r"\b(?:among|in|for|within)\s+(?:the\s+)?(?:(?:men|women|males|females|boys|girls)\b|(?:those|patients|participants"
    r"|subjects|individuals|people|children|adults)\s+(?:with|without|who|aged|older|younger|not|taking|using|receiving)\b)",
    re.I)
# A ratio's label near the figure: a ratio of odds, hazards or risks is not a difference.
RATIO_BEFORE = re.compile(r"\b(?:odds|hazard|risk|rate|incidence)\s+ratios?\b|\b(?:OR|HR|RR|IRR)\b|\brelative\s+risk\b",
                          re.I)
INTERACTION_ANY = re.compile(r"\binteraction\b|\bheterogeneity\s+P\b|\btrend\s+P\b", re.I)


def _make(text, start, end, endpoint, measure, value, tail, derived) -> Difference:
    return Difference(endpoint, measure, value, tail.unit, tail.ci_low, tail.ci_high, tail.ci_level, tail.p_value,
                      start, _close(text, start, end), derived)


def _signed(value: str, down: bool) -> tuple[str, bool]:
    value = _clean(value)
    if down and not value.startswith(("-", "+")):
        return "-" + value, True
    return value, False


LABEL_ANY = re.compile(DIFF_LABEL, re.I)
_QUICK = re.compile(r"differ|\bMD\b|LSMD|diff\b|Δ|ratio|\bGMR\b|\bby\s+[\-\u2013\u2212+]?\s?[\d.]|%", re.I)


# Words one of which every form holds (lower case): a difference label ("difference", "MD",
# "adiff", "Δ"), a ratio of means ("mean ratio", "ratio of ... means", "GMR"), a placebo-corrected
# change, or a direction word (VERB_BY, PCT_DIR, DIR_BRACKET).
_FORM_WORDS = ("differ", "diff", "md", "δ", "gmr", "corrected", "adjusted", "subtracted", "reduc", "lower",
               "decreas", "smaller", "less", "increas", "rais", "higher", "greater", "larger", "more", "rise",
               "fall")


def _worth_reading(text: str) -> bool:
    """A cheap look before the patterns: most result sentences (medians, HRs) hold none of the
    form words. (A long s matches "s" case-insensitively but lower-cases to itself: such a text
    is always read.)"""
    low = text.lower()
    if "\u017f" in low:
        return True
    if "ratio" in low and ("mean" in low or "gmr" in low):
        return True
    for w in _FORM_WORDS:
        if w in low:
            return True
    return False


def find_differences(text: str) -> list[Difference]:
    """Between-group differences of a measure in one sentence or table cell, left to right.

    Forms: a label then the value ("adjusted mean difference in X was V unit (95% CI a to b;
    P=p)", "X: difference V (CI)", "(MD V, CI)", "Δ = V"), the value then the label ("V (CI)
    difference in X"), a verb ("lowered X by V unit (CI)"), a value then a direction word ("X was
    N% lower (CI)", "a V unit reduction in X"), a direction word then the value in brackets
    ("greater (V, CI)"), ratios of means, risk differences. Lists with "for X" or with
    "respectively" after as many values as measures listed give one record each. Every record
    has a CI or a p-value."""
    if not _worth_reading(text) or not _QUICK.search(text):
        return []
    not_whole, subgroup_before = _not_whole_population(text), _subgroup_before(text, ascii_view(text))
    sets = list(SET_WORDS.finditer(text))
    out: list[Difference] = []

    def keep(d: Difference, value_start: int, value_end: int, paired: int = -1) -> None:
        if not (d.ci_low or d.p_value):
            return  # no statistics: a description or a design figure
        if any(w.start() >= d.start and w.start() != paired and not (
                w.group(0).lower() == "respectively" and LABEL_ANY.search(text, d.end, w.start())) for w in sets):
            return  # a list read elsewhere, or values of subgroups
        if SUBGROUP_AFTER.match(text, d.end):
            return
        if _refused(text, d.start, d.end, value_start, value_end, d.endpoint, not_whole, subgroup_before):
            return
        if any(d.start < o.end and o.start < d.end for o in out):
            return
        out.append(d)

    for m in LABELLED.finditer(text):
        _labelled_record(text, m, out, keep)

    for m in VALUE_FIRST.finditer(text):
        _value_first_record(text, m, out, keep)

    for m in VERB_BY.finditer(text):
        _verb_record(text, m, out, keep)

    for m in PCT_DIR.finditer(text):
        _pct_record(text, m, out, keep)

    for m in DIR_BRACKET.finditer(text):
        _dir_bracket_record(text, m, keep)

    out.sort(key=lambda d: d.start)
    return out


def _labelled_record(text: str, m: re.Match, out: list[Difference], keep) -> None:
    """ "adjusted mean difference in X was V unit (CI; P)", "X (MD V, CI)", "V for X (CI; P)"."""
    vend = m.end("value")
    if NOT_VALUE_BEFORE.search(text, m.start(), m.start("value")):
        return
    tail = _read_tail(text, vend, _clean(m["value"]))
    events = "risk" in m["label"].lower() or tail.unit in ("%", "percentage points")
    slot = _first_measure_in(text, m.start("ctx"), m.end("ctx")) if m["ctx"].strip() else None
    if slot is None and events and m["ctx"].strip():
        slot = _measure_before(text, m.end("ctx"), m.start("ctx"), True)  # "difference in response rate"
    if slot is None:
        # "-0.12 for MMSE (95% CI ...; P = 0.75)", "-4.1 (95% CI ...) ms for QTc (P=0.006)"
        fm = _FOR_IN_AFTER.match(text, vend) or _FOR_IN_AFTER.match(text, tail.end)
        slot = _measure_at(text, fm.end()) if fm else None
        if slot and not tail.ci_low:
            unit, tail = tail.unit, _read_tail(text, slot.end, _clean(m["value"]), unit_first=False)
            tail.unit = unit or tail.unit
        elif slot:
            tail.end = max(tail.end, slot.end)
            p = P_NEAR.match(text, tail.end)
            if p and not tail.p_value:
                tail.p_value, tail.end = _p_text(p), p.end()
    elif CHANGE_NOUN_AFTER.match(text, slot.end, m.end("ctx")):
        # "the difference in SBP reduction was 4.1 mm Hg": the difference of the reductions
        slot = Measure(slot.name + " " + CHANGE_NOUN_AFTER.match(text, slot.end)["noun"].lower(), slot.start,
                       slot.end, slot.event)
    if slot is None:
        floor = out[-1].end if out else 0
        slot = _measure_before(text, m.start(), floor, events)
        if slot and not SIGNED.match(m["value"]) and DECREASE_AROUND.search(
                text, max(floor, slot.start - 40), min(m.start(), slot.end + 15)):
            return  # "Drug A lowered SBP by 8.1 and drug B by 4.0 (difference 4.1)": the sign is not the measure's
        if slot is None and out and out[-1].endpoint and not re.search(r"\.\s", text[out[-1].end:m.start()]):
            # "at day 3 (mean difference, 535 mL ...) and week 6 (mean difference, 545 mL ...)"
            slot = Measure(out[-1].endpoint, out[-1].start, out[-1].start, out[-1].measure == "risk difference")
    endpoint = _endpoint_for(slot)
    kind = _measure_kind(m["label"], tail.unit, endpoint, text, m.start("value"), bool(m["ratio"]),
                         bool(slot and slot.event))
    if not kind:
        return
    value, derived = _signed(m["value"], bool(m["change"]) and bool(re.search(r"reduc|decreas", m["change"], re.I)))
    d = _make(text, m.start(), tail.end, endpoint, kind, value, tail, derived)
    if _respectively(text, m, d, out, keep):
        return
    keep(d, m.start("value"), vend)
    if d in out and slot is not None and slot.start >= vend:
        _list_items(text, d, out, keep)


def _value_first_record(text: str, m: re.Match, out: list[Difference], keep) -> None:
    """ "a -2.1 kg (95% CI ...) difference in body weight"."""
    tail = _Tail()
    vend = m.end("value")
    if m["vunit"]:
        tail.unit = _unit(m["vunit"])
    elif m["hunit"]:
        tail.unit = "points"
    if m["ci"]:
        _read_ci(text, m.start("ci"), _clean(m["value"]), tail)
        if not tail.ci_low:
            return
    after = _IN_FOR_OF.match(text, m.end())
    slot = _measure_at(text, after.end()) if after else None
    pos = slot.end if slot else m.end()
    t2 = _read_tail(text, pos, _clean(m["value"]), unit_first=False)
    if not tail.ci_low:
        tail.ci_low, tail.ci_high, tail.ci_level = t2.ci_low, t2.ci_high, t2.ci_level
    tail.p_value, tail.end = t2.p_value, t2.end
    tail.unit = tail.unit or t2.unit
    if slot is None:
        slot = _measure_before(text, m.start(), out[-1].end if out else 0, False)
    endpoint = _endpoint_for(slot)
    kind = _measure_kind(m["label"], tail.unit, endpoint, text, m.start(), False, False)
    if not kind:
        return
    keep(_make(text, m.start(), tail.end, endpoint, kind, _clean(m["value"]), tail, False), m.start("value"), vend)


_IN_FOR_OF = re.compile(r"\s+(?:in|for|of)\s+")
_IN = re.compile(r"\s+in\s+")
SIGNED = re.compile(r"\s*(?:" + MINUS + r"|\+)")
_LIST_ITEM = re.compile(r"\s*[,;]?\s*(?:and\s+)?(?P<value>" + SNUM + r")(?![\d.])")


def _list_items(text: str, first: Difference, out: list[Difference], keep) -> None:
    """ "-0.12 for MMSE (CI; P), 0.05 (CI; P) for NTB, and -0.96 (CI; P) for MoCA": each further
    value of the list names its own measure with "for"."""
    pos = first.end
    while True:
        m = _LIST_ITEM.match(text, pos)
        if not m:
            return
        value = _clean(m["value"])
        tail = _read_tail(text, m.end(), value)
        fm = _FOR_AFTER.match(text, tail.end)
        slot = _measure_at(text, fm.end()) if fm else None
        if slot is None:
            fm = _FOR_AFTER.match(text, m.end())
            slot = _measure_at(text, fm.end()) if fm else None
            if slot:
                tail = _read_tail(text, slot.end, value, unit_first=False)
        if slot is None or not (tail.ci_low or tail.p_value):
            return
        end = max(tail.end, slot.end)
        tail.unit = tail.unit or first.unit
        d = Difference(_code(slot.name), first.measure, value, tail.unit, tail.ci_low, tail.ci_high, tail.ci_level,
                       tail.p_value, m.start("value"), end)
        n = len(out)
        keep(d, m.start("value"), m.end())
        if len(out) == n:
            return
        pos = end


_RESP_ITEM = re.compile(r"\s*[,;]\s*(?:and\s+)?(?P<value>" + SNUM + r")(?![\d.])")
_RESP_END = re.compile(r"[\s,;)\]]*respectively\b", re.I)
# Between measures listed together: "both IL-1β and hs-CRP", "A, B and C".
_COORD = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)$")


def _respectively(text: str, m: re.Match, first: Difference, out: list[Difference], keep) -> bool:
    """ "reduced both IL-1β and hs-CRP [adjusted mean difference: -4.58 (-8.76; -0.41), P=0.032;
    and -2.86 (-4.71; -1.02), P=0.003, respectively]": one record per measure, in order, when the
    number of values equals the number of measures listed just before. True when the label heads
    such a list (paired or not: an unpaired list gives no record)."""
    items = [(first.value, m.start("value"), m.end("value"), _read_tail(text, m.end("value"), first.value))]
    pos = items[0][3].end
    while True:
        nxt = _RESP_ITEM.match(text, pos)
        if not nxt:
            break
        value = _clean(nxt["value"])
        tail = _read_tail(text, nxt.end(), value)
        if not (tail.ci_low or tail.p_value):
            break
        items.append((value, nxt.start("value"), nxt.end("value"), tail))
        pos = tail.end
    if len(items) < 2 or not _RESP_END.match(text, pos):
        return False
    floor = _clause_floor(text, m.start())
    found = [x for x in find_measures(text[floor:m.start()])]
    listed = found[-len(items):] if len(found) >= len(items) else []
    for a, b in zip(listed, listed[1:]):
        if not _COORD.match(text[floor + a.end:floor + b.start]):
            listed = []
            break
    if not listed:
        return True
    resp = _RESP_END.match(text, pos)
    for (value, vs, ve, tail), ms in zip(items, listed):
        start = m.start() if vs == m.start("value") else vs
        d = Difference(_code(ms.name), first.measure, value, tail.unit, tail.ci_low, tail.ci_high, tail.ci_level,
                       tail.p_value, start, tail.end)
        keep(d, vs, ve, paired=resp.end() - len("respectively"))
    return True


def _risk_verb_record(text: str, m: re.Match, what: str, tail: _Tail, down: bool, keep) -> None:
    """ "reduced the risk of X by 3.1 percentage points (95% CI ...)": an absolute risk difference."""
    found = find_outcome_phrases(what) + find_endpoints(what)
    if len(found) != 1 or not BETWEEN_CUE.search(text) and not tail.ci_low:
        return
    if OTHER_ARM_AFTER.match(text, tail.end) or WITHIN_AFTER.match(text, tail.end):
        return
    signed, derived = _signed(m["value"], down)
    keep(_make(text, m.start(), tail.end, found[0].endpoint, "risk difference", signed, tail, derived),
         m.start("value"), m.end("value"))


def _verb_record(text: str, m: re.Match, out: list[Difference], keep) -> None:
    verb = m["verb"].lower()
    down = bool(re.fullmatch(_DOWN, verb, re.I))
    value = _clean(m["value"])
    tail = _read_tail(text, m.end("value"), value)
    what = m["what"].strip()
    if RISK_WORDS.search(what):
        if tail.unit == "percentage points" and what:
            _risk_verb_record(text, m, what, tail, down, keep)
        return  # "reduced the risk of X by 30%": a derived HR (hazard.py)
    if what:
        # transitive: "tandorexin lowered LVEDVi by 5.3": the object names the measure
        ms = find_measures(what)
        if not ms or ms[-1].end != len(what):
            return
        slot = Measure(ms[-1].name, m.start("what") + ms[-1].start, m.start("what") + ms[-1].end)
        subject = _measure_before(text, m.start(), _clause_floor(text, m.start()), False)
        if subject and subject.end >= m.start() - 25:
            return  # "X reduced Y by": both measures, not a treatment effect
        start = m.start()
    else:
        # intransitive: "LVEF increased by 1.5% more in the X than in the Y group", "X was lower by"
        slot = _measure_before(text, m.start(), _clause_floor(text, m.start()), False)
        if slot is None or re.search(r"\b(?:and|or)\b|,", text[slot.end:m.start()]):
            return
        if not BETWEEN_CUE.search(text, tail.end, min(len(text), tail.end + 80)):
            return
        start = slot.start
    if WITHIN_AFTER.match(text, tail.end) and not BETWEEN_CUE.search(text, tail.end, min(len(text), tail.end + 60)):
        return
    if WITHIN_AFTER.match(text, m.end("value")) and not tail.ci_low:
        return
    if re.search(r"\bfrom\s+baseline\b|\bbetween\s+baseline\b", text[tail.end:tail.end + 60], re.I):
        return
    if OTHER_ARM_AFTER.match(text, tail.end):
        return  # a change per arm
    signed, derived = _signed(value, down)
    absolute = bool(re.search(r"\babsolute\b", text[m.start():m.start("value")], re.I))
    if tail.unit == "%" and not absolute and not _is_percent_measure(slot.name):
        kind = "relative difference"
    elif tail.unit == "percentage points":
        kind = "mean difference" if not RISK_WORDS.search(slot.name) else "risk difference"
    else:
        kind = "mean difference"
    keep(_make(text, start, tail.end, _code(slot.name), kind, signed, tail, derived), m.start("value"), m.end("value"))


def _clause_floor(text: str, pos: int) -> int:
    floor = 0
    for c in _CLAUSE_START.finditer(text, 0, pos):
        floor = c.end()
    return floor


def _dir_bracket_record(text: str, m: re.Match, keep) -> None:
    value = _clean(m["value"])
    tail = _Tail()
    u = UNIT_NEAR.match(text, m.end("value"))
    pos = m.end("value")
    if u:
        tail.unit, pos = _unit(u["u"]), u.end()
    ci = CI_LABELLED.match(text, pos)
    if not ci:
        return  # "higher (24% vs 12%)": per-arm figures, not a difference
    _read_ci(text, pos, value, tail)
    t2 = _read_tail(text, ci.end(), value, unit_first=False)
    tail.unit = tail.unit or t2.unit
    tail.p_value, tail.end = t2.p_value, t2.end
    if OTHER_ARM_AFTER.match(text, tail.end):
        return  # "higher with X (4.1, 95% CI ...) than with placebo (1.2, ...)": a value per arm
    floor = _clause_floor(text, m.start())
    subject = _measure_before(text, m.start(), floor, False)
    if subject is None or RISK_WORDS.search(text, floor, m.start()) or COUNT_SUBJECT.search(text, floor, m.start()):
        return
    down = m["dir"].lower() in ("lower", "smaller")
    if _DECREASE_NOUN.search(text, floor, m.start()) and not down:
        down = True  # "the reduction in X was greater (...)"
    elif re.search(r"\b(?:improvement|increase|gain|rise)\b", text[subject.end:m.start()], re.I) is None and not (
            re.search(r"\b(?:was|were)\s+(?:\w+\s+)?$", text[:m.start()])):
        return  # the comparison word does not speak of the measure itself
    signed, derived = _signed(value, down)
    absolute = re.search(r"\babsolute\b", text[floor:m.end("value")], re.I)
    if tail.unit == "%" and not absolute and not _is_percent_measure(subject.name):
        kind = "relative difference"
    else:
        kind = "mean difference"
    keep(_make(text, subject.start, tail.end, _code(subject.name), kind, signed, tail, derived),
         m.start("value"), m.end("value"))


def _pct_record(text: str, m: re.Match, out: list[Difference], keep) -> None:
    dir_word = m["dir"].lower()
    value = _clean(m["value"])
    tail = _Tail(unit=_unit(m["unit"]))
    if m["ci"]:
        pos = _read_ci(text, m.start("ci"), value, tail)
        if not tail.ci_low:
            return
        p = P_NEAR.match(text, pos, m.end("ci"))  # "6.8% (95% CI 1.3-11.3%, P=0.015) lower"
        if p:
            tail.p_value = _p_text(p)
    rest = m.end()
    after_noun = None
    if dir_word in ("reduction", "increase", "decrease", "rise", "fall"):
        inn = _IN.match(text, rest)
        if not inn:
            return
        after_noun = _measure_at(text, inn.end())
        if after_noun is None or RISK_WORDS.match(text, inn.end()):
            return
        rest = after_noun.end
    elif re.compile(r"\s*(?:\w+\s+)?" + RISK_WORDS.pattern, re.I).match(text, rest) or THAN_DESIGN.match(text, rest):
        return  # "24% lower risk of", "24% lower than assumed"
    t2 = _read_tail(text, rest, value, unit_first=False)
    if not tail.ci_low:
        tail.ci_low, tail.ci_high, tail.ci_level = t2.ci_low, t2.ci_high, t2.ci_level
    tail.p_value, tail.end = tail.p_value or t2.p_value, t2.end
    if not (tail.ci_low or tail.p_value):
        return
    if WITHIN_AFTER.match(text, tail.end) and not BETWEEN_CUE.search(text, tail.end, min(len(text), tail.end + 60)) \
            or OTHER_ARM_AFTER.match(text, tail.end):
        return  # "15% lower (95% CI ...) in the X group and 3% lower (...) in the Y group": a change per arm
    floor = _clause_floor(text, m.start())
    subject = after_noun or _measure_before(text, m.start(), floor, False)
    if subject is None or RISK_WORDS.search(text, floor, m.start()) and after_noun is None:
        return  # "the risk of the primary outcome was 24% lower": an HR's business
    if COUNT_SUBJECT.search(text, floor, m.start()):
        return  # "the number of patients with X was 30% higher"
    if re.search(r"\b(?:and|or)\b", text[subject.end:m.start()]) and after_noun is None and SET_WORDS.search(text):
        return
    down = dir_word in ("lower", "smaller", "less", "reduction", "decrease", "fall")
    if after_noun is None and _DECREASE_NOUN.search(text, floor, m.start()) and dir_word in ("greater", "larger", "more"):
        down = True  # "the reduction in E/e' was 6.8% greater"
    signed, derived = _signed(value, down)
    kind = "relative difference" if tail.unit == "%" and not _is_percent_measure(subject.name) and not re.search(
        r"\babsolute\b", text[floor:m.start()], re.I) else "mean difference"
    start = min(subject.start, m.start())
    keep(_make(text, start, tail.end, _code(subject.name), kind, signed, tail, derived), m.start("value"), m.end("value"))
