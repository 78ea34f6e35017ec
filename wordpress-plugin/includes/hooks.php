<?php
/**
 * Every hook the plugin registers, in one place.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

add_action( 'init', 'presswright_load_textdomain' );
add_action( 'wp_initialize_site', 'presswright_install_new_site', 20 );
add_action( 'rest_api_init', 'presswright_register_settings_routes' );
add_action( 'rest_api_init', 'presswright_register_content_routes' );
add_action( 'rest_api_init', 'presswright_register_brand_routes' );
add_action( 'rest_api_init', 'presswright_register_usage_routes' );
add_action( 'admin_menu', 'presswright_admin_menu' );
add_action( 'admin_enqueue_scripts', 'presswright_enqueue_admin_assets' );
add_action( 'admin_notices', 'presswright_admin_notices' );

/**
 * Loads the plugin's translations.
 */
function presswright_load_textdomain() {
	load_plugin_textdomain( 'presswright', false, dirname( plugin_basename( PRESSWRIGHT_FILE ) ) . '/languages' );
}
