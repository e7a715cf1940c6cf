"""What later apps hand to earlier ones when they load (`AppConfig.ready`): calendar
sources, dashboard providers and panels, due checks, retention answers. ready() can
run more than once (tests, autoreload), so each is kept once, in the order first given."""

from typing import TypeVar

T = TypeVar("T")


class Registry(list[T]):
    def add(self, item: T) -> T:
        """Keep `item` unless it is already here; return it (so `add` can decorate)."""
        if item not in self:
            self.append(item)
        return item

    def answers(self, *args) -> list:
        """Call each item (a provider) with `args`, in order; keep what is not None."""
        return [answer for item in self if (answer := item(*args)) is not None]
