<?php
/**
 * Block patterns from Presswright: read back from the server (a generated pattern document or a
 * library template) and registered as a user pattern (a wp_block post), synced or unsynced.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the sync status meta of user patterns where WordPress does not (before 6.3), so it
 * is stored and read over /wp/v2/blocks the same way on every supported version.
 */
function presswright_register_pattern_meta() {
	// The REST answer has post meta only for post types with custom fields (core adds it in 6.3).
	if ( ! post_type_supports( 'wp_block', 'custom-fields' ) ) {
		add_post_type_support( 'wp_block', 'custom-fields' );
	}
	$registered = get_registered_meta_keys( 'post', 'wp_block' );
	if ( isset( $registered['wp_pattern_sync_status'] ) ) {
		return;
	}
	register_post_meta(
		'wp_block',
		'wp_pattern_sync_status',
		array(
			'type'              => 'string',
			'single'            => true,
			'show_in_rest'      => array(
				'schema' => array(
					'type' => 'string',
					'enum' => array( 'partial', 'unsynced' ),
				),
			),
			'sanitize_callback' => 'sanitize_key',
		)
	);
}

/**
 * The finished pattern of a generated document, read server-side.
 *
 * @param string $document_id The pattern document's UUID.
 * @return array|WP_Error title, category, markup, source.
 */
function presswright_fetch_pattern( $document_id ) {
	$log      = array(
		'type'   => 'pattern',
		'target' => 'document:' . $document_id,
	);
	$document = presswright_api_request( 'GET', '/api/v1/documents/' . rawurlencode( $document_id ), null, $log );
	if ( is_wp_error( $document ) ) {
		return $document;
	}
	$version = (int) ( $document['current_version'] ?? 0 );
	if ( 'pattern' !== ( $document['kind'] ?? '' ) || $version < 1 ) {
		return new WP_Error( 'presswright_not_ready', __( 'This document is not a finished pattern yet: wait for its run to complete.', 'presswright' ), array( 'status' => 409 ) );
	}
	$read = presswright_api_request( 'GET', '/api/v1/documents/' . rawurlencode( $document_id ) . '/versions/' . $version, null, $log );
	if ( is_wp_error( $read ) ) {
		return $read;
	}
	$body = (array) ( $read['body'] ?? array() );
	$spec = (array) ( $body['spec'] ?? array() );
	return presswright_pattern_of( (string) ( $spec['title'] ?? '' ), (string) ( $spec['category'] ?? '' ), (string) ( $body['markup'] ?? '' ), 'document:' . $document_id );
}

/**
 * A template of the server's library, read server-side.
 *
 * @param string $template_id The template's UUID.
 * @return array|WP_Error title, category, markup, source.
 */
function presswright_fetch_template( $template_id ) {
	$found = presswright_api_request(
		'GET',
		'/api/v1/templates/' . rawurlencode( $template_id ),
		null,
		array(
			'type'   => 'template',
			'target' => 'template:' . $template_id,
		)
	);
	if ( is_wp_error( $found ) ) {
		return $found;
	}
	if ( ! is_string( $found['markup'] ?? null ) ) {
		return new WP_Error( 'presswright_template_broken', __( 'This template no longer passes the pattern checks: replace its spec in Presswright first.', 'presswright' ), array( 'status' => 409 ) );
	}
	$spec = (array) ( $found['spec'] ?? array() );
	$name = (string) ( $spec['title'] ?? ( $found['name'] ?? '' ) );
	return presswright_pattern_of( $name, (string) ( $found['category'] ?? '' ), $found['markup'], 'template:' . $template_id );
}

/**
 * A pattern's fields, sanitized; its markup through wp_kses_post, which must leave it unchanged
 * but for how empty elements are closed (`<img/>` becomes `<img />`, the same to the editor).
 *
 * Any other change would mean the saved blocks no longer match what their block types save:
 * the editor would show them as invalid. Such a pattern is refused instead of stored damaged.
 *
 * @param string $title    Title.
 * @param string $category Category name.
 * @param string $markup   Block markup.
 * @param string $source   Where it came from (document:ID or template:ID).
 * @return array|WP_Error
 */
function presswright_pattern_of( $title, $category, $markup, $source ) {
	$clean = wp_kses_post( $markup );
	if ( '' === trim( $clean ) || ! has_blocks( $clean ) ) {
		return new WP_Error( 'presswright_pattern_empty', __( 'The Presswright server sent no block markup for this pattern: generate it again.', 'presswright' ), array( 'status' => 502 ) );
	}
	if ( presswright_markup_form( $clean ) !== presswright_markup_form( $markup ) ) {
		return new WP_Error( 'presswright_pattern_unsafe', __( 'This pattern holds markup WordPress does not allow in posts, and its blocks would be invalid without it: it was not saved. Generate it again.', 'presswright' ), array( 'status' => 422 ) );
	}
	$pattern = array(
		'title'    => wp_strip_all_tags( $title ),
		'category' => sanitize_text_field( $category ),
		'markup'   => $clean,
		'source'   => sanitize_text_field( $source ),
	);
	/** Filters a generated pattern before it is shown or saved. */
	$pattern = apply_filters( 'presswright_generated_content', $pattern, $source );
	/** Fires when a pattern has been read back from the server. */
	do_action( 'presswright_content_generated', $pattern, $source );
	return $pattern;
}

/**
 * Markup in the form compared before and after kses: empty elements closed the one way.
 *
 * @param string $markup Block markup.
 * @return string
 */
function presswright_markup_form( $markup ) {
	return (string) preg_replace( '#\s*/>#', ' />', $markup );
}

/**
 * Saves a pattern as a user pattern (wp_block), shown in the block inserter.
 *
 * @param array  $pattern What presswright_pattern_of() returned.
 * @param string $title   The title to give it ('' keeps the pattern's own).
 * @param bool   $synced  A synced pattern (one copy everywhere) or an unsynced one.
 * @return int|WP_Error The wp_block post id.
 */
function presswright_register_pattern( array $pattern, $title, $synced ) {
	$title   = '' !== $title ? $title : $pattern['title'];
	$post_id = wp_insert_post(
		wp_slash(
			array(
				'post_type'    => 'wp_block',
				'post_status'  => 'publish',
				'post_author'  => get_current_user_id(),
				'post_title'   => '' !== $title ? wp_strip_all_tags( $title ) : __( 'Presswright pattern', 'presswright' ),
				'post_content' => wp_kses_post( $pattern['markup'] ),
			)
		),
		true
	);
	if ( is_wp_error( $post_id ) ) {
		return $post_id;
	}
	if ( ! $synced ) {
		update_post_meta( $post_id, 'wp_pattern_sync_status', 'unsynced' );
	}
	if ( '' !== $pattern['category'] && taxonomy_exists( 'wp_pattern_category' ) ) {
		wp_set_object_terms( $post_id, $pattern['category'], 'wp_pattern_category' );
	}
	update_post_meta( $post_id, '_presswright_document_id', $pattern['source'] );
	return (int) $post_id;
}
