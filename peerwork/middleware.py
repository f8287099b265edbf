"""Request and response rules that hold for every page."""

from django.http import QueryDict
from django.utils.cache import patch_cache_control


class NulFreeQueryMiddleware:
    """Drops NUL characters from the query string before any view reads it.

    A NUL can only be hostile or a mistake; PostgreSQL refuses it in a query, and a filter
    form that repeats a rejected value in its message would put it in the page, which no
    HTML may carry. Removing it here keeps every filter form and paginator safe at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or "\x00" in value for key, value in request.GET.items()
        ):
            query = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                query.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            query._mutable = False
            request.GET = query
        return self.get_response(request)


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every response to a logged-in request (unless
    the view set its own, as the PDF downloads do), so a shared computer's back button or a
    proxy never shows one person's records to the next."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
