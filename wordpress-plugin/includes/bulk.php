<?php
/**
 * The Bulk Generator's rows (from posts, WooCommerce products or an uploaded CSV) and the jobs
 * this site started, kept so a job's items can be traced back to what they came from.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

const PRESSWRIGHT_BULK_MAX_ROWS  = 1000;
const PRESSWRIGHT_BULK_MAX_BYTES = 1048576;
const PRESSWRIGHT_BULK_KEEP      = 7 * DAY_IN_SECONDS;

/**
 * Whether WooCommerce is active with its product post type and tags.
 *
 * @return bool
 */
function presswright_woocommerce_active() {
	return class_exists( 'WooCommerce' ) && post_type_exists( 'product' ) && taxonomy_exists( 'product_tag' );
}

/**
 * Plain text from a stored field: tags removed, entities decoded, whitespace squeezed.
 *
 * @param mixed $value Anything.
 * @return string
 */
function presswright_plain( $value ) {
	return sanitize_text_field( html_entity_decode( wp_strip_all_tags( (string) $value ), ENT_QUOTES, 'UTF-8' ) );
}

/**
 * Article rows (topic, keywords) from posts the user may edit.
 *
 * @param int[] $ids Post ids.
 * @return array|WP_Error rows and the post id of each row.
 */
function presswright_bulk_rows_from_posts( array $ids ) {
	$rows = array();
	foreach ( $ids as $id ) {
		$post = get_post( $id );
		if ( ! $post instanceof WP_Post || 'post' !== $post->post_type ) {
			/* translators: %d: a post id. */
			return new WP_Error( 'presswright_bad_post', sprintf( __( 'There is no post with id %d: pick posts from the list.', 'presswright' ), $id ), array( 'status' => 400 ) );
		}
		if ( ! current_user_can( 'edit_post', $post->ID ) ) {
			/* translators: %d: a post id. */
			return new WP_Error( 'rest_forbidden', sprintf( __( 'You may not edit post %d.', 'presswright' ), $id ), array( 'status' => 403 ) );
		}
		$tags   = wp_get_post_terms( $post->ID, 'post_tag', array( 'fields' => 'names' ) );
		$rows[] = array(
			'topic'    => presswright_plain( $post->post_title ),
			'keywords' => array_slice( array_map( 'presswright_plain', is_array( $tags ) ? $tags : array() ), 0, 10 ),
		);
	}
	return $rows;
}

/**
 * The facts of a WooCommerce product, as a Presswright product row (ProductFacts).
 *
 * @param int $id Product id.
 * @return array|WP_Error
 */
function presswright_product_facts( $id ) {
	$product = presswright_woocommerce_active() ? wc_get_product( $id ) : null;
	if ( ! $product ) {
		/* translators: %d: a product id. */
		return new WP_Error( 'presswright_bad_product', sprintf( __( 'There is no WooCommerce product with id %d.', 'presswright' ), $id ), array( 'status' => 400 ) );
	}
	if ( ! current_user_can( 'edit_post', $product->get_id() ) ) {
		/* translators: %d: a product id. */
		return new WP_Error( 'rest_forbidden', sprintf( __( 'You may not edit product %d.', 'presswright' ), $id ), array( 'status' => 403 ) );
	}
	$categories = wp_get_post_terms( $product->get_id(), 'product_cat', array( 'fields' => 'names' ) );
	$tags       = wp_get_post_terms( $product->get_id(), 'product_tag', array( 'fields' => 'names' ) );
	$attributes = array();
	foreach ( $product->get_attributes() as $attribute ) {
		$options = $attribute->is_taxonomy() ? wc_get_product_terms( $product->get_id(), $attribute->get_name(), array( 'fields' => 'names' ) ) : $attribute->get_options();
		$label   = presswright_plain( wc_attribute_label( $attribute->get_name() ) );
		if ( '' !== $label && count( $attributes ) < 50 ) {
			$attributes[ $label ] = presswright_plain( implode( ', ', array_map( 'strval', (array) $options ) ) );
		}
	}
	$facts = array(
		'name'       => presswright_plain( $product->get_name() ),
		'category'   => is_array( $categories ) && $categories ? presswright_plain( $categories[0] ) : __( 'Uncategorized', 'presswright' ),
		'attributes' => $attributes,
		'keywords'   => array_slice( array_map( 'presswright_plain', is_array( $tags ) ? $tags : array() ), 0, 10 ),
	);
	if ( '' !== (string) $product->get_price() ) {
		$facts['price'] = presswright_plain( $product->get_price() . ' ' . get_woocommerce_currency() );
	}
	return $facts;
}

/**
 * Rows from an uploaded CSV: the header names the columns; every cell is plain text.
 *
 * @param string $csv The file's text.
 * @return array|WP_Error Rows by column.
 */
function presswright_bulk_rows_from_csv( $csv ) {
	if ( strlen( $csv ) > PRESSWRIGHT_BULK_MAX_BYTES ) {
		return new WP_Error( 'presswright_csv_too_large', __( 'The CSV is larger than 1 MB: split it into smaller files.', 'presswright' ), array( 'status' => 413 ) );
	}
	$handle = fopen( 'php://temp', 'r+' ); // phpcs:ignore WordPress.WP.AlternativeFunctions -- an in-memory stream for fgetcsv.
	fwrite( $handle, $csv ); // phpcs:ignore WordPress.WP.AlternativeFunctions
	rewind( $handle );
	$header = fgetcsv( $handle, 0, ',', '"', '' );
	$rows   = array();
	if ( is_array( $header ) ) {
		$header = array_map(
			static function ( $name ) {
				return presswright_plain( preg_replace( '/^\xEF\xBB\xBF/', '', (string) $name ) );
			},
			$header
		);
		$line   = fgetcsv( $handle, 0, ',', '"', '' );
		while ( is_array( $line ) && count( $rows ) <= PRESSWRIGHT_BULK_MAX_ROWS ) {
			if ( array( null ) !== $line ) {
				$row = array();
				foreach ( $header as $index => $name ) {
					if ( '' !== $name ) {
						$row[ $name ] = presswright_plain( $line[ $index ] ?? '' );
					}
				}
				$rows[] = $row;
			}
			$line = fgetcsv( $handle, 0, ',', '"', '' );
		}
	}
	fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions
	if ( ! $rows || ! array_filter( (array) $header ) ) {
		return new WP_Error( 'presswright_csv_empty', __( 'The CSV has no rows: its first line names the columns (such as name, category or topic, keywords), one item a line after it.', 'presswright' ), array( 'status' => 400 ) );
	}
	if ( count( $rows ) > PRESSWRIGHT_BULK_MAX_ROWS ) {
		/* translators: %d: the most rows a job takes. */
		return new WP_Error( 'presswright_csv_too_long', sprintf( __( 'The CSV has more than %d rows: split it into smaller files.', 'presswright' ), PRESSWRIGHT_BULK_MAX_ROWS ), array( 'status' => 413 ) );
	}
	return $rows;
}

/**
 * Remembers a job this site started: what its rows came from (row n is targets[n - 1]).
 *
 * @param string $job_id  The job's UUID.
 * @param array  $record  source, kind, targets.
 */
function presswright_bulk_remember( $job_id, array $record ) {
	$record['user_id'] = get_current_user_id();
	$record['saved']   = array();
	set_transient( 'presswright_bulk_' . strtolower( $job_id ), $record, PRESSWRIGHT_BULK_KEEP );
}

/**
 * A job this site started, or null (another site's jobs and unknown ids are not shown).
 *
 * @param string $job_id The job's UUID.
 * @return array|null
 */
function presswright_bulk_record( $job_id ) {
	$record = get_transient( 'presswright_bulk_' . strtolower( $job_id ) );
	return is_array( $record ) ? $record : null;
}

/**
 * Stores a job's record again (after items were saved).
 *
 * @param string $job_id The job's UUID.
 * @param array  $record The record.
 */
function presswright_bulk_update( $job_id, array $record ) {
	set_transient( 'presswright_bulk_' . strtolower( $job_id ), $record, PRESSWRIGHT_BULK_KEEP );
}
