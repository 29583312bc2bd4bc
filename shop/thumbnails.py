"""Product images are made at display size, so a thumbnail is the original: no per-request resizing."""

from oscar.core.thumbnails import AbstractThumbnailer


class OriginalImage(AbstractThumbnailer):
    def generate_thumbnail(self, source, **opts):
        return source

    def delete_thumbnails(self, source):
        return None
