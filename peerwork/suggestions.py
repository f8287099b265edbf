"""Development suggestions: what other apps can offer a person for the competency categories
they are developing, without the asking app importing them.

An app registers a function in its AppConfig.ready():

    from peerwork import suggestions
    suggestions.development.register(my_suggestions)
    # fn(user, category_ids) -> iterable of suggestions.Suggestion
    # category_ids: a list of ids or a queryset of them (`.values("category_id")`), which a
    # function uses as a subquery so that its query count never depends on the ratings

The evaluations app asks for the categories rated at the lowest scoring level ("Developing"
on the WISE scale) and shows the answers beside the development goals; the training app
answers with the courses that build those categories. Each function makes a fixed number of
queries, whatever the number of categories.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    category_id: int  # a competencies.Category id from the question
    text: str  # already translated, e.g. a course title
    url: str  # a path on this site
    detail: str = ""  # a short second line, e.g. "4 hours · next session Mar 10"
    app: str = ""


class SuggestionRegistry:
    def __init__(self):
        self._functions = []

    def register(self, function):
        if function not in self._functions:
            self._functions.append(function)
        return function

    def for_categories(self, user, category_ids):
        """{category id: [Suggestion, ...]} for the ids that got any."""
        found = {}
        for function in self._functions:
            for suggestion in function(user, category_ids):
                found.setdefault(suggestion.category_id, []).append(suggestion)
        return found


development = SuggestionRegistry()
