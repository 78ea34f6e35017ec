<?php
/**
 * REST routes of the Content Studio (edit_posts): generate, progress, result, draft.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

const PRESSWRIGHT_UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * Writers generate; the same capability that lets them write posts.
 *
 * @return bool
 */
function presswright_can_generate() {
	return current_user_can( 'edit_posts' );
}

/**
 * A route's args, each checked against its own schema (type, minLength, maxLength, enum,
 * minimum, maximum, pattern) before its callback runs: WordPress skips that check for an arg
 * that has a sanitize_callback but no validate_callback, so a too-short topic would reach the
 * server. A bad value is WordPress's 400 rest_invalid_param naming the field.
 *
 * @param array $args The args, by name.
 * @return array
 */
function presswright_rest_args( array $args ) {
	foreach ( $args as $name => $arg ) {
		$args[ $name ] = array_merge( array( 'validate_callback' => 'rest_validate_request_arg' ), $arg );
	}
	return $args;
}

/**
 * Registers the Content Studio's routes.
 */
function presswright_register_content_routes() {
	$ns = PRESSWRIGHT_REST_NAMESPACE;
	register_rest_route(
		$ns,
		'/articles',
		array(
			'methods'             => WP_REST_Server::CREATABLE,
			'callback'            => 'presswright_rest_generate_article',
			'permission_callback' => 'presswright_can_generate',
			'args'                => presswright_article_args(),
		)
	);
	register_rest_route(
		$ns,
		'/articles/(?P<document_id>' . PRESSWRIGHT_UUID . ')',
		array(
			'methods'             => WP_REST_Server::READABLE,
			'callback'            => 'presswright_rest_read_article',
			'permission_callback' => 'presswright_can_generate',
		)
	);
	register_rest_route(
		$ns,
		'/executions/(?P<execution_id>[A-Za-z0-9_.:-]{1,100})',
		array(
			'methods'             => WP_REST_Server::READABLE,
			'callback'            => 'presswright_rest_execution',
			'permission_callback' => 'presswright_can_generate',
		)
	);
	register_rest_route(
		$ns,
		'/drafts',
		array(
			'methods'             => WP_REST_Server::CREATABLE,
			'callback'            => 'presswright_rest_create_draft',
			'permission_callback' => 'presswright_can_generate',
			'args'                => presswright_rest_args(
				array(
					'document_id' => array(
						'type'     => 'string',
						'required' => true,
						'pattern'  => '^' . PRESSWRIGHT_UUID . '$',
					),
					'categories'  => array(
						'type'    => 'array',
						'items'   => array( 'type' => 'integer' ),
						'default' => array(),
					),
				)
			),
		)
	);
}

/**
 * The brief's fields, each with its type, limits and sanitizer.
 *
 * @return array
 */
function presswright_article_args() {
	return presswright_rest_args(
		array(
			'topic'         => array(
				'type'              => 'string',
				'required'          => true,
				'minLength'         => 5,
				'maxLength'         => 200,
				// As the API counts: 5 characters once runs of spaces are one space.
				'pattern'           => '\\S(?:\\S|\\s+(?=\\S)){4}',
				'sanitize_callback' => 'sanitize_text_field',
			),
			'keywords'      => array(
				'type'     => 'array',
				'items'    => array(
					'type'      => 'string',
					'maxLength' => 80,
				),
				'maxItems' => 10,
				'default'  => array(),
			),
			'tone'          => array(
				'type'              => 'string',
				'minLength'         => 1,
				'maxLength'         => 100,
				'default'           => 'informative',
				'sanitize_callback' => 'sanitize_text_field',
			),
			'length'        => array(
				'type'    => 'string',
				'enum'    => array( 'short', 'medium', 'long' ),
				'default' => 'medium',
			),
			'language'      => array(
				'type'    => 'string',
				'enum'    => array( 'en', 'fa', 'ar', 'de', 'es', 'fr', 'it', 'ja', 'ko', 'zh' ),
				'default' => 'en',
			),
			'brand_profile' => array(
				'type'              => 'string',
				'maxLength'         => 100,
				'default'           => '',
				'sanitize_callback' => 'sanitize_text_field',
			),
		)
	);
}

/**
 * POST /articles: starts an article on the server and answers with its run to follow.
 *
 * @param WP_REST_Request $request The brief.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_generate_article( WP_REST_Request $request ) {
	$limited = presswright_rate_limit( 'generate' );
	if ( is_wp_error( $limited ) ) {
		presswright_log( array( 'type' => 'article', 'status' => 'limited', 'error' => $limited->get_error_message() ) );
		return $limited;
	}
	$keywords = array_values( array_filter( array_map( 'sanitize_text_field', (array) $request['keywords'] ) ) );
	$brief    = array(
		'topic'    => (string) $request['topic'],
		'keywords' => $keywords,
		/** Filters the free-text instructions sent with the brief (the API takes them as its tone). */
		'tone'     => (string) apply_filters( 'presswright_prompt_instructions', (string) $request['tone'], 'article' ),
		'length'   => (string) $request['length'],
		'language' => (string) $request['language'],
	);
	if ( '' !== (string) $request['brand_profile'] ) {
		$brief['brand_profile'] = (string) $request['brand_profile'];
	}
	/** Filters the brief before it is sent; a WP_Error stops the generation. */
	$brief = apply_filters( 'presswright_before_generate', $brief, 'article' );
	if ( is_wp_error( $brief ) ) {
		return $brief;
	}
	$body    = array_merge( $brief, array( 'wait' => 0 ) );
	$started = presswright_api_request( 'POST', '/api/v1/content/generate', $body, array( 'type' => 'article', 'target' => $brief['topic'] ) );
	if ( is_wp_error( $started ) ) {
		/** Fires when a generation could not be started or failed. */
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
 * GET /executions/{id}: how far a run is (status, progress, the error that ended it).
 *
 * @param WP_REST_Request $request The request.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_execution( WP_REST_Request $request ) {
	$id  = (string) $request['execution_id'];
	$run = presswright_api_request( 'GET', '/api/v1/executions/' . rawurlencode( $id ), null, array( 'type' => 'status', 'target' => $id ) );
	if ( is_wp_error( $run ) ) {
		return $run;
	}
	$status = sanitize_key( (string) ( $run['status'] ?? '' ) );
	$error  = isset( $run['error'] ) ? sanitize_text_field( (string) $run['error'] ) : null;
	if ( in_array( $status, array( 'failed', 'error', 'stopped', 'cancelled' ), true ) ) {
		do_action( 'presswright_generation_failed', new WP_Error( 'presswright_run_failed', (string) $error ), array( 'execution_id' => $id ) );
		presswright_log( array( 'type' => 'article', 'target' => $id, 'status' => 'failed', 'error' => (string) $error ) );
	}
	$nodes = array();
	foreach ( (array) ( $run['nodes'] ?? array() ) as $node ) {
		if ( is_array( $node ) ) {
			$nodes[] = array(
				'name'   => sanitize_text_field( (string) ( $node['id'] ?? '' ) ),
				'status' => sanitize_key( (string) ( $node['status'] ?? '' ) ),
			);
		}
	}
	return rest_ensure_response(
		array(
			'execution_id' => $id,
			'status'       => $status,
			'progress'     => min( 100, max( 0, (int) ( $run['progress'] ?? 0 ) ) ),
			'error'        => $error,
			'tokens'       => (int) ( $run['tokens_in'] ?? 0 ) + (int) ( $run['tokens_out'] ?? 0 ),
			'nodes'        => $nodes,
		)
	);
}

/**
 * GET /articles/{document_id}: the finished article to preview.
 *
 * @param WP_REST_Request $request The request.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_read_article( WP_REST_Request $request ) {
	$article = presswright_fetch_article( (string) $request['document_id'] );
	if ( is_wp_error( $article ) ) {
		return $article;
	}
	// The preview is the blocks as the site would render them, kses-filtered again.
	$article['preview_html'] = wp_kses_post( do_blocks( $article['blocks'] ) );
	return rest_ensure_response( $article );
}

/**
 * POST /drafts: reads the article again from the server (never from the browser) and saves a draft.
 *
 * @param WP_REST_Request $request document_id and categories.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_create_draft( WP_REST_Request $request ) {
	$limited = presswright_rate_limit( 'draft' );
	if ( is_wp_error( $limited ) ) {
		return $limited;
	}
	$categories = array();
	foreach ( (array) $request['categories'] as $category ) {
		$term = get_term( absint( $category ), 'category' );
		if ( ! $term instanceof WP_Term ) {
			/* translators: %d: a category id. */
			return new WP_Error( 'presswright_bad_category', sprintf( __( 'There is no category with id %d: pick one from the list.', 'presswright' ), absint( $category ) ), array( 'status' => 400 ) );
		}
		$categories[] = (int) $term->term_id;
	}
	$article = presswright_fetch_article( (string) $request['document_id'] );
	if ( is_wp_error( $article ) ) {
		return $article;
	}
	$started = microtime( true );
	$post_id = presswright_create_draft( $article, $categories );
	$latency = (int) round( ( microtime( true ) - $started ) * 1000 );
	if ( is_wp_error( $post_id ) ) {
		presswright_log( array( 'type' => 'draft', 'target' => $article['document_id'], 'latency_ms' => $latency, 'status' => 'error', 'error' => $post_id->get_error_message() ) );
		return $post_id;
	}
	presswright_log( array( 'type' => 'draft', 'target' => 'post:' . $post_id, 'latency_ms' => $latency, 'status' => 'ok' ) );
	return new WP_REST_Response(
		array(
			'post_id'   => $post_id,
			'edit_link' => esc_url_raw( (string) get_edit_post_link( $post_id, 'raw' ) ),
			'title'     => get_the_title( $post_id ),
		),
		201
	);
}
