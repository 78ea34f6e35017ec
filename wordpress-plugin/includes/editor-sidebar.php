<?php
/**
 * The block editor's Presswright sidebar, and the root elements of the Patterns and Media Forge
 * screens (their menu entries are added in admin-screens.php).
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

add_action( 'enqueue_block_editor_assets', 'presswright_enqueue_editor_sidebar' );

/**
 * Loads the sidebar in the post editor for users who may generate.
 */
function presswright_enqueue_editor_sidebar() {
	$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
	if ( ! presswright_can_generate() || ( $screen && 'post' !== $screen->base ) ) {
		return;
	}
	$asset = PRESSWRIGHT_DIR . 'build/sidebar.asset.php';
	if ( ! is_readable( $asset ) ) {
		return;
	}
	$built = require $asset;
	wp_enqueue_script( 'presswright-sidebar', plugins_url( 'build/sidebar.js', PRESSWRIGHT_FILE ), $built['dependencies'], $built['version'], true );
	wp_set_script_translations( 'presswright-sidebar', 'presswright', PRESSWRIGHT_DIR . 'languages' );
}

/**
 * The Patterns screen's root element.
 */
function presswright_render_patterns_page() {
	echo '<div class="wrap"><h1>' . esc_html__( 'Presswright patterns', 'presswright' ) . '</h1><div id="presswright-patterns"></div></div>';
}

/**
 * The Media Forge screen's root element.
 */
function presswright_render_media_page() {
	echo '<div class="wrap"><h1>' . esc_html__( 'Presswright Media Forge', 'presswright' ) . '</h1><div id="presswright-media"></div></div>';
}
