<?php
/**
 * The log table: one row for every call the plugin makes to the Presswright server.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

/**
 * Writes one log row.
 *
 * @param array $entry type, target, tokens, latency_ms, status, error.
 * @return void
 */
function presswright_log( array $entry ) {
	global $wpdb;
	$wpdb->insert(
		presswright_logs_table(),
		array(
			'user_id'    => get_current_user_id(),
			'type'       => substr( sanitize_key( $entry['type'] ?? '' ), 0, 40 ),
			'target'     => substr( sanitize_text_field( $entry['target'] ?? '' ), 0, 191 ),
			'tokens'     => max( 0, (int) ( $entry['tokens'] ?? 0 ) ),
			'latency_ms' => max( 0, (int) ( $entry['latency_ms'] ?? 0 ) ),
			'status'     => substr( sanitize_key( $entry['status'] ?? '' ), 0, 20 ),
			'error'      => isset( $entry['error'] ) ? sanitize_textarea_field( $entry['error'] ) : null,
			'created_at' => current_time( 'mysql', true ),
		),
		array( '%d', '%s', '%s', '%d', '%d', '%s', '%s', '%s' )
	);
}
