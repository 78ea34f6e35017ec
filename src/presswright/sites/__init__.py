"""Sites: a business brief in, a whole WordPress site out.

The site flow (``sites/flows/site.yaml``) plans a sitemap, writes each page as core blocks
from the pattern archetypes under the content contract, picks a design (``sites.design``:
palette at WCAG AA, font pairing) and plugins from a curated catalogue; ``sites.theme``
builds the block theme; ``sites.deploy`` puts the site on a connected WordPress.
"""
