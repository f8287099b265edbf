"""Pages for a logged-in person show personnel data: no shared or browser cache keeps them."""

from django.utils.cache import patch_cache_control


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
