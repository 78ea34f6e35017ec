<?php
/**
 * Plugin Name:       Presswright
 * Plugin URI:        https://github.com/presswright/presswright
 * Description:       Presswright inside wp-admin: write checked articles with a Presswright server and turn them into block drafts.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            Presswright
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       presswright
 * Domain Path:       /languages
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

define( 'PRESSWRIGHT_VERSION', '0.1.0' );
define( 'PRESSWRIGHT_FILE', __FILE__ );
define( 'PRESSWRIGHT_DIR', plugin_dir_path( __FILE__ ) );

require_once PRESSWRIGHT_DIR . 'includes/install.php';
require_once PRESSWRIGHT_DIR . 'includes/secrets.php';
require_once PRESSWRIGHT_DIR . 'includes/options.php';
require_once PRESSWRIGHT_DIR . 'includes/logs.php';
require_once PRESSWRIGHT_DIR . 'includes/rate-limit.php';
require_once PRESSWRIGHT_DIR . 'includes/api-client.php';
require_once PRESSWRIGHT_DIR . 'includes/drafts.php';
require_once PRESSWRIGHT_DIR . 'includes/rest-settings.php';
require_once PRESSWRIGHT_DIR . 'includes/rest-content.php';
require_once PRESSWRIGHT_DIR . 'includes/rest-brands.php';
require_once PRESSWRIGHT_DIR . 'includes/rest-usage.php';
require_once PRESSWRIGHT_DIR . 'includes/bulk.php';
require_once PRESSWRIGHT_DIR . 'includes/products.php';
require_once PRESSWRIGHT_DIR . 'includes/rest-products.php';
require_once PRESSWRIGHT_DIR . 'includes/rest-bulk.php';
require_once PRESSWRIGHT_DIR . 'includes/admin-screens.php';
require_once PRESSWRIGHT_DIR . 'includes/hooks.php';
require_once PRESSWRIGHT_DIR . 'includes/patterns.php';
require_once PRESSWRIGHT_DIR . 'includes/rest-patterns.php';
require_once PRESSWRIGHT_DIR . 'includes/media.php';
require_once PRESSWRIGHT_DIR . 'includes/rest-media.php';
require_once PRESSWRIGHT_DIR . 'includes/editor-sidebar.php';

register_activation_hook( __FILE__, 'presswright_activate' );
