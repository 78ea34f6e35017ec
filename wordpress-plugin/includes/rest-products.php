<?php
/**
 * Product Writer for WooCommerce: REST routes (edit_products), the panel on the product edit
 * screen and the bulk action of the products list. Nothing of it exists without WooCommerce.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

add_action( 'rest_api_init', 'presswright_register_product_routes' );
add_action( 'add_meta_boxes_product', 'presswright_add_product_meta_box' );
add_action( 'admin_enqueue_scripts', 'presswright_enqueue_product_writer' );
add_filter( 'bulk_actions-edit-product', 'presswright_product_bulk_actions' );
add_filter( 'handle_bulk_actions-edit-product', 'presswright_handle_product_bulk_action', 10, 3 );

/**
 * Shop managers and administrators write product copy.
 *
 * @param WP_REST_Request $request The request (its product id, when it names one).
 * @return bool
 */
function presswright_can_write_product( WP_REST_Request $request ) {
	if ( ! current_user_can( 'edit_products' ) ) {
		return false;
	}
	return isset( $request['id'] ) ? current_user_can( 'edit_post', absint( $request['id'] ) ) : true;
}

/**
 * Registers the Product Writer's routes, only when WooCommerce is active.
 */
function presswright_register_product_routes() {
	if ( ! presswright_woocommerce_active() ) {
		return;
	}
	$document = array(
		'type'     => 'string',
		'required' => true,
		'pattern'  => '^' . PRESSWRIGHT_UUID . '$',
	);
	register_rest_route(
		PRESSWRIGHT_REST_NAMESPACE,
		'/products/(?P<id>\d+)/copy',
		array(
			'methods'             => WP_REST_Server::CREATABLE,
			'callback'            => 'presswright_rest_generate_product_copy',
			'permission_callback' => 'presswright_can_write_product',
			'args'                => presswright_rest_args(
				array(
					'brand_profile' => array(
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
		PRESSWRIGHT_REST_NAMESPACE,
		'/products/copy/(?P<document_id>' . PRESSWRIGHT_UUID . ')',
		array(
			'methods'             => WP_REST_Server::READABLE,
			'callback'            => 'presswright_rest_read_product_copy',
			'permission_callback' => 'presswright_can_write_product',
		)
	);
	register_rest_route(
		PRESSWRIGHT_REST_NAMESPACE,
		'/products/(?P<id>\d+)/save',
		array(
			'methods'             => WP_REST_Server::CREATABLE,
			'callback'            => 'presswright_rest_save_product_copy',
			'permission_callback' => 'presswright_can_write_product',
			'args'                => presswright_rest_args( array( 'document_id' => $document ) ),
		)
	);
}

/**
 * POST /products/{id}/copy: starts the product's copy on the server from its facts.
 *
 * @param WP_REST_Request $request The product id.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_generate_product_copy( WP_REST_Request $request ) {
	$id      = absint( $request['id'] );
	$limited = presswright_rate_limit( 'generate' );
	if ( is_wp_error( $limited ) ) {
		presswright_log( array( 'type' => 'product', 'target' => 'product:' . $id, 'status' => 'limited', 'error' => $limited->get_error_message() ) );
		return $limited;
	}
	$facts = presswright_product_facts( $id );
	if ( is_wp_error( $facts ) ) {
		return $facts;
	}
	if ( '' !== (string) $request['brand_profile'] ) {
		$facts['brand_profile'] = (string) $request['brand_profile'];
	}
	/** Filters the brief before it is sent; a WP_Error stops the generation. */
	$facts = apply_filters( 'presswright_before_generate', $facts, 'product' );
	if ( is_wp_error( $facts ) ) {
		return $facts;
	}
	$started = presswright_api_request( 'POST', '/api/v1/products/generate', array_merge( $facts, array( 'wait' => 0 ) ), array( 'type' => 'product', 'target' => 'product:' . $id ) );
	if ( is_wp_error( $started ) ) {
		/** Fires when a generation could not be started or failed. */
		do_action( 'presswright_generation_failed', $started, $facts );
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
 * GET /products/copy/{document_id}: the finished copy to preview before it is saved.
 *
 * @param WP_REST_Request $request The request.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_read_product_copy( WP_REST_Request $request ) {
	$copy = presswright_fetch_product_copy( (string) $request['document_id'] );
	return is_wp_error( $copy ) ? $copy : rest_ensure_response( $copy );
}

/**
 * POST /products/{id}/save: reads the copy again from the server and writes it to the product.
 *
 * @param WP_REST_Request $request The product id and document_id.
 * @return WP_REST_Response|WP_Error
 */
function presswright_rest_save_product_copy( WP_REST_Request $request ) {
	$id      = absint( $request['id'] );
	$limited = presswright_rate_limit( 'save' );
	if ( is_wp_error( $limited ) ) {
		return $limited;
	}
	$copy = presswright_fetch_product_copy( (string) $request['document_id'] );
	if ( is_wp_error( $copy ) ) {
		return $copy;
	}
	$started = microtime( true );
	$saved   = presswright_save_product_copy( $id, $copy );
	$latency = (int) round( ( microtime( true ) - $started ) * 1000 );
	$status  = is_wp_error( $saved ) ? 'error' : 'ok';
	presswright_log(
		array(
			'type'       => 'product_save',
			'target'     => 'product:' . $id,
			'latency_ms' => $latency,
			'status'     => $status,
			'error'      => is_wp_error( $saved ) ? $saved->get_error_message() : null,
		)
	);
	return is_wp_error( $saved ) ? $saved : rest_ensure_response( $saved );
}

/**
 * The Product Writer panel on the product edit screen.
 *
 * @param WP_Post $post The product.
 */
function presswright_add_product_meta_box( $post ) {
	if ( ! presswright_woocommerce_active() || ! current_user_can( 'edit_post', $post->ID ) ) {
		return;
	}
	add_meta_box( 'presswright-product-writer', __( 'Presswright Product Writer', 'presswright' ), 'presswright_render_product_meta_box', 'product', 'normal', 'high' );
}

/**
 * The panel's root element; build/product-writer.js fills it.
 *
 * @param WP_Post $post The product.
 */
function presswright_render_product_meta_box( $post ) {
	printf( '<div id="presswright-product-writer" data-product-id="%d"></div>', (int) $post->ID );
}

/**
 * Loads the panel's script on the product edit screen.
 *
 * @param string $hook_suffix The admin page being shown.
 */
function presswright_enqueue_product_writer( $hook_suffix ) {
	$screen = get_current_screen();
	if ( ! in_array( $hook_suffix, array( 'post.php', 'post-new.php' ), true ) || ! $screen || 'product' !== $screen->post_type || ! presswright_woocommerce_active() ) {
		return;
	}
	$asset = PRESSWRIGHT_DIR . 'build/product-writer.asset.php';
	if ( ! is_readable( $asset ) ) {
		return;
	}
	$built = require $asset;
	wp_enqueue_script( 'presswright-product-writer', plugins_url( 'build/product-writer.js', PRESSWRIGHT_FILE ), $built['dependencies'], $built['version'], true );
	wp_set_script_translations( 'presswright-product-writer', 'presswright', PRESSWRIGHT_DIR . 'languages' );
	wp_enqueue_style( 'wp-components' );
}

/**
 * Adds "Write copy with Presswright" to the products list's bulk actions.
 *
 * @param array $actions Bulk actions.
 * @return array
 */
function presswright_product_bulk_actions( $actions ) {
	if ( presswright_woocommerce_active() && current_user_can( 'edit_products' ) ) {
		$actions['presswright_write_copy'] = __( 'Write copy with Presswright', 'presswright' );
	}
	return $actions;
}

/**
 * Sends the chosen products to the Bulk Generator, where the job is started and followed.
 *
 * @param string $redirect The list's URL.
 * @param string $action   The bulk action.
 * @param int[]  $ids      The chosen products.
 * @return string
 */
function presswright_handle_product_bulk_action( $redirect, $action, $ids ) {
	if ( 'presswright_write_copy' !== $action || ! current_user_can( 'edit_products' ) ) {
		return $redirect;
	}
	$ids = array_slice( array_filter( array_map( 'absint', (array) $ids ) ), 0, PRESSWRIGHT_BULK_MAX_ROWS );
	return add_query_arg(
		array(
			'page'   => 'presswright-bulk',
			'source' => 'products',
			'ids'    => implode( ',', $ids ),
		),
		admin_url( 'admin.php' )
	);
}
