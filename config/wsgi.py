import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# A page builds tens of thousands of short-lived objects (the observatory's tables): with the default thresholds
# the collector runs full passes mid-request, a pause of twice the page's time. What the process loaded at start
# is frozen out of the collector's sight, and the youngest generation is collected less often; reference counting
# frees almost everything anyway, the collector is only there for cycles. WSGI_GC_THRESHOLD=700 restores the default.
gc.freeze()
gc.set_threshold(int(os.environ.get("WSGI_GC_THRESHOLD", "50000")), 20, 20)
