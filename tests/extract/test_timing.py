import pytest

from extract.timing import find_timings


@pytest.mark.parametrize("text, expected", [
    ("sorafenib initiated 3-7 day before the first TACE procedure",
     ("sorafenib", "before", "3", "7", "days", "first TACE")),
    ("atezolizumab plus bevacizumab initiated 2 to 8 weeks after the first TACE procedure",
     ("atezolizumab plus bevacizumab", "after", "2", "8", "weeks", "first TACE")),
    ("durvalumab was started at least 7 days after the first TACE session",
     ("durvalumab", "after", "7", "", "days", "first TACE")),
    ("systemic therapy initiated within 2 weeks after the first TACE procedure",
     ("systemic therapy", "within", "", "2", "weeks", "first TACE")),
    ("patients started sorafenib beyond 9 weeks after TACE",
     ("sorafenib", "after", "9", "", "weeks", "first TACE")),
    ("bevacizumab initiated ≥ 2 weeks after completion of all planned TACE procedures",
     ("bevacizumab", "after", "2", "", "weeks", "last TACE")),
    ("lenvatinib initiated 1 day before the first TACE procedure",
     ("lenvatinib", "before", "1", "1", "days", "first TACE")),
    ("sorafenib/placebo followed by DEB-TACE 2-5 weeks later",
     ("sorafenib", "before", "2", "5", "weeks", "first TACE")),
    ("with the first TACE performed 2-4 weeks after randomization",
     ("TACE", "after", "2", "4", "weeks", "randomization")),
    ("atezolizumab 1,200 mg plus bevacizumab 15 mg/kg every 3 weeks was initiated at least 14 days and within "
     "8 weeks after the first TACE", ("atezolizumab plus bevacizumab", "after", "14", "56", "days", "first TACE")),
    ("apatinib started 3-5 days after DEB-TACE", ("apatinib", "after", "3", "5", "days", "first TACE")),
    ("pembrolizumab was resumed... no; nivolumab began 2 weeks prior to each TACE",
     ("nivolumab", "before", "2", "2", "weeks", "each TACE")),
])
def test_timing_forms(text, expected):
    (t,) = find_timings(text)
    assert (t.regimen, t.relation, t.low, t.high, t.unit, t.anchor) == expected


@pytest.mark.parametrize("text", [
    "bevacizumab 15 mg/kg every 3 weeks",
    "all planned sessions required to be completed within 16 weeks after the first procedure",
    "apatinib was continued for > 3 months",
    "lenvatinib and pembrolizumab were started before embolization",
    "TACE was repeated 6 weeks after the first TACE",
])
def test_not_timings(text):
    assert find_timings(text) == []


def test_two_timings_in_one_sentence_each_with_its_drug():
    ts = find_timings("Durvalumab began at least 7 days after the first TACE, whereas bevacizumab was delayed "
                      "until at least 14 days after the final session.")
    assert [(t.regimen, t.low, t.anchor) for t in ts] == [("durvalumab", "7", "first TACE"),
                                                          ("bevacizumab", "14", "last TACE")]
