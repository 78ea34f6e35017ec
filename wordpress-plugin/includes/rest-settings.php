<?php
/**
 * REST routes of the connection settings (manage_options): read, save, test.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

const PRESSWRIGHT_REST_NAMESPACE = 'presswright/v1';

/**
 * Only administrators change or test the connection.
 *
 * @return bool
 */
function presswright_can_manage() {
	return current_user_can( 'manage_options' );
}

/**
 * Registers /presswright/v1/settings and /presswright/v1/settings/test.
 */
function presswright_register_settings_routes() {
	register_rest_route(
		PRESSWRIGHT_REST_NAMESPACE,
		'/settings',
		array(
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => 'presswright_rest_get_settings',
				'permission_callback' => 'presswright_can_manage',
			),
			array(
				'methods'             => WP_REST_Server::EDITABLE,
				'callback'            => 'presswright_rest_save_settings',
				'permission_callback' => 'presswright_can_manage',
				'args'                => presswright_rest_args(
					array(
						'server_url' => array(
							'type'              => 'string',
							'required'          => true,
							'sanitize_callback' => 'esc_url_raw',
						),
						'api_key'    => array(
							'type'              => 'string',
							'required'          => false,
							'description'       => 'A new API key; left out or empty keeps the stored one.',
							'sanitize_callback' => 'sanitize_text_field',
						),
					)
				),
			),
		)
	);
	register_rest_route(
		PRESSWRIGHT_REST_NAMESPACE,
		'/settings/test',
		array(
			'methods'             => WP_REST_Server::CREATABLE,
			'callback'            => 'presswright_rest_test_connection',
			'permission_callback' => 'presswright_can_manage',
		)
	);
}

/**
 * GET /settings: the URL and whether a key is set; never the key.
 *
 * @return WP_REST_Response
 */
function presswright_rest_get_settings() {
	return rest_ensure_response( presswright_public_settings() );
}

/**
 * Asks the server who the key belongs to: the connection check.
 *
 * @param array $options url and key to try instead of the stored ones.
 * @return array|WP_Error
 */
function presswright_check_connection( array $options = array() ) {
	$me = presswright_api_request( 'GET', '/api/v1/me', null, array( 'type' => 'connection', 'target' => 'me' ), $options );
	if ( is_wp_error( $me ) ) {
		return $me;
	}
	return array(
		'ok'        => true,
		'user'      => sanitize_text_field( (string) ( $me['user']['email'] ?? '' ) ),
		'workspace' => sanitize_text_field( (string) ( $me['tenant']['name'] ?? '' ) ),
		'role'      => sanitize_key( (string) ( $me['role'] ?? '' ) ),
	);
}

/**
 * POST /settings: checks the URL and key against the server, then stores both (key sealed).
 *
 * Nothing is stored when the check fails, so a typo never replaces a working connection.
 *
 * @param WP_REST_Request $request The request.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_save_settings( WP_REST_Request $request ) {
	$url = presswright_clean_server_url( (string) $request['server_url'] );
	if ( is_wp_error( $url ) ) {
		return $url;
	}
	$new_key = trim( (string) $request['api_key'] );
	$key     = '' === $new_key ? presswright_api_key() : $new_key;
	if ( null === $key ) {
		return new WP_Error( 'presswright_no_key', __( 'Enter the API key: no readable key is stored yet.', 'presswright' ), array( 'status' => 400, 'field' => 'api_key' ) );
	}
	$check = presswright_check_connection( array( 'url' => $url, 'key' => $key ) );
	if ( is_wp_error( $check ) ) {
		$data = (array) $check->get_error_data();
		$check->add_data( array( 'status' => max( 400, (int) ( $data['status'] ?? 502 ) ) ) );
		return $check;
	}
	update_option( PRESSWRIGHT_OPTION_URL, $url, false );
	if ( '' !== $new_key ) {
		update_option( PRESSWRIGHT_OPTION_KEY, presswright_seal( $new_key ), false );
	}
	delete_option( PRESSWRIGHT_OPTION_PROBLEM );
	return rest_ensure_response( array_merge( presswright_public_settings(), array( 'connection' => $check ) ) );
}

/**
 * POST /settings/test: checks the stored connection; a failure is kept for the admin notice.
 *
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_test_connection() {
	$check = presswright_check_connection();
	if ( is_wp_error( $check ) ) {
		update_option( PRESSWRIGHT_OPTION_PROBLEM, $check->get_error_message(), false );
		return $check;
	}
	delete_option( PRESSWRIGHT_OPTION_PROBLEM );
	return rest_ensure_response( $check );
}
