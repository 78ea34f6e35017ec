<?php
/**
 * PHPUnit bootstrap: loads the real test WordPress whose docroot PRESSWRIGHT_WP_DOCROOT names.
 *
 * The plugin must be active there (tests/plugin/test_phpunit.py installs it from the ZIP). In a
 * command-line run WordPress still reads the request's host: PRESSWRIGHT_WP_HOST (a multisite's
 * domain) or the host of the site's own address.
 *
 * @package Presswright
 */

$presswright_docroot = (string) getenv( 'PRESSWRIGHT_WP_DOCROOT' );
if ( '' === $presswright_docroot || ! is_file( $presswright_docroot . '/wp-load.php' ) ) {
	fwrite( STDERR, "PRESSWRIGHT_WP_DOCROOT must name the docroot of a test WordPress (its wp-load.php).\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST']       = getenv( 'PRESSWRIGHT_WP_HOST' ) ? (string) getenv( 'PRESSWRIGHT_WP_HOST' ) : '127.0.0.1';
$_SERVER['SERVER_NAME']     = $_SERVER['HTTP_HOST'];
$_SERVER['REQUEST_URI']     = getenv( 'PRESSWRIGHT_WP_PATH' ) ? (string) getenv( 'PRESSWRIGHT_WP_PATH' ) : '/';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REMOTE_ADDR']     = '127.0.0.1';

// wp-config.php and wp-settings.php expect to run in the global scope, this file runs in a
// method of PHPUnit's: their globals are declared here first, as WordPress's own test suite does.
global $table_prefix, $wpdb, $wp_rewrite, $wp, $wp_query, $wp_the_query, $wp_roles, $wp_locale;
global $current_site, $current_blog, $domain, $path, $site_id, $public, $shortcode_tags;
global $wp_version, $wp_db_version, $wp_theme_directories, $wp_filter, $wp_actions, $wp_current_filter;

require_once $presswright_docroot . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/user.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
if ( is_multisite() ) {
	require_once ABSPATH . 'wp-admin/includes/ms.php';
}

if ( ! function_exists( 'presswright_create_draft' ) ) {
	fwrite( STDERR, "The Presswright plugin is not active on the WordPress at {$presswright_docroot}.\n" );
	exit( 2 );
}

// Every notice and warning fails the test it happens in (phpunit.xml.dist). Deprecations only
// go to PRESSWRIGHT_PHP_ERROR_LOG: WordPress 6.1 raises its own on PHP 8.2, so the runner
// (tests/plugin/test_phpunit.py) fails on the lines that name the plugin's files.
error_reporting( E_ALL );
ini_set( 'log_errors', '1' );
if ( getenv( 'PRESSWRIGHT_PHP_ERROR_LOG' ) ) {
	ini_set( 'error_log', (string) getenv( 'PRESSWRIGHT_PHP_ERROR_LOG' ) );
}

require_once __DIR__ . '/class-presswright-testcase.php';
