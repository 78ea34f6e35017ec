"""The PHP the provisioners run next to a WordPress: its config, its install, theme activation.

No WP-CLI is packaged in Debian; WordPress's own functions do the same from the PHP command
line with ``wp-load.php`` loaded (as ``tests/wordpress/wordpress_site.py`` does).
"""

from __future__ import annotations

import secrets

__all__ = ["ACTIVATE_THEME", "INSTALL", "wp_config"]

_SALTS = (
    "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
    "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT",
)  # fmt: skip


def php_string(value: str) -> str:
    """A PHP single-quoted string literal of ``value``."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def wp_config(*, database: str, user: str, password: str, host: str, url: str) -> str:
    """A ``wp-config.php``: its own database, fresh salts, application passwords over http."""
    salts = "\n".join(
        f"define('{name}', {php_string(secrets.token_urlsafe(48))});" for name in _SALTS
    )
    return f"""<?php
define('DB_NAME', {php_string(database)});
define('DB_USER', {php_string(user)});
define('DB_PASSWORD', {php_string(password)});
define('DB_HOST', {php_string(host)});
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{salts}
$table_prefix = 'wp_';
define('WP_HOME', {php_string(url)});
define('WP_SITEURL', {php_string(url)});
// Application passwords over plain http on loopback.
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_DEBUG', false);
define('WP_DEBUG_DISPLAY', false);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('FS_METHOD', 'direct');
if (!defined('ABSPATH')) {{
    define('ABSPATH', __DIR__ . '/');
}}
require_once ABSPATH . 'wp-settings.php';
"""


# argv[1]: JSON {title, admin, email, password, public}; installs once (public: search engines
# may index it, blog_public 1; else noindex) and removes WordPress's sample content (the
# "Sample Page", the "Hello world!" post and its comment) once, so the site holds only its
# own pages; then (again on every run) replaces the application password named
# "presswright" and prints it as JSON.
INSTALL = """<?php
define('WP_INSTALLING', true);
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}
require getcwd() . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$args = json_decode($argv[1], true);
$public = !empty($args['public']);
if (!is_blog_installed()) {
    wp_install($args['title'], $args['admin'], $args['email'], $public, '', $args['password']);
    update_option('permalink_structure', '/%postname%/');
    update_option('rewrite_rules', '');
}
update_option('blog_public', $public ? '1' : '0');
if (!get_option('presswright_sample_content_removed')) {
    $sample = array(array('sample-page', 'page'), array('hello-world', 'post'));
    foreach ($sample as $item) {
        $found = get_page_by_path($item[0], OBJECT, $item[1]);
        if ($found) { wp_delete_post($found->ID, true); }  // its comments go with it
    }
    update_option('presswright_sample_content_removed', '1');
}
$user = get_user_by('login', $args['admin']);
if (!$user) { fwrite(STDERR, 'the administrator is missing'); exit(1); }
foreach (WP_Application_Passwords::get_user_application_passwords($user->ID) as $item) {
    if ($item['name'] === 'presswright') {
        WP_Application_Passwords::delete_application_password($user->ID, $item['uuid']);
    }
}
$made = WP_Application_Passwords::create_new_application_password(
    $user->ID, array('name' => 'presswright'));
if (is_wp_error($made)) { fwrite(STDERR, $made->get_error_message()); exit(1); }
echo json_encode(array('user' => $user->user_login, 'app_password' => $made[0]));
"""

# argv[1]: the theme ZIP, argv[2]: its slug. Unpacks it over any older copy and activates it.
ACTIVATE_THEME = """<?php
require getcwd() . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
WP_Filesystem();
$slug = $argv[2];
$themes = get_theme_root();
if (is_dir("$themes/$slug")) { $GLOBALS['wp_filesystem']->delete("$themes/$slug", true); }
$done = unzip_file($argv[1], $themes);
if (is_wp_error($done)) { fwrite(STDERR, $done->get_error_message()); exit(1); }
$theme = wp_get_theme($slug);
if (!$theme->exists() || $theme->errors()) {
    $why = $theme->errors() ? $theme->errors()->get_error_message() : 'missing';
    fwrite(STDERR, "the theme $slug does not load: $why");
    exit(1);
}
switch_theme($slug);
echo get_stylesheet();
"""
