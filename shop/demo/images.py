"""Product and shop pictures drawn locally with Pillow: nothing is downloaded."""

import colorsys
import hashlib
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 480


def _colour(seed: str, lightness: float) -> tuple[int, int, int]:
    hue = int(hashlib.sha1(seed.encode()).hexdigest()[:4], 16) / 0xFFFF
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, 0.45)
    return int(red * 255), int(green * 255), int(blue * 255)


FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


def _font(size: int):
    """A font with French accents when the system has one; Pillow's own otherwise."""
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def draw_label_image(*, path: Path, title: str, subtitle: str, seed: str) -> Path:
    """A square JPEG with the title on a colour drawn from ``seed``; kept if it already exists."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (SIZE, SIZE), _colour(seed, 0.86))
    draw = ImageDraw.Draw(image)
    accent = _colour(seed, 0.35)
    draw.rectangle([0, SIZE - 90, SIZE, SIZE], fill=accent)
    title_font = _font(38)
    small_font = _font(24)
    lines = textwrap.wrap(title, width=20)[:5]
    top = (SIZE - 90 - len(lines) * 48) // 2
    for index, line in enumerate(lines):
        width = draw.textlength(line, font=title_font)
        draw.text(((SIZE - width) / 2, top + index * 48), line, fill=accent, font=title_font)
    width = draw.textlength(subtitle, font=small_font)
    draw.text(((SIZE - width) / 2, SIZE - 60), subtitle, fill=(255, 255, 255), font=small_font)
    image.save(path, "JPEG", quality=80, optimize=True)
    return path


def draw_logo_image(*, path: Path, name: str, seed: str) -> Path:
    """A small square PNG logo: the shop's initials on a disc of a colour drawn from ``seed``; kept if it exists."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 128
    image = Image.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse([4, 4, size - 4, size - 4], fill=_colour(seed, 0.35))
    words = [word for word in name.replace("'", " ").split() if word[:1].isalpha() and len(word) > 2]
    initials = "".join(word[0].upper() for word in words[:2]) or name[:1].upper()
    font = _font(52)
    width = draw.textlength(initials, font=font)
    draw.text(((size - width) / 2, size / 2 - 32), initials, fill=(255, 255, 255), font=font)
    image.save(path, "PNG", optimize=True)
    return path
