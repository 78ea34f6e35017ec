<?php
/**
 * A finished Presswright article: read back from the server, and turned into a block draft.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

/**
 * The finished article of a document, fetched server-side: fields and block markup, sanitized.
 *
 * @param string $document_id The document's UUID.
 * @return array|WP_Error title, excerpt, slug, seo_title, meta_desc, keywords, blocks, language.
 */
function presswright_fetch_article( $document_id ) {
	$log      = array( 'type' => 'article', 'target' => 'document:' . $document_id );
	$document = presswright_api_request( 'GET', '/api/v1/documents/' . rawurlencode( $document_id ), null, $log );
	if ( is_wp_error( $document ) ) {
		return $document;
	}
	$version = (int) ( $document['current_version'] ?? 0 );
	if ( 'article' !== ( $document['kind'] ?? '' ) || $version < 1 ) {
		return new WP_Error( 'presswright_not_ready', __( 'This document is not a finished article yet: wait for its run to complete.', 'presswright' ), array( 'status' => 409 ) );
	}
	$read = presswright_api_request( 'GET', '/api/v1/documents/' . rawurlencode( $document_id ) . '/versions/' . $version, null, $log );
	if ( is_wp_error( $read ) ) {
		return $read;
	}
	$export = presswright_api_request( 'POST', '/api/v1/documents/' . rawurlencode( $document_id ) . '/exports', array( 'format' => 'gutenberg', 'version' => $version ), $log );
	if ( is_wp_error( $export ) ) {
		return $export;
	}
	$path   = (string) ( $export['download_url'] ?? '' );
	$blocks = presswright_api_download( $path, $log );
	if ( is_wp_error( $blocks ) ) {
		return $blocks;
	}
	$body    = (array) ( $read['body'] ?? array() );
	$meta    = (array) ( $body['meta'] ?? array() );
	$article = array(
		'document_id' => $document_id,
		'title'       => wp_strip_all_tags( (string) ( $body['title'] ?? '' ) ),
		'excerpt'     => wp_strip_all_tags( (string) ( $body['excerpt'] ?? '' ) ),
		'slug'        => sanitize_title( (string) ( $meta['slug'] ?? '' ) ),
		'seo_title'   => sanitize_text_field( (string) ( $meta['seo_title'] ?? '' ) ),
		'meta_desc'   => sanitize_text_field( (string) ( $meta['meta_desc'] ?? '' ) ),
		'keywords'    => array_values( array_filter( array_map( 'sanitize_text_field', (array) ( $body['keywords'] ?? array() ) ) ) ),
		'language'    => sanitize_key( (string) ( $body['language'] ?? 'en' ) ),
		'blocks'      => presswright_clean_blocks( $blocks ),
	);
	/** Filters a generated article before it is shown or saved. */
	$article = apply_filters( 'presswright_generated_content', $article, $document_id );
	/** Fires when a generated article has been read back from the server. */
	do_action( 'presswright_content_generated', $article, $document_id );
	return $article;
}

/**
 * Downloads a stored file of the server (an export) as text.
 *
 * @param string $path The API path of the file's content.
 * @param array  $log  Log type and target.
 * @return string|WP_Error
 */
function presswright_api_download( $path, array $log ) {
	if ( ! preg_match( '#^/api/v1/files/[A-Za-z0-9-]+/content$#', $path ) ) {
		return new WP_Error( 'presswright_bad_answer', __( 'The Presswright server gave no download for the block markup.', 'presswright' ), array( 'status' => 502 ) );
	}
	$response = wp_remote_get(
		presswright_server_url() . $path,
		array(
			'timeout'     => PRESSWRIGHT_TIMEOUT,
			'redirection' => 0,
			'headers'     => array( 'X-API-Key' => (string) presswright_api_key() ),
		)
	);
	if ( is_wp_error( $response ) || 200 !== (int) wp_remote_retrieve_response_code( $response ) ) {
		$message = __( 'The block markup could not be downloaded from the Presswright server: try again.', 'presswright' );
		return presswright_api_problem( 'presswright_download_failed', $message, 502, $log['type'], $log );
	}
	return (string) wp_remote_retrieve_body( $response );
}

/**
 * Which SEO plugin takes the title and description: 'yoast', 'rankmath' or ''.
 *
 * @return string
 */
function presswright_seo_plugin() {
	$found = '';
	if ( defined( 'WPSEO_VERSION' ) ) {
		$found = 'yoast';
	} elseif ( defined( 'RANK_MATH_VERSION' ) || class_exists( 'RankMath' ) ) {
		$found = 'rankmath';
	}
	/** Filters which SEO plugin's fields receive the SEO title and description. */
	return (string) apply_filters( 'presswright_seo_plugin', $found );
}

/**
 * Inserts an article as a draft post made of blocks, with its terms and SEO fields.
 *
 * @param array $article    What presswright_fetch_article() returned.
 * @param int[] $categories Category ids (already checked to exist).
 * @return int|WP_Error The new post's id.
 */
function presswright_create_draft( array $article, array $categories ) {
	$post = array(
		'post_type'     => 'post',
		'post_status'   => 'draft',
		'post_author'   => get_current_user_id(),
		'post_title'    => wp_kses_post( $article['title'] ),
		'post_content'  => presswright_clean_blocks( $article['blocks'] ),
		'post_excerpt'  => wp_kses_post( $article['excerpt'] ),
		'post_name'     => sanitize_title( $article['slug'] ),
		'post_category' => $categories,
		'tags_input'    => $article['keywords'],
	);
	// wp_insert_post() unslashes its input: the block attributes' JSON must keep its backslashes.
	$post_id = wp_insert_post( wp_slash( $post ), true );
	if ( is_wp_error( $post_id ) ) {
		return $post_id;
	}
	$seo = presswright_seo_plugin();
	$map = array(
		'yoast'    => array( '_yoast_wpseo_title', '_yoast_wpseo_metadesc' ),
		'rankmath' => array( 'rank_math_title', 'rank_math_description' ),
	);
	if ( isset( $map[ $seo ] ) ) {
		update_post_meta( $post_id, $map[ $seo ][0], wp_slash( $article['seo_title'] ) );
		update_post_meta( $post_id, $map[ $seo ][1], wp_slash( $article['meta_desc'] ) );
	}
	update_post_meta( $post_id, '_presswright_document_id', sanitize_text_field( $article['document_id'] ) );
	return (int) $post_id;
}

/**
 * Block markup as the plugin shows and saves it, whoever the user is (unfiltered_html or not):
 * wp_kses_post, then the HTML of each innermost block with its tags balanced, so that an unclosed
 * tag cannot swallow the blocks after it. Markup that needed no balancing is returned unchanged.
 *
 * @param string $markup Block markup.
 * @return string
 */
function presswright_clean_blocks( $markup ) {
	$markup  = wp_kses_post( (string) $markup );
	$changed = false;
	$blocks  = presswright_balance_blocks( parse_blocks( $markup ), $changed );
	return $changed ? serialize_blocks( $blocks ) : $markup;
}

/**
 * Balances the tags of every block without inner blocks (a wrapper's HTML is split around its
 * children, so only the innermost blocks hold whole elements).
 *
 * @param array $blocks  Parsed blocks.
 * @param bool  $changed Set to true when a block's HTML was changed.
 * @return array
 */
function presswright_balance_blocks( array $blocks, &$changed ) {
	foreach ( $blocks as $index => $block ) {
		if ( ! empty( $block['innerBlocks'] ) ) {
			$blocks[ $index ]['innerBlocks'] = presswright_balance_blocks( $block['innerBlocks'], $changed );
			continue;
		}
		$html     = (string) $block['innerHTML'];
		$balanced = force_balance_tags( $html );
		// force_balance_tags() also writes void tags as <br />: that alone is no change.
		if ( preg_replace( '#\s*/>#', '>', $balanced ) !== preg_replace( '#\s*/>#', '>', $html ) ) {
			$blocks[ $index ]['innerHTML']    = $balanced;
			$blocks[ $index ]['innerContent'] = array( $balanced );
			$changed                          = true;
		}
	}
	return $blocks;
}
