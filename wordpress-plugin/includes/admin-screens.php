<?php
/**
 * The admin screens: Content Studio (edit_posts) and Settings (manage_options), and the notice.
 *
 * Each screen is an empty root the built script (build/*.js, made by wp-scripts) fills with
 * @wordpress/components; the script gets no secret, only what the REST routes answer.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

/**
 * Adds the Presswright menu and its pages.
 */
function presswright_admin_menu() {
	$hooks = array(
		'studio'   => add_menu_page(
			__( 'Presswright Content Studio', 'presswright' ),
			__( 'Presswright', 'presswright' ),
			'edit_posts',
			'presswright',
			'presswright_render_studio_page',
			'dashicons-edit-page',
			26
		),
	);
	add_submenu_page( 'presswright', __( 'Content Studio', 'presswright' ), __( 'Content Studio', 'presswright' ), 'edit_posts', 'presswright', 'presswright_render_studio_page' );
	$hooks['bulk']     = add_submenu_page( 'presswright', __( 'Presswright Bulk Generator', 'presswright' ), __( 'Bulk Generator', 'presswright' ), 'edit_posts', 'presswright-bulk', 'presswright_render_bulk_page' );
	$hooks['patterns'] = add_submenu_page( 'presswright', __( 'Presswright patterns', 'presswright' ), __( 'Patterns', 'presswright' ), 'edit_posts', 'presswright-patterns', 'presswright_render_patterns_page' );
	$hooks['media']    = add_submenu_page( 'presswright', __( 'Presswright Media Forge', 'presswright' ), __( 'Media Forge', 'presswright' ), 'upload_files', 'presswright-media', 'presswright_render_media_page' );
	$hooks['usage']    = add_submenu_page( 'presswright', __( 'Presswright usage', 'presswright' ), __( 'Usage', 'presswright' ), 'manage_options', 'presswright-usage', 'presswright_render_usage_page' );
	$hooks['settings'] = add_options_page( __( 'Presswright settings', 'presswright' ), __( 'Presswright', 'presswright' ), 'manage_options', 'presswright-settings', 'presswright_render_settings_page' );
	presswright_screen_hooks( array_filter( $hooks ) );
}

/**
 * The admin page hooks of the plugin's screens (screen name by hook suffix); set once by the menu.
 *
 * The suffixes come from add_*_page(): they hold the translated menu title, so they are never
 * spelled out here.
 *
 * @param array|null $set Screen => hook suffix, from presswright_admin_menu().
 * @return array Hook suffix => screen.
 */
function presswright_screen_hooks( $set = null ) {
	static $hooks = array();
	if ( null !== $set ) {
		$hooks = array_flip( $set );
	}
	return $hooks;
}

/**
 * The Content Studio's root element.
 */
function presswright_render_studio_page() {
	echo '<div class="wrap"><h1>' . esc_html__( 'Presswright Content Studio', 'presswright' ) . '</h1><div id="presswright-studio"></div></div>';
}

/**
 * The Bulk Generator's root element.
 */
function presswright_render_bulk_page() {
	echo '<div class="wrap"><h1>' . esc_html__( 'Presswright Bulk Generator', 'presswright' ) . '</h1><div id="presswright-bulk"></div></div>';
}

/**
 * The usage screen's root element.
 */
function presswright_render_usage_page() {
	echo '<div class="wrap"><h1>' . esc_html__( 'Presswright usage', 'presswright' ) . '</h1><div id="presswright-usage"></div></div>';
}

/**
 * The settings screen's root element.
 */
function presswright_render_settings_page() {
	echo '<div class="wrap"><h1>' . esc_html__( 'Presswright settings', 'presswright' ) . '</h1><div id="presswright-settings"></div></div>';
}

/**
 * Loads a built screen's script and styles on its own page only.
 *
 * @param string $hook_suffix The admin page being shown.
 */
function presswright_enqueue_admin_assets( $hook_suffix ) {
	$screens = presswright_screen_hooks();
	if ( ! isset( $screens[ $hook_suffix ] ) ) {
		return;
	}
	$name  = $screens[ $hook_suffix ];
	$asset = PRESSWRIGHT_DIR . 'build/' . $name . '.asset.php';
	if ( ! is_readable( $asset ) ) {
		return;
	}
	$built = require $asset;
	wp_enqueue_script( 'presswright-' . $name, plugins_url( 'build/' . $name . '.js', PRESSWRIGHT_FILE ), $built['dependencies'], $built['version'], true );
	wp_set_script_translations( 'presswright-' . $name, 'presswright', PRESSWRIGHT_DIR . 'languages' );
	wp_enqueue_style( 'wp-components' );
	$config = array(
		'settingsUrl' => admin_url( 'options-general.php?page=presswright-settings' ),
		'canManage'   => current_user_can( 'manage_options' ),
		'categories'  => array_map(
			static function ( $term ) {
				return array(
					'id'   => (int) $term->term_id,
					'name' => $term->name,
				);
			},
			get_categories( array( 'hide_empty' => false ) )
		),
	);
	wp_add_inline_script( 'presswright-' . $name, 'window.presswrightConfig = ' . wp_json_encode( $config ) . ';', 'before' );
}

/**
 * The last connection problem, on the plugin's screens and the dashboard, for administrators.
 */
function presswright_admin_notices() {
	$screen = get_current_screen();
	$mine   = array_merge( array( 'dashboard' ), array_keys( presswright_screen_hooks() ) );
	if ( ! current_user_can( 'manage_options' ) || ! $screen || ! in_array( $screen->id, $mine, true ) ) {
		return;
	}
	$settings = presswright_public_settings();
	$message  = '';
	if ( '' === $settings['server_url'] || ! $settings['api_key_set'] ) {
		$message = __( 'Presswright is not connected: enter the server URL and an API key under Settings, Presswright.', 'presswright' );
	} elseif ( ! $settings['api_key_readable'] ) {
		$message = __( 'The stored Presswright API key cannot be read (the site\'s salts changed): enter the key again under Settings, Presswright.', 'presswright' );
	} elseif ( '' !== $settings['problem'] ) {
		$message = $settings['problem'];
	}
	if ( '' !== $message ) {
		printf( '<div class="notice notice-error"><p>%s</p></div>', esc_html( $message ) );
	}
}
