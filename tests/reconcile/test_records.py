"""Arms compare by molecule: the same comparison printed with codes, brands or biosimilars."""

import pytest

from extract.reconcile.records import arm_set


@pytest.mark.parametrize("a, b, same", [
    # a development code and a biosimilar of the same antibody
    ("toripalimab plus IBI305", "toripalimab plus bevacizumab biosimilar", True),
    # a brand name against its generic, printed in another order
    ("Avastin plus atezolizumab", "atezolizumab plus bevacizumab", True),
    # one molecule under its two generic names
    ("TACE plus camrelizumab plus rivoceranib", "cTACE plus camrelizumab plus apatinib", True),
    # placebo and "alone" do not make another comparison
    ("DEB-TACE plus placebo", "DEB-TACE alone", True),
    # a different drug is a different arm
    ("TACE plus lenvatinib", "TACE plus sorafenib", False),
    ("atezolizumab plus bevacizumab", "atezolizumab", False),
])
def test_arm_sets_compare_by_molecule(a, b, same):
    assert (arm_set(a) == arm_set(b)) is same
