<?php
/**
 * REST routes of the Bulk Generator (edit_posts; edit_products for products): start a
 * Presswright bulk job from posts, products or a CSV, follow it with its report, retry the
 * failed items, save what succeeded (drafts, or copy written to the products).
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

add_action( 'rest_api_init', 'presswright_register_bulk_routes' );

const PRESSWRIGHT_BULK_SAVE_BATCH = 5;

/**
 * Registers the Bulk Generator's routes.
 */
function presswright_register_bulk_routes() {
	$job = '/bulk/(?P<job_id>' . PRESSWRIGHT_UUID . ')';
	register_rest_route(
		PRESSWRIGHT_REST_NAMESPACE,
		'/bulk',
		array(
			'methods'             => WP_REST_Server::CREATABLE,
			'callback'            => 'presswright_rest_start_bulk',
			'permission_callback' => 'presswright_can_generate',
			'args'                => presswright_rest_args(
				array(
					'source'      => array(
						'type'     => 'string',
						'required' => true,
						'enum'     => array( 'posts', 'products', 'csv' ),
					),
					'ids'         => array(
						'type'     => 'array',
						'items'    => array( 'type' => 'integer' ),
						'maxItems' => PRESSWRIGHT_BULK_MAX_ROWS,
						'default'  => array(),
					),
					'csv'         => array(
						'type'      => 'string',
						'maxLength' => PRESSWRIGHT_BULK_MAX_BYTES,
						'default'   => '',
					),
					'kind'        => array(
						'type'    => 'string',
						'enum'    => array( 'product', 'article' ),
						'default' => 'product',
					),
					'concurrency' => array(
						'type'    => 'integer',
						'minimum' => 1,
						'maximum' => 8,
						'default' => 2,
					),
				)
			),
		)
	);
	foreach ( array( '' => 'presswright_rest_bulk_job', '/retry' => 'presswright_rest_retry_bulk', '/save' => 'presswright_rest_save_bulk' ) as $tail => $callback ) {
		register_rest_route(
			PRESSWRIGHT_REST_NAMESPACE,
			$job . $tail,
			array(
				'methods'             => '' === $tail ? WP_REST_Server::READABLE : WP_REST_Server::CREATABLE,
				'callback'            => $callback,
				'permission_callback' => 'presswright_can_generate',
			)
		);
	}
}

/**
 * The job's progress as the screen shows it (every field typed or plain text).
 *
 * @param array $progress The API's BulkProgress.
 * @return array
 */
function presswright_bulk_progress( array $progress ) {
	$counts = array();
	foreach ( array( 'total', 'succeeded', 'failed', 'remaining', 'reused', 'cancelled' ) as $field ) {
		$counts[ $field ] = max( 0, (int) ( $progress[ $field ] ?? 0 ) );
	}
	return array_merge(
		array(
			'id'     => sanitize_text_field( (string) ( $progress['id'] ?? '' ) ),
			'status' => sanitize_key( (string) ( $progress['status'] ?? '' ) ),
			'kind'   => sanitize_key( (string) ( $progress['kind'] ?? '' ) ),
		),
		$counts,
		array( 'eta_seconds' => isset( $progress['eta_seconds'] ) ? (int) $progress['eta_seconds'] : null )
	);
}

/**
 * POST /bulk: builds the rows on this site and starts the job on the server.
 *
 * @param WP_REST_Request $request source, ids, csv, kind, concurrency.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_start_bulk( WP_REST_Request $request ) {
	$source = (string) $request['source'];
	$ids    = array_values( array_unique( array_filter( array_map( 'absint', (array) $request['ids'] ) ) ) );
	if ( 'products' === $source && ! presswright_woocommerce_active() ) {
		return new WP_Error( 'presswright_no_woocommerce', __( 'WooCommerce is not active on this site: activate it to write product copy, or upload a CSV of products.', 'presswright' ), array( 'status' => 409 ) );
	}
	if ( 'products' === $source && ! current_user_can( 'edit_products' ) ) {
		return new WP_Error( 'rest_forbidden', __( 'Sorry, you are not allowed to edit products.', 'presswright' ), array( 'status' => 403 ) );
	}
	if ( 'csv' !== $source && ! $ids ) {
		return new WP_Error( 'presswright_nothing_chosen', __( 'Choose at least one item for the job.', 'presswright' ), array( 'status' => 400 ) );
	}
	$kind    = 'posts' === $source ? 'article' : ( 'products' === $source ? 'product' : (string) $request['kind'] );
	$targets = $ids;
	if ( 'posts' === $source ) {
		$rows = presswright_bulk_rows_from_posts( $ids );
	} elseif ( 'products' === $source ) {
		$rows = array();
		foreach ( $ids as $id ) {
			$facts = presswright_product_facts( $id );
			if ( is_wp_error( $facts ) ) {
				return $facts;
			}
			$rows[] = $facts;
		}
	} else {
		$rows    = presswright_bulk_rows_from_csv( (string) $request['csv'] );
		$targets = array();
	}
	if ( is_wp_error( $rows ) ) {
		return $rows;
	}
	// Counted once the rows are good: a refusal or a bad file spends nothing.
	$limited = presswright_rate_limit( 'generate' );
	if ( is_wp_error( $limited ) ) {
		presswright_log( array( 'type' => 'bulk', 'status' => 'limited', 'error' => $limited->get_error_message() ) );
		return $limited;
	}
	$job = array(
		'kind'        => $kind,
		'rows'        => $rows,
		'concurrency' => (int) $request['concurrency'],
	);
	/** Filters the brief before it is sent; a WP_Error stops the generation. */
	$job = apply_filters( 'presswright_before_generate', $job, 'bulk' );
	if ( is_wp_error( $job ) ) {
		return $job;
	}
	$started = presswright_api_request( 'POST', '/api/v1/bulk', $job, array( 'type' => 'bulk', 'target' => $source . ':' . count( $rows ) ) );
	if ( is_wp_error( $started ) ) {
		do_action( 'presswright_generation_failed', $started, $job );
		return $started;
	}
	$progress = presswright_bulk_progress( $started );
	presswright_bulk_remember(
		$progress['id'],
		array(
			'source'  => $source,
			'kind'    => $kind,
			'targets' => $targets,
		)
	);
	return new WP_REST_Response( $progress, 202 );
}

/**
 * The record of a job of this site, or the 404 for any other id.
 *
 * @param WP_REST_Request $request The request.
 * @return array|WP_Error
 */
function presswright_bulk_known( WP_REST_Request $request ) {
	$record = presswright_bulk_record( (string) $request['job_id'] );
	if ( null === $record ) {
		return new WP_Error( 'presswright_unknown_job', __( 'No bulk job with this id was started from this site (or it is older than a week).', 'presswright' ), array( 'status' => 404 ) );
	}
	if ( 'products' === $record['source'] && ! current_user_can( 'edit_products' ) ) {
		return new WP_Error( 'rest_forbidden', __( 'Sorry, you are not allowed to edit products.', 'presswright' ), array( 'status' => 403 ) );
	}
	return $record;
}

/**
 * GET /bulk/{id}: the job's progress and its report, one line per item.
 *
 * @param WP_REST_Request $request The request.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_bulk_job( WP_REST_Request $request ) {
	$record = presswright_bulk_known( $request );
	if ( is_wp_error( $record ) ) {
		return $record;
	}
	$id       = (string) $request['job_id'];
	$log      = array( 'type' => 'bulk_status', 'target' => 'bulk:' . $id );
	$progress = presswright_api_request( 'GET', '/api/v1/bulk/' . rawurlencode( $id ), null, $log );
	if ( is_wp_error( $progress ) ) {
		return $progress;
	}
	$page = presswright_api_request( 'GET', '/api/v1/bulk/' . rawurlencode( $id ) . '/items?limit=200', null, $log );
	if ( is_wp_error( $page ) ) {
		return $page;
	}
	$items = array();
	foreach ( (array) ( $page['items'] ?? array() ) as $item ) {
		$row     = (int) ( $item['row'] ?? 0 );
		$items[] = array(
			'row'         => $row,
			'label'       => presswright_plain( $item['label'] ?? '' ),
			'status'      => sanitize_key( (string) ( $item['status'] ?? '' ) ),
			'title'       => isset( $item['title'] ) ? presswright_plain( $item['title'] ) : null,
			'error'       => isset( $item['error'] ) ? presswright_plain( $item['error'] ) : null,
			'document_id' => isset( $item['document_id'] ) ? sanitize_text_field( (string) $item['document_id'] ) : null,
			'target'      => (int) ( $record['targets'][ $row - 1 ] ?? 0 ),
			'saved'       => (int) ( $record['saved'][ $row ] ?? 0 ),
		);
	}
	$answer = presswright_bulk_progress( $progress );
	$ended  = $answer['status'] . ':' . $answer['failed'] . ':' . $answer['succeeded'];
	if ( 'failed' === $answer['status'] && ( $record['notified'] ?? '' ) !== $ended ) {
		// Once per ending (a retry that fails again is a new one): the hook and a log row.
		$record['notified'] = $ended;
		presswright_bulk_update( $id, $record );
		/* translators: %d: how many items failed. */
		$message = sprintf( __( 'Bulk job: %d failed items; see its report, then retry them.', 'presswright' ), $answer['failed'] );
		do_action( 'presswright_generation_failed', new WP_Error( 'presswright_bulk_failed', $message ), array( 'bulk_id' => $id ) );
		presswright_log( array( 'type' => 'bulk', 'target' => 'bulk:' . $id, 'status' => 'failed', 'error' => $message ) );
	}
	$answer['source'] = sanitize_key( $record['source'] );
	$answer['items']  = $items;
	$answer['more']   = null !== ( $page['next_offset'] ?? null );
	return rest_ensure_response( $answer );
}

/**
 * POST /bulk/{id}/retry: runs the failed items again.
 *
 * @param WP_REST_Request $request The request.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_retry_bulk( WP_REST_Request $request ) {
	$record = presswright_bulk_known( $request );
	if ( is_wp_error( $record ) ) {
		return $record;
	}
	$limited = presswright_rate_limit( 'generate' );
	if ( is_wp_error( $limited ) ) {
		return $limited;
	}
	$id                 = (string) $request['job_id'];
	$record['notified'] = '';
	presswright_bulk_update( $id, $record );
	$retried            = presswright_api_request( 'POST', '/api/v1/bulk/' . rawurlencode( $id ) . '/retry', null, array( 'type' => 'bulk_retry', 'target' => 'bulk:' . $id ) );
	if ( is_wp_error( $retried ) ) {
		return $retried;
	}
	return new WP_REST_Response( presswright_bulk_progress( $retried ), 202 );
}

/**
 * POST /bulk/{id}/save: saves up to a few succeeded items not saved yet; call again for more.
 *
 * Articles become block drafts (as the Content Studio makes them); products from this site's
 * WooCommerce get their copy. Items of a CSV of products have no product here: skipped.
 *
 * @param WP_REST_Request $request The request.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_save_bulk( WP_REST_Request $request ) {
	$record = presswright_bulk_known( $request );
	if ( is_wp_error( $record ) ) {
		return $record;
	}
	$job = presswright_rest_bulk_job( $request );
	if ( is_wp_error( $job ) ) {
		return $job;
	}
	$record = presswright_bulk_record( (string) $request['job_id'] ); // As the job route left it.
	$saved  = array();
	$errors = array();
	$left   = 0;
	foreach ( $job->get_data()['items'] as $item ) {
		$done = in_array( $item['status'], array( 'succeeded', 'reused' ), true ) && $item['document_id'];
		if ( ! $done || $item['saved'] || ( 'product' === $record['kind'] && ! $item['target'] ) ) {
			continue;
		}
		if ( count( $saved ) + count( $errors ) >= PRESSWRIGHT_BULK_SAVE_BATCH ) {
			++$left;
			continue;
		}
		$result = presswright_bulk_save_item( $record, $item );
		if ( is_wp_error( $result ) ) {
			$errors[] = array(
				'row'   => $item['row'],
				'error' => $result->get_error_message(),
			);
			continue;
		}
		$record['saved'][ $item['row'] ] = $result;
		$saved[]                         = array(
			'row'       => $item['row'],
			'post_id'   => $result,
			'edit_link' => esc_url_raw( (string) get_edit_post_link( $result, 'raw' ) ),
		);
	}
	presswright_bulk_update( (string) $request['job_id'], $record );
	return rest_ensure_response(
		array(
			'saved'  => $saved,
			'errors' => $errors,
			'left'   => $left,
		)
	);
}

/**
 * Saves one succeeded item: a draft for an article, the copy for a product.
 *
 * @param array $record The job's record.
 * @param array $item   The item (from presswright_rest_bulk_job()).
 * @return int|WP_Error The post or product id.
 */
function presswright_bulk_save_item( array $record, array $item ) {
	if ( 'article' === $record['kind'] ) {
		$article = presswright_fetch_article( $item['document_id'] );
		if ( is_wp_error( $article ) ) {
			return $article;
		}
		$post_id = presswright_create_draft( $article, array() );
		$type    = 'draft';
	} else {
		if ( ! presswright_woocommerce_active() || ! current_user_can( 'edit_post', $item['target'] ) ) {
			return new WP_Error( 'rest_forbidden', __( 'Sorry, you are not allowed to edit this product.', 'presswright' ), array( 'status' => 403 ) );
		}
		$copy = presswright_fetch_product_copy( $item['document_id'] );
		if ( is_wp_error( $copy ) ) {
			return $copy;
		}
		$post_id = presswright_save_product_copy( $item['target'], $copy );
		$post_id = is_wp_error( $post_id ) ? $post_id : (int) $post_id['product_id'];
		$type    = 'product_save';
	}
	presswright_log(
		array(
			'type'   => $type,
			'target' => is_wp_error( $post_id ) ? 'bulk row ' . $item['row'] : 'post:' . $post_id,
			'status' => is_wp_error( $post_id ) ? 'error' : 'ok',
			'error'  => is_wp_error( $post_id ) ? $post_id->get_error_message() : null,
		)
	);
	return $post_id;
}
