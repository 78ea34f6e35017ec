<?php
/**
 * Media Forge: a picture of the Presswright library, its bytes fetched server-side and added
 * to the Media Library with its title, caption and alt text.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

const PRESSWRIGHT_IMAGE_TYPES = array(
	'image/webp' => 'webp',
	'image/jpeg' => 'jpg',
	'image/png'  => 'png',
	'image/gif'  => 'gif',
);

/**
 * A picture's public fields, sanitized (what the screen may show).
 *
 * @param array $image An ImagePublic of the API.
 * @return array id, title, alt_text, width, height, format, prompt.
 */
function presswright_image_fields( array $image ) {
	$body = (array) ( $image['image'] ?? array() );
	return array(
		'id'       => sanitize_text_field( (string) ( $image['id'] ?? '' ) ),
		'title'    => sanitize_text_field( (string) ( $image['title'] ?? '' ) ),
		'alt_text' => sanitize_text_field( (string) ( $body['alt_text'] ?? '' ) ),
		'width'    => (int) ( $body['width'] ?? 0 ),
		'height'   => (int) ( $body['height'] ?? 0 ),
		'format'   => sanitize_key( (string) ( $body['format'] ?? '' ) ),
		'prompt'   => sanitize_text_field( (string) ( $body['prompt'] ?? '' ) ),
	);
}

/**
 * A picture's bytes from the server, in a format the Media Library takes.
 *
 * @param string $image_id The picture's UUID.
 * @param string $format   The stored main format (avif is converted to jpeg: WordPress 6.1
 *                         does not take it).
 * @return array|WP_Error bytes and mime.
 */
function presswright_download_image( $image_id, $format ) {
	$path = '/api/v1/images/' . rawurlencode( $image_id ) . '/download';
	if ( ! in_array( $format, PRESSWRIGHT_IMAGE_TYPES, true ) && 'webp' !== $format ) {
		$path .= '?format=jpeg';
	}
	$log      = array(
		'type'   => 'image_download',
		'target' => 'image:' . $image_id,
	);
	$started  = microtime( true );
	$response = wp_remote_get(
		presswright_server_url() . $path,
		array(
			'timeout'     => PRESSWRIGHT_TIMEOUT,
			'redirection' => 0,
			'headers'     => array( 'X-API-Key' => (string) presswright_api_key() ),
		)
	);
	$latency  = (int) round( ( microtime( true ) - $started ) * 1000 );
	$mime     = strtolower( trim( explode( ';', (string) wp_remote_retrieve_header( $response, 'content-type' ) )[0] ) );
	if ( is_wp_error( $response ) || 200 !== (int) wp_remote_retrieve_response_code( $response ) || ! isset( PRESSWRIGHT_IMAGE_TYPES[ $mime ] ) ) {
		$message = __( 'The picture could not be downloaded from the Presswright server: try again, or generate it again.', 'presswright' );
		return presswright_api_problem( 'presswright_download_failed', $message, 502, $log['type'], $log, $latency );
	}
	presswright_log( array_merge( $log, array( 'latency_ms' => $latency, 'status' => 'ok' ) ) );
	return array(
		'bytes' => (string) wp_remote_retrieve_body( $response ),
		'mime'  => $mime,
	);
}

/**
 * Adds a picture of the library to the Media Library.
 *
 * @param array $image   presswright_image_fields() of the picture.
 * @param array $details title, caption, alt (sanitized).
 * @return int|WP_Error The attachment id.
 */
function presswright_sideload_image( array $image, array $details ) {
	$file = presswright_download_image( $image['id'], $image['format'] );
	if ( is_wp_error( $file ) ) {
		return $file;
	}
	require_once ABSPATH . 'wp-admin/includes/file.php';
	require_once ABSPATH . 'wp-admin/includes/media.php';
	require_once ABSPATH . 'wp-admin/includes/image.php';
	$temp = wp_tempnam( 'presswright-image' );
	// A temporary file of the site's own, as download_url() writes one.
	if ( ! $temp || strlen( $file['bytes'] ) !== file_put_contents( $temp, $file['bytes'] ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions
		wp_delete_file( $temp );
		return new WP_Error( 'presswright_temp_failed', __( 'The picture could not be written to a temporary file: check that the uploads folder is writable.', 'presswright' ), array( 'status' => 500 ) );
	}
	$title = '' !== $details['title'] ? $details['title'] : $image['title'];
	$name  = sanitize_file_name( ( '' !== $title ? sanitize_title( $title ) : 'presswright-' . $image['id'] ) . '.' . PRESSWRIGHT_IMAGE_TYPES[ $file['mime'] ] );
	$id    = media_handle_sideload(
		array(
			'name'     => $name,
			'tmp_name' => $temp,
		),
		0,
		null,
		array(
			'post_title'   => $title,
			'post_excerpt' => $details['caption'],
			'post_content' => '',
		)
	);
	if ( is_wp_error( $id ) ) {
		wp_delete_file( $temp );
		return $id;
	}
	$alt = '' !== $details['alt'] ? $details['alt'] : $image['alt_text'];
	update_post_meta( $id, '_wp_attachment_image_alt', wp_slash( $alt ) );
	update_post_meta( $id, '_presswright_document_id', $image['id'] );
	return (int) $id;
}
