from sakra.core.memo import Memo


def test_a_value_is_computed_once_per_key_and_the_least_recently_used_goes_first():
    memo = Memo(size=2)
    computed = []

    def value(key):
        return lambda: computed.append(key) or key.upper()

    assert memo.get("a", value("a")) == "A"
    assert memo.get("a", value("a")) == "A"
    memo.get("b", value("b"))
    memo.get("a", value("a"))  # "a" is now the most recently used
    memo.get("c", value("c"))  # so "b" goes
    assert len(memo) == 2
    memo.get("a", value("a"))
    memo.get("b", value("b"))
    assert computed == ["a", "b", "c", "b"]
    memo.clear()
    assert len(memo) == 0
