from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def floor(request):
    """The cost of Django itself: session, user, middleware and one short template."""
    return render(request, "benchmarks/floor.html")


@login_required
def floor_layout(request):
    """The floor plus PeerWork's layout (base.html: navigation, app menus), nothing else."""
    return render(request, "benchmarks/floor_layout.html")
