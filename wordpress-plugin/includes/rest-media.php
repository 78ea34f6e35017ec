<?php
/**
 * REST routes of Media Forge: generate pictures (edit_posts), list a run's pictures with a
 * preview, and add one to the Media Library (upload_files).
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

add_action( 'rest_api_init', 'presswright_register_media_routes' );

const PRESSWRIGHT_PREVIEW_BYTES = 4194304;

/**
 * Media Forge needs both: writing content and uploading files.
 *
 * @return bool
 */
function presswright_can_upload() {
	return current_user_can( 'edit_posts' ) && current_user_can( 'upload_files' );
}

/**
 * Registers the Media Forge routes.
 */
function presswright_register_media_routes() {
	$ns = PRESSWRIGHT_REST_NAMESPACE;
	register_rest_route(
		$ns,
		'/images',
		array(
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => 'presswright_rest_generate_images',
				'permission_callback' => 'presswright_can_upload',
				'args'                => presswright_rest_args(
					array(
						'prompt' => array(
							'type'              => 'string',
							'required'          => true,
							'minLength'         => 3,
							'maxLength'         => 4000,
							'sanitize_callback' => 'sanitize_textarea_field',
						),
						'size'   => array(
							'type'    => 'string',
							'enum'    => array( '', '1024x1024', '1792x1024', '1024x1792', '16:9', '4:3', '1:1' ),
							'default' => '',
						),
						'count'  => array(
							'type'    => 'integer',
							'minimum' => 1,
							'maximum' => 4,
							'default' => 1,
						),
						'style'  => array(
							'type'              => 'string',
							'maxLength'         => 64,
							'default'           => '',
							'sanitize_callback' => 'sanitize_text_field',
						),
					)
				),
			),
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => 'presswright_rest_list_images',
				'permission_callback' => 'presswright_can_upload',
				'args'                => presswright_rest_args(
					array(
						'execution_id' => array(
							'type'     => 'string',
							'required' => true,
							'pattern'  => '^[A-Za-z0-9_.:-]{1,36}$',
						),
					)
				),
			),
		)
	);
	register_rest_route(
		$ns,
		'/media',
		array(
			'methods'             => WP_REST_Server::CREATABLE,
			'callback'            => 'presswright_rest_add_to_media',
			'permission_callback' => 'presswright_can_upload',
			'args'                => presswright_rest_args(
				array(
					'image_id' => array(
						'type'     => 'string',
						'required' => true,
						'pattern'  => '^' . PRESSWRIGHT_UUID . '$',
					),
					'title'    => array(
						'type'              => 'string',
						'maxLength'         => 300,
						'default'           => '',
						'sanitize_callback' => 'sanitize_text_field',
					),
					'caption'  => array(
						'type'              => 'string',
						'maxLength'         => 2000,
						'default'           => '',
						'sanitize_callback' => 'sanitize_textarea_field',
					),
					'alt'      => array(
						'type'              => 'string',
						'maxLength'         => 1000,
						'default'           => '',
						'sanitize_callback' => 'sanitize_text_field',
					),
				)
			),
		)
	);
}

/**
 * POST /images: starts making pictures on the server; the run is followed at /executions.
 *
 * Without an image provider on the server the API answers 503 with the fix; it is passed on
 * as a 503 with the server's words.
 *
 * @param WP_REST_Request $request prompt, size, count, style.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_generate_images( WP_REST_Request $request ) {
	$limited = presswright_rate_limit( 'generate' );
	if ( is_wp_error( $limited ) ) {
		presswright_log(
			array(
				'type'   => 'image',
				'status' => 'limited',
				'error'  => $limited->get_error_message(),
			)
		);
		return $limited;
	}
	$brief = array(
		/** Filters the free-text instructions sent with the brief (a picture's prompt). */
		'prompt' => (string) apply_filters( 'presswright_prompt_instructions', (string) $request['prompt'], 'image' ),
		'count'  => (int) $request['count'],
	);
	foreach ( array( 'size', 'style' ) as $field ) {
		if ( '' !== (string) $request[ $field ] ) {
			$brief[ $field ] = (string) $request[ $field ];
		}
	}
	/** Filters the brief before it is sent; a WP_Error stops the generation. */
	$brief = apply_filters( 'presswright_before_generate', $brief, 'image' );
	if ( is_wp_error( $brief ) ) {
		return $brief;
	}
	$started = presswright_api_request(
		'POST',
		'/api/v1/images',
		$brief,
		array(
			'type'   => 'image',
			'target' => substr( $brief['prompt'], 0, 150 ),
		)
	);
	if ( is_wp_error( $started ) ) {
		do_action( 'presswright_generation_failed', $started, $brief );
		if ( false !== strpos( $started->get_error_message(), ' 503:' ) ) {
			/* translators: %s: what the Presswright server said, with the command that fixes it. */
			$message = sprintf( __( 'No image provider is configured on the Presswright server. %s', 'presswright' ), $started->get_error_message() );
			return new WP_Error( 'presswright_no_image_provider', $message, array( 'status' => 503 ) );
		}
		return $started;
	}
	return new WP_REST_Response(
		array(
			'execution_id' => sanitize_text_field( (string) ( $started['execution_id'] ?? '' ) ),
			'status'       => sanitize_key( (string) ( $started['status'] ?? '' ) ),
			'model'        => sanitize_text_field( (string) ( $started['model'] ?? '' ) ),
		),
		202
	);
}

/**
 * GET /images?execution_id=: the pictures a run made, each with a preview (a data: URL of its
 * bytes, fetched server-side: the browser never talks to the Presswright server).
 *
 * @param WP_REST_Request $request execution_id.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_list_images( WP_REST_Request $request ) {
	$id    = (string) $request['execution_id'];
	$found = presswright_api_request(
		'GET',
		'/api/v1/images?' . http_build_query( array( 'execution_id' => $id ) ),
		null,
		array(
			'type'   => 'images',
			'target' => $id,
		)
	);
	if ( is_wp_error( $found ) ) {
		return $found;
	}
	$items = array();
	foreach ( (array) ( $found['items'] ?? array() ) as $image ) {
		if ( ! is_array( $image ) ) {
			continue;
		}
		$fields = presswright_image_fields( $image );
		$file   = presswright_download_image( $fields['id'], $fields['format'] );
		if ( is_wp_error( $file ) ) {
			return $file;
		}
		$fields['preview'] = strlen( $file['bytes'] ) <= PRESSWRIGHT_PREVIEW_BYTES
			? 'data:' . $file['mime'] . ';base64,' . base64_encode( $file['bytes'] ) // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions
			: '';
		$items[]           = $fields;
	}
	return rest_ensure_response( $items );
}

/**
 * POST /media: reads the picture again from the server and adds it to the Media Library.
 *
 * @param WP_REST_Request $request image_id, title, caption, alt.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_add_to_media( WP_REST_Request $request ) {
	$limited = presswright_rate_limit( 'media' );
	if ( is_wp_error( $limited ) ) {
		return $limited;
	}
	$image_id = (string) $request['image_id'];
	$found    = presswright_api_request(
		'GET',
		'/api/v1/images/' . rawurlencode( $image_id ),
		null,
		array(
			'type'   => 'image',
			'target' => 'image:' . $image_id,
		)
	);
	if ( is_wp_error( $found ) ) {
		return $found;
	}
	$started = microtime( true );
	$id      = presswright_sideload_image(
		presswright_image_fields( $found ),
		array(
			'title'   => (string) $request['title'],
			'caption' => (string) $request['caption'],
			'alt'     => (string) $request['alt'],
		)
	);
	$latency = (int) round( ( microtime( true ) - $started ) * 1000 );
	if ( is_wp_error( $id ) ) {
		presswright_log(
			array(
				'type'       => 'media',
				'target'     => 'image:' . $image_id,
				'latency_ms' => $latency,
				'status'     => 'error',
				'error'      => $id->get_error_message(),
			)
		);
		return $id;
	}
	presswright_log(
		array(
			'type'       => 'media',
			'target'     => 'attachment:' . $id,
			'latency_ms' => $latency,
			'status'     => 'ok',
		)
	);
	return new WP_REST_Response(
		array(
			'attachment_id' => $id,
			'url'           => esc_url_raw( (string) wp_get_attachment_url( $id ) ),
			'edit_link'     => esc_url_raw( (string) get_edit_post_link( $id, 'raw' ) ),
			'alt'           => (string) get_post_meta( $id, '_wp_attachment_image_alt', true ),
		),
		201
	);
}
