"""Where the page for a closed public survey sends a resident next. Apps to the right
(priorities, with its "you said, we did" pages) add a provider with
`after_survey.add(provider)`, so consultation links on to what became of the answers
without importing them. A provider takes the survey and returns a link's text and
address, or None while it has nothing to offer; `after_survey.answers(survey)` lists
the links."""

from collections.abc import Callable

from csp_assessment.registry import Registry

from .models import Survey

after_survey: Registry[Callable[[Survey], tuple[str, str] | None]] = Registry()
