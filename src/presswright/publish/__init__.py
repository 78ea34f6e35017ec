"""Publishing: remote sites Presswright connects to and publishes to.

One package, one connection base; each kind of remote is a thin specialisation of it:

- :mod:`~presswright.publish.addresses`: a site's address (normalised, checked) and short name;
- :mod:`~presswright.publish.connections`: connect, read back, check one or all, list and
  remove a connection of any kind, credentials sealed at rest
  (records: :mod:`presswright.store.site_connections`);
- :mod:`~presswright.publish.rest`: the REST conversation with one site (no redirects,
  errors naming the site, typed answers);
- :mod:`~presswright.publish.wordpress`: posts and pages, the link index, SEO fields;
- :mod:`~presswright.publish.woocommerce`: product facts in, product copy written back.

The WordPress media library, site deployment and the WordPress plugin's connection join as
further kinds: a table in the connection store, a :class:`~.connections.RemoteSites`
subclass, and a :class:`~.rest.RestClient` subclass where they talk to a site.
"""
