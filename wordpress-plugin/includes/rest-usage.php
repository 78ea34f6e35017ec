<?php
/**
 * REST route of the usage screen (manage_options): the log table summed per user and per type.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers /presswright/v1/usage.
 */
function presswright_register_usage_routes() {
	register_rest_route(
		PRESSWRIGHT_REST_NAMESPACE,
		'/usage',
		array(
			'methods'             => WP_REST_Server::READABLE,
			'callback'            => 'presswright_rest_usage',
			'permission_callback' => 'presswright_can_manage',
			'args'                => presswright_rest_args(
				array(
					'days' => array(
						'type'    => 'integer',
						'minimum' => 1,
						'maximum' => 366,
						'default' => 30,
					),
				)
			),
		)
	);
}

/**
 * GET /usage: calls, errors, tokens and mean latency per user and type over the last `days`.
 *
 * @param WP_REST_Request $request The request.
 * @return WP_REST_Response
 */
function presswright_rest_usage( WP_REST_Request $request ) {
	global $wpdb;
	$table = presswright_logs_table();
	$since = gmdate( 'Y-m-d H:i:s', time() - (int) $request['days'] * DAY_IN_SECONDS );
	// The table name is the site's prefix plus a constant; the value is prepared.
	$rows = $wpdb->get_results(
		$wpdb->prepare(
			"SELECT user_id, type, COUNT(*) AS calls, SUM(status <> 'ok') AS errors, SUM(tokens) AS tokens, ROUND(AVG(latency_ms)) AS latency_ms FROM {$table} WHERE created_at >= %s GROUP BY user_id, type ORDER BY user_id, type",
			$since
		),
		ARRAY_A
	);
	$usage = array();
	foreach ( (array) $rows as $row ) {
		$user    = get_userdata( (int) $row['user_id'] );
		$usage[] = array(
			'user_id'    => (int) $row['user_id'],
			'user'       => $user ? $user->display_name : __( '(no user)', 'presswright' ),
			'type'       => $row['type'],
			'calls'      => (int) $row['calls'],
			'errors'     => (int) $row['errors'],
			'tokens'     => (int) $row['tokens'],
			'latency_ms' => (int) $row['latency_ms'],
		);
	}
	return rest_ensure_response( $usage );
}
