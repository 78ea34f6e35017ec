"""Publishing: remote sites Presswright connects to and publishes to.

One package, one connection base. :mod:`presswright.publish.wordpress` (posts, pages, links, SEO)
and :mod:`presswright.publish.woocommerce` (product copy written back to a shop) specialise the
shared parts beside them, so the WordPress media library, site deployment and the WordPress
plugin's connection join as further specialisations rather than copies.
"""
