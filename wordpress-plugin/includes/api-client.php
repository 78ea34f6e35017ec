<?php
/**
 * The Presswright API client: every call is made here, server-side, with wp_remote_request.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

const PRESSWRIGHT_TIMEOUT = 30;

/**
 * Calls the Presswright API and logs the call.
 *
 * @param string     $method HTTP method.
 * @param string     $path   Path under the server URL, e.g. /api/v1/auth/me.
 * @param array|null $body   JSON body.
 * @param array      $log    type and target of the log row.
 * @param array      $options url and key to use instead of the stored ones (Test connection).
 * @return array|WP_Error The decoded JSON with the status under `_status`, or the problem.
 */
function presswright_api_request( $method, $path, $body = null, array $log = array(), array $options = array() ) {
	$base = $options['url'] ?? presswright_server_url();
	$key  = array_key_exists( 'key', $options ) ? $options['key'] : presswright_api_key();
	$type = $log['type'] ?? 'api';
	if ( '' === $base ) {
		return presswright_api_problem( 'presswright_not_configured', __( 'No Presswright server is set: enter its URL and an API key under Settings, Presswright.', 'presswright' ), 503, $type, $log );
	}
	if ( null === $key || '' === $key ) {
		return presswright_api_problem( 'presswright_no_key', __( 'No readable Presswright API key is stored: enter the key again under Settings, Presswright.', 'presswright' ), 503, $type, $log );
	}
	$args = array(
		'method'      => $method,
		'timeout'     => PRESSWRIGHT_TIMEOUT,
		'redirection' => 0,
		'headers'     => array(
			'X-API-Key' => $key,
			'Accept'    => 'application/json',
		),
	);
	if ( null !== $body ) {
		$args['headers']['Content-Type'] = 'application/json';
		$args['body']                    = wp_json_encode( $body );
	}
	/** Filters the arguments of a request to the Presswright API. */
	$args = apply_filters( 'presswright_api_request_args', $args, $path, $body );
	$url  = $base . $path;
	/** Fires before a request is sent to the Presswright API. */
	do_action( 'presswright_before_api_request', $url, $args );

	$started  = microtime( true );
	$response = wp_remote_request( $url, $args );
	$latency  = (int) round( ( microtime( true ) - $started ) * 1000 );

	if ( is_wp_error( $response ) ) {
		/* translators: 1: server URL, 2: the transport error. */
		$message = sprintf( __( 'The Presswright server at %1$s did not answer (%2$s). Check the URL and that the server is running.', 'presswright' ), $base, $response->get_error_message() );
		return presswright_api_problem( 'presswright_unreachable', $message, 502, $type, $log, $latency );
	}
	$status  = (int) wp_remote_retrieve_response_code( $response );
	$decoded = json_decode( wp_remote_retrieve_body( $response ), true );
	$decoded = is_array( $decoded ) ? $decoded : array();
	/** Filters the decoded answer of the Presswright API. */
	$decoded = apply_filters( 'presswright_api_response', $decoded, $status, $path );

	if ( $status >= 400 ) {
		// The server's 401 and 403 are about the stored key, not the WordPress user: 502 keeps
		// them apart from WordPress's own refusals.
		$message = presswright_problem_message( $status, $decoded, $path );
		return presswright_api_problem( 'presswright_api_error', $message, ( $status >= 500 || 401 === $status || 403 === $status ) ? 502 : $status, $type, $log, $latency );
	}
	presswright_log(
		array(
			'type'       => $type,
			'target'     => $log['target'] ?? $path,
			'tokens'     => (int) ( $decoded['tokens_in'] ?? 0 ) + (int) ( $decoded['tokens_out'] ?? 0 ),
			'latency_ms' => $latency,
			'status'     => 'ok',
		)
	);
	$decoded['_status'] = $status;
	return $decoded;
}

/**
 * A readable message for an error answer: the server's problems, or what the status means.
 *
 * @param int   $status  HTTP status.
 * @param array  $decoded The decoded body.
 * @param string $path    The API path that was called.
 * @return string
 */
function presswright_problem_message( $status, array $decoded, $path = '' ) {
	if ( 401 === $status ) {
		return __( 'The Presswright server refused the API key (401): it is wrong or was revoked. Create a new key in Presswright and save it here.', 'presswright' );
	}
	if ( 404 === $status && '/api/v1/me' === $path ) {
		return __( 'No Presswright API answers at this URL (404): check the server URL; it is the address of the Presswright server, without /api/v1.', 'presswright' );
	}
	$parts = array();
	if ( isset( $decoded['detail'] ) && is_string( $decoded['detail'] ) ) {
		$parts[] = $decoded['detail'];
	}
	foreach ( (array) ( $decoded['errors'] ?? array() ) as $problem ) {
		if ( is_array( $problem ) && isset( $problem['message'] ) ) {
			$parts[] = ( isset( $problem['field'] ) && $problem['field'] ? $problem['field'] . ': ' : '' ) . $problem['message'];
		}
	}
	/* translators: 1: HTTP status, 2: what the server said. */
	return sanitize_text_field( sprintf( __( 'The Presswright server answered %1$d: %2$s', 'presswright' ), $status, $parts ? implode( '; ', $parts ) : __( 'no details', 'presswright' ) ) );
}

/**
 * Logs a failed call and returns it as a WP_Error.
 *
 * @param string $code    Error code.
 * @param string $message Message for the user.
 * @param int    $status  HTTP status for the plugin's REST answer.
 * @param string $type    Log type.
 * @param array  $log     Log target.
 * @param int    $latency Milliseconds.
 * @return WP_Error
 */
function presswright_api_problem( $code, $message, $status, $type, array $log, $latency = 0 ) {
	presswright_log(
		array(
			'type'       => $type,
			'target'     => $log['target'] ?? '',
			'latency_ms' => $latency,
			'status'     => 'error',
			'error'      => $message,
		)
	);
	return new WP_Error( $code, $message, array( 'status' => $status ) );
}
