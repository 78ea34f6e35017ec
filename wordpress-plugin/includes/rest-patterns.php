<?php
/**
 * REST routes of the Patterns screen (edit_posts): generate a pattern, read it, browse the
 * template library, and register either as a user pattern.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

add_action( 'init', 'presswright_register_pattern_meta', 20 );
add_action( 'rest_api_init', 'presswright_register_pattern_routes' );

/**
 * Registers the Patterns routes.
 */
function presswright_register_pattern_routes() {
	$ns = PRESSWRIGHT_REST_NAMESPACE;
	register_rest_route(
		$ns,
		'/patterns',
		array(
			'methods'             => WP_REST_Server::CREATABLE,
			'callback'            => 'presswright_rest_generate_pattern',
			'permission_callback' => 'presswright_can_generate',
			'args'                => presswright_rest_args(
				array(
					'description' => array(
						'type'              => 'string',
						'required'          => true,
						'minLength'         => 5,
						'maxLength'         => 500,
						// As the API counts: 5 characters from the first to the last that is not a space.
						'pattern'           => '\\S[\\s\\S]{3,}\\S',
						'sanitize_callback' => 'sanitize_textarea_field',
					),
					'category'    => array(
						'type'              => 'string',
						'maxLength'         => 100,
						'default'           => '',
						'sanitize_callback' => 'sanitize_text_field',
					),
				)
			),
		)
	);
	register_rest_route(
		$ns,
		'/patterns/(?P<document_id>' . PRESSWRIGHT_UUID . ')',
		array(
			'methods'             => WP_REST_Server::READABLE,
			'callback'            => 'presswright_rest_read_pattern',
			'permission_callback' => 'presswright_can_generate',
		)
	);
	register_rest_route(
		$ns,
		'/patterns/register',
		array(
			'methods'             => WP_REST_Server::CREATABLE,
			'callback'            => 'presswright_rest_register_pattern',
			'permission_callback' => 'presswright_can_generate',
			'args'                => presswright_rest_args(
				array(
					'source' => array(
						'type'     => 'string',
						'enum'     => array( 'document', 'template' ),
						'required' => true,
					),
					'id'     => array(
						'type'     => 'string',
						'required' => true,
						'pattern'  => '^' . PRESSWRIGHT_UUID . '$',
					),
					'title'  => array(
						'type'              => 'string',
						'maxLength'         => 200,
						'default'           => '',
						'sanitize_callback' => 'sanitize_text_field',
					),
					'synced' => array(
						'type'    => 'boolean',
						'default' => false,
					),
				)
			),
		)
	);
	register_rest_route(
		$ns,
		'/templates',
		array(
			'methods'             => WP_REST_Server::READABLE,
			'callback'            => 'presswright_rest_templates',
			'permission_callback' => 'presswright_can_generate',
			'args'                => presswright_rest_args(
				array(
					'category' => array(
						'type'              => 'string',
						'maxLength'         => 100,
						'default'           => '',
						'sanitize_callback' => 'sanitize_text_field',
					),
					'offset'   => array(
						'type'    => 'integer',
						'minimum' => 0,
						'default' => 0,
					),
				)
			),
		)
	);
}

/**
 * POST /patterns: starts a pattern on the server and answers with its run to follow.
 *
 * @param WP_REST_Request $request description and category.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_generate_pattern( WP_REST_Request $request ) {
	$limited = presswright_rate_limit( 'generate' );
	if ( is_wp_error( $limited ) ) {
		presswright_log(
			array(
				'type'   => 'pattern',
				'status' => 'limited',
				'error'  => $limited->get_error_message(),
			)
		);
		return $limited;
	}
	$brief = array(
		/** Filters the free-text instructions sent with the brief (a pattern's description). */
		'description' => (string) apply_filters( 'presswright_prompt_instructions', (string) $request['description'], 'pattern' ),
	);
	if ( '' !== (string) $request['category'] ) {
		$brief['category'] = (string) $request['category'];
	}
	/** Filters the brief before it is sent; a WP_Error stops the generation. */
	$brief = apply_filters( 'presswright_before_generate', $brief, 'pattern' );
	if ( is_wp_error( $brief ) ) {
		return $brief;
	}
	$started = presswright_api_request(
		'POST',
		'/api/v1/patterns/generate',
		array_merge( $brief, array( 'wait' => 0 ) ),
		array(
			'type'   => 'pattern',
			'target' => substr( $brief['description'], 0, 150 ),
		)
	);
	if ( is_wp_error( $started ) ) {
		do_action( 'presswright_generation_failed', $started, $brief );
		return $started;
	}
	return new WP_REST_Response(
		array(
			'execution_id' => sanitize_text_field( (string) ( $started['execution_id'] ?? '' ) ),
			'document_id'  => sanitize_text_field( (string) ( $started['document_id'] ?? '' ) ),
			'status'       => sanitize_key( (string) ( $started['status'] ?? '' ) ),
			'progress'     => (int) ( $started['progress'] ?? 0 ),
		),
		202
	);
}

/**
 * GET /patterns/{document_id}: the finished pattern, with a preview rendered by the site.
 *
 * @param WP_REST_Request $request The request.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_read_pattern( WP_REST_Request $request ) {
	$pattern = presswright_fetch_pattern( (string) $request['document_id'] );
	if ( is_wp_error( $pattern ) ) {
		return $pattern;
	}
	$pattern['preview_html'] = wp_kses_post( do_blocks( $pattern['markup'] ) );
	return rest_ensure_response( $pattern );
}

/**
 * POST /patterns/register: reads the pattern again from the server (never from the browser)
 * and saves it as a user pattern.
 *
 * @param WP_REST_Request $request source, id, title, synced.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_register_pattern( WP_REST_Request $request ) {
	$limited = presswright_rate_limit( 'draft' );
	if ( is_wp_error( $limited ) ) {
		return $limited;
	}
	$id      = (string) $request['id'];
	$pattern = 'template' === $request['source'] ? presswright_fetch_template( $id ) : presswright_fetch_pattern( $id );
	if ( is_wp_error( $pattern ) ) {
		return $pattern;
	}
	$started = microtime( true );
	$post_id = presswright_register_pattern( $pattern, (string) $request['title'], (bool) $request['synced'] );
	$latency = (int) round( ( microtime( true ) - $started ) * 1000 );
	if ( is_wp_error( $post_id ) ) {
		presswright_log(
			array(
				'type'       => 'pattern_saved',
				'target'     => $pattern['source'],
				'latency_ms' => $latency,
				'status'     => 'error',
				'error'      => $post_id->get_error_message(),
			)
		);
		return $post_id;
	}
	presswright_log(
		array(
			'type'       => 'pattern_saved',
			'target'     => 'wp_block:' . $post_id,
			'latency_ms' => $latency,
			'status'     => 'ok',
		)
	);
	return new WP_REST_Response(
		array(
			'id'     => $post_id,
			'title'  => get_the_title( $post_id ),
			'synced' => (bool) $request['synced'],
		),
		201
	);
}

/**
 * GET /templates: a page of the server's template library, each with a site-rendered preview.
 *
 * @param WP_REST_Request $request category and offset.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_templates( WP_REST_Request $request ) {
	$query = array(
		'limit'  => 20,
		'offset' => (int) $request['offset'],
	);
	if ( '' !== (string) $request['category'] ) {
		$query['category'] = (string) $request['category'];
	}
	$found = presswright_api_request( 'GET', '/api/v1/templates?' . http_build_query( $query ), null, array( 'type' => 'templates' ) );
	if ( is_wp_error( $found ) ) {
		return $found;
	}
	$items = array();
	foreach ( (array) ( $found['items'] ?? array() ) as $template ) {
		if ( ! is_array( $template ) ) {
			continue;
		}
		$markup  = is_string( $template['markup'] ?? null ) ? wp_kses_post( $template['markup'] ) : '';
		$items[] = array(
			'id'           => sanitize_text_field( (string) ( $template['id'] ?? '' ) ),
			'name'         => sanitize_text_field( (string) ( $template['name'] ?? '' ) ),
			'category'     => sanitize_text_field( (string) ( $template['category'] ?? '' ) ),
			'usable'       => '' !== $markup && presswright_markup_form( $markup ) === presswright_markup_form( $template['markup'] ),
			'preview_html' => '' !== $markup ? wp_kses_post( do_blocks( $markup ) ) : '',
		);
	}
	return rest_ensure_response(
		array(
			'items'       => $items,
			'total'       => (int) ( $found['total'] ?? 0 ),
			'next_offset' => isset( $found['next_offset'] ) ? (int) $found['next_offset'] : null,
		)
	);
}
