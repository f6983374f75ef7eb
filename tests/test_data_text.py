"""The one Swedish list joiner."""

from data.text import swedish_list


def test_items_are_joined_with_commas_and_och_before_the_last():
    assert swedish_list([]) == ""
    assert swedish_list(["Norsjö"]) == "Norsjö"
    assert swedish_list(["Norsjö", "Skellefteå"]) == "Norsjö och Skellefteå"
    assert swedish_list(["a", "b", "c"]) == "a, b och c"
