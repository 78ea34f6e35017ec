<?php
/**
 * REST routes of brand profiles: the server's list (edit_posts), a new one (manage_options).
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers /presswright/v1/brand-profiles.
 */
function presswright_register_brand_routes() {
	$ns = PRESSWRIGHT_REST_NAMESPACE;
	register_rest_route(
		$ns,
		'/brand-profiles',
		array(
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => 'presswright_rest_brand_profiles',
				'permission_callback' => 'presswright_can_generate',
			),
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => 'presswright_rest_train_brand',
				'permission_callback' => 'presswright_can_manage',
				'args'                => presswright_brand_args(),
			),
		)
	);
}

/**
 * GET /brand-profiles: the names of the server's brand profiles.
 *
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_brand_profiles() {
	$found = presswright_api_request( 'GET', '/api/v1/brand-profiles', null, array( 'type' => 'brand_profiles' ) );
	if ( is_wp_error( $found ) ) {
		return $found;
	}
	unset( $found['_status'] );
	$names = array();
	foreach ( $found as $profile ) {
		if ( is_array( $profile ) && isset( $profile['name'] ) ) {
			$names[] = array(
				'id'   => sanitize_text_field( (string) ( $profile['id'] ?? '' ) ),
				'name' => sanitize_text_field( (string) $profile['name'] ),
			);
		}
	}
	return rest_ensure_response( $names );
}

/**
 * The fields of a new brand profile, each with its limits and sanitizer.
 *
 * @return array
 */
function presswright_brand_args() {
	$text = array(
		'type'              => 'string',
		'maxLength'         => 100,
		'sanitize_callback' => 'sanitize_text_field',
	);
	return presswright_rest_args(
		array(
			'name'                => array_merge( $text, array( 'required' => true, 'minLength' => 1 ) ),
			'tone'                => $text,
			'vocabulary_level'    => array_merge( $text, array( 'maxLength' => 50 ) ),
			'sentence_length'     => array_merge( $text, array( 'maxLength' => 50 ) ),
			'custom_instructions' => array(
				'type'              => 'string',
				'maxLength'         => 4000,
				'sanitize_callback' => 'sanitize_textarea_field',
			),
			'banned_words'        => array(
				'type'     => 'array',
				'items'    => array(
					'type'      => 'string',
					'maxLength' => 100,
				),
				'maxItems' => 200,
				'default'  => array(),
			),
		)
	);
}

/**
 * POST /brand-profiles: stores a brand profile on the server (administrators only).
 *
 * @param WP_REST_Request $request The profile.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_train_brand( WP_REST_Request $request ) {
	$profile = array(
		'name'         => (string) $request['name'],
		'banned_words' => array_values( array_filter( array_map( 'sanitize_text_field', (array) $request['banned_words'] ) ) ),
	);
	foreach ( array( 'tone', 'vocabulary_level', 'sentence_length', 'custom_instructions' ) as $field ) {
		if ( null !== $request[ $field ] && '' !== (string) $request[ $field ] ) {
			$profile[ $field ] = (string) $request[ $field ];
		}
	}
	$made = presswright_api_request( 'POST', '/api/v1/brand-profiles', $profile, array( 'type' => 'brand', 'target' => $profile['name'] ) );
	if ( is_wp_error( $made ) ) {
		return $made;
	}
	$public = array(
		'id'   => sanitize_text_field( (string) ( $made['id'] ?? '' ) ),
		'name' => sanitize_text_field( (string) ( $made['name'] ?? '' ) ),
	);
	/** Fires when a brand profile was stored on the Presswright server. */
	do_action( 'presswright_brand_trained', $public, $profile );
	return new WP_REST_Response( $public, 201 );
}
