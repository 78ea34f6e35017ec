"""Publishing to WordPress over its REST API, with application passwords.

``sites`` connects and checks sites, ``publish`` puts an article on a site (idempotently),
``media`` puts an image in a site's Media Library once per content (Media Forge),
``links`` pulls a site's posts and pages into the internal-link index, ``seo`` maps SEO
fields to Yoast or Rank Math, and ``client`` is the typed REST client under them all.
The CLI and the API call these functions and nothing below them.
"""

from presswright.publish.wordpress.client import Credentials, WordPressClient
from presswright.publish.wordpress.errors import (
    WordPressAuthError,
    WordPressError,
    WordPressUnreachableError,
)
from presswright.publish.wordpress.links import link_index, pull_links
from presswright.publish.wordpress.media import MediaResult, push_image
from presswright.publish.wordpress.media_image import MediaImage
from presswright.publish.wordpress.media_placement import ArticleImage
from presswright.publish.wordpress.post_content import FeaturedImage
from presswright.publish.wordpress.publish import (
    PublishOptions,
    PublishResult,
    publish_document,
    publish_library_document,
)
from presswright.publish.wordpress.seo import SeoPlugin, SeoReport
from presswright.publish.wordpress.sites import (
    SITE_CONNECTIONS,
    SiteConnect,
    SiteConnection,
    check_site,
    check_sites,
    connect_site,
)

__all__ = [
    "SITE_CONNECTIONS",
    "ArticleImage",
    "Credentials",
    "FeaturedImage",
    "MediaImage",
    "MediaResult",
    "PublishOptions",
    "PublishResult",
    "SeoPlugin",
    "SeoReport",
    "SiteConnect",
    "SiteConnection",
    "WordPressAuthError",
    "WordPressClient",
    "WordPressError",
    "WordPressUnreachableError",
    "check_site",
    "check_sites",
    "connect_site",
    "link_index",
    "publish_document",
    "publish_library_document",
    "pull_links",
    "push_image",
]
