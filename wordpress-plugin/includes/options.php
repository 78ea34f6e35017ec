<?php
/**
 * The plugin's options: server URL, sealed API key, the last connection problem.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

const PRESSWRIGHT_OPTION_URL     = 'presswright_server_url';
const PRESSWRIGHT_OPTION_KEY     = 'presswright_api_key';
const PRESSWRIGHT_OPTION_PROBLEM = 'presswright_connection_problem';

/**
 * Every option the plugin stores (uninstall removes them).
 *
 * @return string[]
 */
function presswright_option_names() {
	return array( PRESSWRIGHT_OPTION_URL, PRESSWRIGHT_OPTION_KEY, PRESSWRIGHT_OPTION_PROBLEM, PRESSWRIGHT_DB_VERSION_OPTION );
}

/**
 * The Presswright server's base URL, without a trailing slash ('' when not set).
 *
 * @return string
 */
function presswright_server_url() {
	return untrailingslashit( (string) get_option( PRESSWRIGHT_OPTION_URL, '' ) );
}

/**
 * The API key in clear, for server-side requests only; null when unset or unreadable.
 *
 * @return string|null
 */
function presswright_api_key() {
	$sealed = get_option( PRESSWRIGHT_OPTION_KEY, '' );
	return '' === $sealed ? null : presswright_unseal( $sealed );
}

/**
 * What the settings screen may know about the connection: never the key itself.
 *
 * @return array{server_url: string, api_key_set: bool, api_key_readable: bool, problem: string}
 */
function presswright_public_settings() {
	$sealed = (string) get_option( PRESSWRIGHT_OPTION_KEY, '' );
	return array(
		'server_url'       => presswright_server_url(),
		'api_key_set'      => '' !== $sealed,
		'api_key_readable' => '' !== $sealed && null !== presswright_unseal( $sealed ),
		'problem'          => (string) get_option( PRESSWRIGHT_OPTION_PROBLEM, '' ),
	);
}

/**
 * Checks and normalises a server URL: http(s) with a host, no query or fragment.
 *
 * @param string $url What the admin typed.
 * @return string|WP_Error
 */
function presswright_clean_server_url( $url ) {
	$url   = esc_url_raw( trim( (string) $url ), array( 'http', 'https' ) );
	$parts = wp_parse_url( $url );
	if ( '' === $url || empty( $parts['host'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
		return new WP_Error(
			'presswright_bad_url',
			__( 'The server URL must be an http or https address such as https://presswright.example.com, without a query.', 'presswright' ),
			array( 'status' => 400, 'field' => 'server_url' )
		);
	}
	return untrailingslashit( $url );
}
