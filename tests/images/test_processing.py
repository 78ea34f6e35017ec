"""Image processing on real pictures made by Pillow: checks, metadata, sizes, formats, budgets."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms, ImageDraw, ImageFilter, PngImagePlugin

from presswright.errors import InvalidImageError, UserInputError
from presswright.images.encoding import TargetSize, encode_within_budget
from presswright.images.processing import (
    ImageLimits,
    avif_supported,
    content_hash,
    decode_image,
    process_image,
    sniff_format,
)

SECRET = b"GPS-secret-42"


def photo(width: int = 640, height: int = 480) -> Image.Image:
    """A photo-like picture: gradients, shapes, some grain, a little blur."""
    base = Image.linear_gradient("L").resize((width, height))
    grain = Image.effect_noise((width, height), 24)
    image = Image.merge("RGB", (base, base.transpose(Image.Transpose.ROTATE_180), grain))
    draw = ImageDraw.Draw(image)
    for i in range(24):
        x, y = (i * 67) % width, (i * 41) % height
        draw.ellipse((x, y, x + width // 6, y + height // 7), fill=(i * 10 % 255, 180, 90))
    return image.filter(ImageFilter.GaussianBlur(0.8))


def saved(image: Image.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def tagged_jpeg(orientation: int = 1) -> bytes:
    """A JPEG carrying EXIF (camera, orientation, a GPS-like secret), XMP and an ICC profile."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0112] = orientation
    exif[0x010E] = SECRET.decode()  # ImageDescription
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + SECRET + b"</x:xmpmeta>"
    return saved(photo(), "JPEG", quality=92, exif=exif, xmp=xmp, icc_profile=srgb)


def assert_no_metadata(data: bytes) -> None:
    assert SECRET not in data
    assert b"Canon" not in data
    image = opened(data)
    assert len(image.getexif()) == 0
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Comment"):
        assert key not in image.info, key


# --- checks -------------------------------------------------------------------------------


def test_format_is_sniffed_from_the_bytes() -> None:
    picture = photo(40, 30)
    assert sniff_format(saved(picture, "PNG")) == "png"
    assert sniff_format(saved(picture, "JPEG")) == "jpeg"
    assert sniff_format(saved(picture, "WEBP")) == "webp"
    assert sniff_format(saved(picture, "GIF")) == "gif"
    assert sniff_format(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>') == "svg"
    assert sniff_format(b"%PDF-1.7 ...") is None
    assert sniff_format(b"<html><body>not an image</body></html>") is None


def test_a_jpeg_is_decoded_as_jpeg_whatever_it_is_called() -> None:
    decoded = decode_image(saved(photo(40, 30), "JPEG"))
    assert decoded.source_format == "jpeg"
    assert (decoded.width, decoded.height) == (40, 30)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<html><body>Service unavailable</body></html>", "unknown_format"),
        (b'{"error": "rate limited"}', "unknown_format"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20, "truncated|undecodable"),
        (b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "truncated|undecodable"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect width='1' height='1'/></svg>", "svg"),
    ],
    ids=["empty", "html", "json", "png-garbage", "jpeg-garbage", "svg"],
)
def test_what_is_not_a_decodable_picture_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InvalidImageError) as caught:
        decode_image(data)
    assert caught.value.reason in reason.split("|")
    assert isinstance(caught.value, UserInputError)  # a 4xx at the API, one line in the CLI
    assert caught.value.hint


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP", "GIF"])
def test_truncated_files_are_refused(kind: str) -> None:
    data = saved(photo(), kind)
    for cut in (len(data) // 2, len(data) - 40):
        with pytest.raises(InvalidImageError) as caught:
            decode_image(data[:cut])
        assert caught.value.reason in ("truncated", "undecodable")
        assert "does not decode" in str(caught.value)


def test_byte_limit() -> None:
    data = saved(photo(), "PNG")
    with pytest.raises(InvalidImageError, match="over the limit") as caught:
        decode_image(data, limits=ImageLimits(max_bytes=len(data) - 1))
    assert caught.value.reason == "too_large"
    assert decode_image(data, limits=ImageLimits(max_bytes=len(data))).width == 640


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` x ``height`` with a tiny, valid-looking body."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height"), [(30_000, 30_000), (9_000, 9_000), (20_000, 10)])
def test_decompression_bombs_are_refused_before_decoding(width: int, height: int) -> None:
    with pytest.raises(InvalidImageError) as caught:
        decode_image(_png_claiming(width, height), limits=ImageLimits(max_pixels=40_000_000))
    assert caught.value.reason == "too_many_pixels"


def test_a_real_highly_compressible_bomb_is_refused() -> None:
    # 6000x6000 of one colour is a few kB of PNG and 108 MB of RGB once decoded.
    data = saved(Image.new("RGB", (6000, 6000), (9, 9, 9)), "PNG")
    assert len(data) < 200_000
    with pytest.raises(InvalidImageError) as caught:
        decode_image(data, limits=ImageLimits(max_pixels=4_000_000))
    assert caught.value.reason == "too_many_pixels"
    assert "6000x6000" in str(caught.value)


def test_metadata_is_stripped_and_orientation_applied_first() -> None:
    data = tagged_jpeg(orientation=6)  # stored landscape, shown rotated 90 degrees clockwise
    assert SECRET in data and b"Canon" in data
    decoded = decode_image(data)
    assert (decoded.width, decoded.height) == (480, 640)
    assert decoded.image.info == {}
    assert len(decoded.image.getexif()) == 0
    result = process_image(data, [TargetSize(480, 640)], output="webp")
    assert [v.format for v in result.variants] == ["webp", "jpeg"]
    for variant in result.variants:
        assert_no_metadata(variant.data)
        assert opened(variant.data).size == (480, 640)


def test_orientation_moves_the_pixels() -> None:
    picture = Image.new("RGB", (60, 40), (255, 255, 255))
    picture.paste((255, 0, 0), (0, 0, 10, 10))  # a red mark at the top left as stored
    exif = Image.Exif()
    exif[0x0112] = 6
    decoded = decode_image(saved(picture, "PNG", exif=exif))
    assert decoded.image.size == (40, 60)
    red, _, blue = decoded.image.getpixel((35, 4))  # rotated clockwise: now top right
    assert red > 200 and blue < 60


def test_png_text_chunks_and_a_broken_icc_profile_are_dropped() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET.decode())
    info.add_itxt("XML:com.adobe.xmp", SECRET.decode())
    data = saved(photo(64, 48), "PNG", pnginfo=info, icc_profile=b"not an icc profile")
    assert SECRET in data
    decoded = decode_image(data)
    assert decoded.image.info == {}
    (variant, *_) = process_image(data, [TargetSize(64, 48)], output="png").variants
    assert_no_metadata(variant.data)


def test_srgb_profile_keeps_the_colours() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture = Image.new("RGB", (8, 8), (200, 120, 40))
    decoded = decode_image(saved(picture, "PNG", icc_profile=srgb))
    pixel = decoded.image.getpixel((3, 3))
    assert all(abs(a - b) <= 2 for a, b in zip(pixel, (200, 120, 40), strict=True))  # type: ignore[arg-type]


# --- odd modes ----------------------------------------------------------------------------


def test_sixteen_bit_greyscale_is_scaled_to_eight_bits() -> None:
    levels = [0] * 8 + [32896] * 8 + [65535] * 16  # 0, 50 % and 100 % of the 16-bit range
    wide = Image.frombytes("I;16", (32, 8), struct.pack("<256H", *(levels * 8)))
    decoded = decode_image(saved(wide, "PNG"))
    assert decoded.image.mode == "RGB"
    assert decoded.image.getpixel((2, 2)) == (0, 0, 0)
    assert decoded.image.getpixel((10, 2)) == (128, 128, 128)
    assert decoded.image.getpixel((30, 2)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("make", "kind", "mode"),
    [
        (lambda: Image.new("CMYK", (20, 20), (0, 255, 255, 0)), "JPEG", "RGB"),
        (lambda: Image.new("1", (20, 20), 1), "PNG", "RGB"),
        (lambda: Image.new("LA", (20, 20), (128, 100)), "PNG", "RGBA"),
        (lambda: Image.new("RGBA", (20, 20), (10, 20, 30, 255)), "PNG", "RGB"),  # unused alpha
        (lambda: Image.new("RGBA", (20, 20), (10, 20, 30, 0)), "WEBP", "RGBA"),
    ],
)
def test_modes_become_rgb_or_rgba(make: object, kind: str, mode: str) -> None:
    picture = make()  # type: ignore[operator]
    assert decode_image(saved(picture, kind)).image.mode == mode


def test_cmyk_becomes_red() -> None:
    decoded = decode_image(saved(Image.new("CMYK", (20, 20), (0, 255, 255, 0)), "JPEG"))
    red, green, blue = decoded.image.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


def test_palette_transparency_is_kept_as_alpha() -> None:
    picture = Image.new("P", (20, 20), 0)
    picture.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    picture.paste(1, (0, 0, 10, 20))
    decoded = decode_image(saved(picture, "PNG", transparency=0))
    assert decoded.has_alpha
    assert decoded.image.getpixel((15, 5))[3] == 0
    assert decoded.image.getpixel((5, 5)) == (0, 255, 0, 255)
    result = process_image(saved(picture, "PNG", transparency=0), [TargetSize(20, 20)])
    assert [v.format for v in result.variants] == ["webp", "png"]  # JPEG has no alpha


def test_animated_gif_keeps_the_first_frame_and_says_so() -> None:
    frames = [
        Image.new("RGB", (30, 30), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))
    ]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    decoded = decode_image(buffer.getvalue())
    assert decoded.animated and decoded.frames == 3
    assert decoded.image.getpixel((5, 5))[0] > 200
    with pytest.raises(InvalidImageError) as caught:
        decode_image(buffer.getvalue(), limits=ImageLimits(max_frames=2))
    assert caught.value.reason == "too_many_frames"
    # Many frames of an allowed size add up: the total is limited too.
    with pytest.raises(InvalidImageError, match="pixels in all") as caught:
        decode_image(buffer.getvalue(), limits=ImageLimits(max_total_pixels=2 * 30 * 30))
    assert caught.value.reason == "too_many_frames"


@pytest.mark.skipif(not avif_supported(), reason="this Pillow has no AVIF encoder")
def test_truncated_avif_is_refused() -> None:
    data = saved(photo(), "AVIF", quality=60)
    assert decode_image(data).source_format == "avif"
    with pytest.raises(InvalidImageError):
        decode_image(data[: len(data) // 2])


# --- sizes, formats, budgets --------------------------------------------------------------


def test_cover_crops_to_the_exact_size_and_contain_fits_within() -> None:
    data = saved(photo(800, 600), "PNG")
    cover, contain, small = (
        TargetSize(1200, 630),
        TargetSize(300, 300, "contain"),
        TargetSize(2000, 2000, "contain"),
    )
    result = process_image(data, [cover, contain, small], output="webp", fallback=False)
    sizes = {v.target: opened(v.data).size for v in result.variants}
    assert sizes[cover] == (1200, 630)
    assert sizes[contain] == (300, 225)
    assert sizes[small] == (800, 600)  # contain never enlarges
    assert all(v.format == "webp" and opened(v.data).format == "WEBP" for v in result.variants)


def test_budget_is_met_by_lowering_the_quality() -> None:
    data = saved(photo(1024, 768), "PNG")
    free = process_image(data, [TargetSize(1024, 768)], output="jpeg").variants[0]
    budget = free.size // 2
    tight = process_image(data, [TargetSize(1024, 768)], output="jpeg", max_bytes=budget)
    (variant,) = tight.variants
    assert variant.size <= budget
    assert variant.quality is not None and free.quality is not None
    assert variant.quality < free.quality
    assert opened(variant.data).size == (1024, 768)


def test_png_budget_is_met_with_a_palette() -> None:
    picture = photo(400, 300)
    lossless = encode_within_budget(picture, "png")
    squeezed = encode_within_budget(picture, "png", max_bytes=lossless.size // 2)
    assert squeezed.size <= lossless.size // 2
    assert squeezed.quality in (256, 128, 64, 32)
    assert opened(squeezed.data).mode == "P"


def test_an_impossible_budget_is_refused_not_shrunk() -> None:
    data = saved(photo(1024, 768), "PNG")
    with pytest.raises(InvalidImageError, match="cannot be made within 500 bytes") as caught:
        process_image(data, [TargetSize(1024, 768)], output="webp", max_bytes=500)
    assert caught.value.reason == "over_budget"


@pytest.mark.skipif(not avif_supported(), reason="this Pillow has no AVIF encoder")
def test_avif_with_a_jpeg_fallback() -> None:
    data = saved(photo(), "PNG")
    result = process_image(data, [TargetSize(320, 240)], output="avif", max_bytes=20_000)
    avif, jpeg = result.variants
    assert (avif.format, avif.media_type, avif.extension) == ("avif", "image/avif", "avif")
    assert (jpeg.format, jpeg.media_type, jpeg.extension) == ("jpeg", "image/jpeg", "jpg")
    assert opened(avif.data).format == "AVIF" and opened(avif.data).size == (320, 240)
    assert avif.size <= 20_000 and jpeg.size <= 20_000
    assert result.for_size(TargetSize(320, 240)) == [avif, jpeg]
    # An AVIF goes back through the same wall.
    assert decode_image(avif.data).source_format == "avif"


def test_png_and_jpeg_outputs_need_no_fallback() -> None:
    data = saved(photo(60, 40), "PNG")
    for output in ("png", "jpeg"):
        result = process_image(data, [TargetSize(60, 40)], output=output)  # type: ignore[arg-type]
        assert [v.format for v in result.variants] == [output]


def test_content_hash_is_the_sha256_of_the_bytes() -> None:
    data = saved(photo(50, 50), "PNG")
    assert content_hash(data) == hashlib.sha256(data).hexdigest()
    decoded = decode_image(data)
    assert decoded.source_sha256 == content_hash(data)
    (variant,) = process_image(data, [TargetSize(50, 50)], output="png", fallback=False).variants
    assert variant.sha256 == content_hash(variant.data)
    # The same pixels encoded the same way give the same hash (idempotent uploads rely on it).
    (again,) = process_image(data, [TargetSize(50, 50)], output="png", fallback=False).variants
    assert again.sha256 == variant.sha256


def test_sizes_are_checked() -> None:
    with pytest.raises(ValueError, match="1 to 16384"):
        TargetSize(0, 10)
    with pytest.raises(ValueError, match="cover"):
        TargetSize(10, 10, "stretch")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one size"):
        process_image(saved(photo(10, 10), "PNG"), [])
