"""What later apps hand to earlier ones: each kept once, in order, and asked in turn."""

from csp_assessment.registry import Registry


def test_a_provider_is_kept_once_in_the_order_first_given():
    registry = Registry()

    def first(_):
        return "first"

    def second(_):
        return None

    registry.add(first)
    registry.add(second)
    registry.add(first)  # ready() can run twice
    assert list(registry) == [first, second]


def test_answers_asks_each_provider_and_keeps_what_is_not_none():
    registry = Registry()
    registry.add(lambda n: n * 2)
    registry.add(lambda n: None)
    registry.add(lambda n: 0)  # a falsy answer is still an answer
    assert registry.answers(5) == [10, 0]
