import pytest

from extract.endpoints import assessment_for, find_assessment, find_endpoints


@pytest.mark.parametrize("text, endpoint, measure", [
    ("overall survival", "OS", "median"),
    ("TACE-specific PFS", "TACE-PFS", "median"),
    ("TACE progression-free survival", "TACE-PFS", "median"),
    ("time to unTACEable progression", "TTUP", "median"),
    ("composite PFS", "PFS", "median"),
    ("RECICL-PFS", "PFS", "median"),
    ("objective response rate", "ORR", "rate"),
    ("24-month OS", "OS", "24-month rate"),
    ("2-year overall survival rate", "OS", "24-month rate"),
    ("OS rate at 18 months", "OS", "18-month rate"),
    ("Grade 3 or worse treatment-related adverse events", "TRAE", "grade>=3 rate"),
    ("grade ≥ 3 AEs", "AE", "grade>=3 rate"),
    ("grade 3-4 treatment-related adverse events", "TRAE", "grade 3-4 rate"),
    ("discontinuation due to adverse events", "AE-DISCONTINUATION", "rate"),
    ("conversion to resection", "CONVERSION", "rate"),
])
def test_endpoint_mentions(text, endpoint, measure):
    (e,) = find_endpoints(text)
    assert (e.endpoint, e.measure) == (endpoint, measure)


@pytest.mark.parametrize("text", ["the os was", "PFS-OS dissociation", "post-OS"])
def test_not_endpoints(text):
    assert find_endpoints(text) == []


@pytest.mark.parametrize("text, expected", [
    ("PFS per RECIST v1.1 by blinded independent central review at the interim analysis",
     "RECIST 1.1, BICR, interim"),
    ("mRECIST, investigator-assessed", "mRECIST, investigator"),
    ("RECICL-assessed PFS", "RECICL"),
    ("the final analysis", "final"),
    ("the updated analysis with a data cutoff of 31 August 2020", "updated, data cut-off 2020-08-31"),
    ("the five-year overall survival update", "5-year update"),
    ("nothing stated here", ""),
])
def test_assessment(text, expected):
    assert find_assessment(text) == expected


def test_criteria_do_not_apply_to_os():
    assert assessment_for("OS", "RECIST 1.1, BICR, interim") == "interim"
    assert assessment_for("PFS", "RECIST 1.1, BICR, interim") == "RECIST 1.1, BICR, interim"
