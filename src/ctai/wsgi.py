"""The WSGI entry point (gunicorn ``ctai.wsgi:application``).

After start-up every object loaded so far (Django, the URL patterns, the templates' code) is
moved out of the garbage collector's sight with ``gc.freeze()``: the collector no longer walks
them on every collection of a large request, and worker processes forked from a preloaded
master keep sharing those pages of memory. A page allocates tens of thousands of short-lived
objects: the youngest generation is collected every 20 000 allocations rather than 700, the
older ones more rarely too (7-10 % of a page's time in process; cycles are still collected, a
little later; docs/adr/0012-page-cache.md, point 12).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctai.settings.prod")
application = get_wsgi_application()


def _warm_up() -> None:
    """Import what the first request would: URL patterns, their views, the template tags."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the property imports every view module)


_warm_up()
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 50, 100)
