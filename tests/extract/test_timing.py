import pytest

from extract.timing import find_timings


@pytest.mark.parametrize("text, expected", [
    ("regorafenib begun 2-6 day before the first TACE procedure",
     ("regorafenib", "before", "2", "6", "days", "first TACE")),
    ("nivolumab plus ipilimumab given 3 to 6 weeks after the first chemoembolization",
     ("nivolumab plus ipilimumab", "after", "3", "6", "weeks", "first TACE")),
    ("tislelizumab was commenced at least 10 days after the index TACE",
     ("tislelizumab", "after", "10", "", "days", "first TACE")),
    ("systemic treatment was to start within 3 weeks after the initial TACE",
     ("systemic therapy", "within", "", "3", "weeks", "first TACE")),
    ("a third of patients began cabozantinib beyond 6 weeks after TACE",
     ("cabozantinib", "after", "6", "", "weeks", "first TACE")),
    ("ramucirumab given ≥ 3 weeks after completion of all scheduled TACE sessions",
     ("ramucirumab", "after", "3", "", "weeks", "last TACE")),
    ("donafenib started 2 days before the first DEB-TACE",
     ("donafenib", "before", "2", "2", "days", "first TACE")),
    ("brivanib/placebo was given first, followed by cTACE 1-3 weeks later",
     ("brivanib", "before", "1", "3", "weeks", "first TACE")),
    ("the first TACE being done 1-3 weeks after random assignment",
     ("TACE", "after", "1", "3", "weeks", "randomization")),
    ("durvalumab 1,500 mg plus tremelimumab 300 mg every 4 weeks began at least 21 days and within "
     "6 weeks after the first TACE", ("durvalumab plus tremelimumab", "after", "21", "42", "days", "first TACE")),
    ("anlotinib begun 4-6 days after DEB-TACE", ("anlotinib", "after", "4", "6", "days", "first TACE")),
    ("nivolumab began 2 weeks prior to each TACE",
     ("nivolumab", "before", "2", "2", "weeks", "each TACE")),
])
def test_timing_forms(text, expected):
    (t,) = find_timings(text)
    assert (t.regimen, t.relation, t.low, t.high, t.unit, t.anchor) == expected


@pytest.mark.parametrize("text", [
    "bevacizumab 15 mg/kg every 3 weeks",
    "every planned session had to be finished within 12 weeks after the first procedure",
    "apatinib was continued for > 3 months",
    "cabozantinib and atezolizumab began ahead of embolization",
    "TACE was repeated 6 weeks after the first TACE",
])
def test_not_timings(text):
    assert find_timings(text) == []


def test_two_timings_in_one_sentence_each_with_its_drug():
    ts = find_timings("Pembrolizumab could begin at least 5 days after the initial TACE, while ramucirumab waited "
                      "until at least 21 days after the last procedure.")
    assert [(t.regimen, t.low, t.anchor) for t in ts] == [("pembrolizumab", "5", "first TACE"),
                                                          ("ramucirumab", "21", "last TACE")]
