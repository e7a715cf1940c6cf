"""Where the page for a closed public survey sends a resident next. Apps to the right
(priorities, with its "you said, we did" pages) add a provider here, so consultation
links on to what became of the answers without importing them. A provider takes the
survey and returns a link's text and address, or None while it has nothing to offer."""

from collections.abc import Callable

from csp_assessment.registry import Registry

from .models import Survey

AfterSurveyLink = Callable[[Survey], tuple[str, str] | None]

_providers: Registry[AfterSurveyLink] = Registry()


def register(provider: AfterSurveyLink) -> AfterSurveyLink:
    return _providers.add(provider)


def links_for(survey: Survey) -> list[tuple[str, str]]:
    return [link for provider in _providers if (link := provider(survey)) is not None]
