<?php
/**
 * A per-user limit on generation calls, counted in a transient per minute window.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

/**
 * Counts one call of the current user; a WP_Error (429) when over the limit.
 *
 * The limit is `presswright_rate_limit` (default 10 a minute; filterable).
 *
 * @param string $type What is being limited (generate, draft, ...).
 * @return true|WP_Error
 */
function presswright_rate_limit( $type ) {
	$limit  = (int) apply_filters( 'presswright_rate_limit', 10, $type, get_current_user_id() );
	$window = (int) floor( time() / MINUTE_IN_SECONDS );
	$key    = 'presswright_rl_' . get_current_user_id() . '_' . sanitize_key( $type ) . '_' . $window;
	$count  = (int) get_transient( $key );
	if ( $limit > 0 && $count >= $limit ) {
		return new WP_Error(
			'presswright_rate_limited',
			/* translators: %d: calls allowed per minute. */
			sprintf( __( 'Too many requests: %d a minute are allowed. Wait a minute and try again.', 'presswright' ), $limit ),
			array( 'status' => 429 )
		);
	}
	set_transient( $key, $count + 1, 2 * MINUTE_IN_SECONDS );
	return true;
}
