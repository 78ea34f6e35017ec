<?php
/**
 * Product Writer: product copy read back from the Presswright server, and written to a
 * WooCommerce product (description, short description, tags, the alt text of its images).
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

/**
 * Finished product copy as it can be shown and saved: every field filtered.
 *
 * The description is the copy's HTML plus its feature bullets, through wp_kses_post; the
 * other fields are plain text.
 *
 * @param array  $body        The document version's body (ProductCopy).
 * @param string $document_id The document's UUID.
 * @return array
 */
function presswright_product_copy_from_body( array $body, $document_id ) {
	$bullets = array();
	foreach ( (array) ( $body['feature_bullets'] ?? array() ) as $bullet ) {
		$text = presswright_plain( $bullet );
		if ( '' !== $text ) {
			$bullets[] = '<li>' . esc_html( $text ) . '</li>';
		}
	}
	$description = (string) ( $body['long_description_html'] ?? '' );
	if ( $bullets ) {
		$description .= "\n<ul>" . implode( '', $bullets ) . '</ul>';
	}
	$meta = (array) ( $body['meta'] ?? array() );
	$copy = array(
		'document_id'       => sanitize_text_field( $document_id ),
		'title'             => presswright_plain( $body['title'] ?? '' ),
		'description'       => wp_kses_post( $description ),
		'short_description' => wp_kses_post( esc_html( presswright_plain( $body['short_description'] ?? '' ) ) ),
		'tags'              => array_values( array_filter( array_map( 'presswright_plain', array_slice( (array) ( $body['tags'] ?? array() ), 0, 20 ) ) ) ),
		'image_alt_text'    => presswright_plain( $body['image_alt_text'] ?? '' ),
		'seo_title'         => presswright_plain( $meta['seo_title'] ?? '' ),
		'meta_desc'         => presswright_plain( $meta['meta_desc'] ?? '' ),
	);
	/** Filters generated content before it is shown or saved (here: product copy). */
	return apply_filters( 'presswright_generated_content', $copy, $document_id );
}

/**
 * The finished product copy of a document, fetched server-side (never taken from the browser).
 *
 * @param string $document_id The document's UUID.
 * @return array|WP_Error
 */
function presswright_fetch_product_copy( $document_id ) {
	$log      = array( 'type' => 'product', 'target' => 'document:' . $document_id );
	$document = presswright_api_request( 'GET', '/api/v1/documents/' . rawurlencode( $document_id ), null, $log );
	if ( is_wp_error( $document ) ) {
		return $document;
	}
	$version = (int) ( $document['current_version'] ?? 0 );
	if ( 'product' !== ( $document['kind'] ?? '' ) || $version < 1 ) {
		return new WP_Error( 'presswright_not_ready', __( 'This document is not finished product copy yet: wait for its run to complete.', 'presswright' ), array( 'status' => 409 ) );
	}
	$read = presswright_api_request( 'GET', '/api/v1/documents/' . rawurlencode( $document_id ) . '/versions/' . $version, null, $log );
	if ( is_wp_error( $read ) ) {
		return $read;
	}
	$copy = presswright_product_copy_from_body( (array) ( $read['body'] ?? array() ), $document_id );
	/** Fires when generated content has been read back from the server. */
	do_action( 'presswright_content_generated', $copy, $document_id );
	return $copy;
}

/**
 * The ids of a product's images: its main image first, then its gallery.
 *
 * @param int $product_id Product id.
 * @return int[]
 */
function presswright_product_image_ids( $product_id ) {
	$product = wc_get_product( $product_id );
	if ( ! $product ) {
		return array();
	}
	$ids = array_merge( array( (int) $product->get_image_id() ), array_map( 'intval', $product->get_gallery_image_ids() ) );
	return array_values( array_unique( array_filter( $ids ) ) );
}

/**
 * Writes product copy to a WooCommerce product.
 *
 * Description and short description through wp_kses_post (also for users with
 * unfiltered_html), tags with wp_set_object_terms on product_tag, the alt text to
 * _wp_attachment_image_alt of each of the product's images.
 *
 * @param int   $product_id Product id (checked by the caller: exists, editable).
 * @param array $copy       What presswright_fetch_product_copy() returned.
 * @return array|WP_Error What was written.
 */
function presswright_save_product_copy( $product_id, array $copy ) {
	$product = wc_get_product( $product_id );
	if ( ! $product ) {
		/* translators: %d: a product id. */
		return new WP_Error( 'presswright_bad_product', sprintf( __( 'There is no WooCommerce product with id %d.', 'presswright' ), $product_id ), array( 'status' => 404 ) );
	}
	$product->set_description( wp_kses_post( $copy['description'] ) );
	$product->set_short_description( wp_kses_post( $copy['short_description'] ) );
	$product->save();
	$tags = wp_set_object_terms( $product->get_id(), array_map( 'sanitize_text_field', $copy['tags'] ), 'product_tag', false );
	if ( is_wp_error( $tags ) ) {
		return $tags;
	}
	$images = array();
	$alt    = sanitize_text_field( $copy['image_alt_text'] );
	if ( '' !== $alt ) {
		foreach ( presswright_product_image_ids( $product->get_id() ) as $image_id ) {
			update_post_meta( $image_id, '_wp_attachment_image_alt', wp_slash( $alt ) );
			$images[] = $image_id;
		}
	}
	update_post_meta( $product->get_id(), '_presswright_document_id', sanitize_text_field( $copy['document_id'] ) );
	return array(
		'product_id' => $product->get_id(),
		'tags'       => $copy['tags'],
		'images'     => $images,
		'edit_link'  => esc_url_raw( (string) get_edit_post_link( $product->get_id(), 'raw' ) ),
	);
}
