<?php
/**
 * Uninstall: removes the plugin's options, transients and log table, on every site of a network.
 *
 * @package Presswright
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

/**
 * Removes everything the plugin stored on the current site.
 */
function presswright_uninstall_site() {
	global $wpdb;
	foreach ( array( 'presswright_server_url', 'presswright_api_key', 'presswright_connection_problem', 'presswright_db_version' ) as $option ) {
		delete_option( $option );
	}
	// Transients: rate-limit counters (presswright_rl_*) and the Bulk Generator's jobs (presswright_bulk_*).
	$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s", $wpdb->esc_like( '_transient_presswright_' ) . '%', $wpdb->esc_like( '_transient_timeout_presswright_' ) . '%' ) );
	$wpdb->query( "DROP TABLE IF EXISTS {$wpdb->prefix}presswright_logs" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the prefix is WordPress's own.
}

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $presswright_site_id ) {
		switch_to_blog( (int) $presswright_site_id );
		presswright_uninstall_site();
		restore_current_blog();
	}
} else {
	presswright_uninstall_site();
}
