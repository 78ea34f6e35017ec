<?php
/**
 * One step of the plugin's life on a test WordPress, run from the command line as a request to
 * a site would run it, with all of wp-admin's functions: `php lifecycle.php STEP [ARG]` with the
 * docroot as working directory; prints the step's outcome as JSON. Used by
 * tests/plugin/test_multisite.py.
 *
 * Environment: PRESSWRIGHT_WP_HOST (the request's host), PRESSWRIGHT_WP_PATH (its path).
 *
 * @package Presswright
 */

$_SERVER['HTTP_HOST']       = (string) getenv( 'PRESSWRIGHT_WP_HOST' );
$_SERVER['SERVER_NAME']     = $_SERVER['HTTP_HOST'];
$_SERVER['REQUEST_URI']     = getenv( 'PRESSWRIGHT_WP_PATH' ) ? (string) getenv( 'PRESSWRIGHT_WP_PATH' ) : '/';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';

$presswright_step = $argv[1] ?? '';
$presswright_arg  = $argv[2] ?? '';
if ( 'install' === $presswright_step ) {
	define( 'WP_INSTALLING', true );
}

/**
 * No mail on install: there is no mail server here.
 */
function wp_new_blog_notification() {
}

require getcwd() . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if ( is_multisite() ) {
	require_once ABSPATH . 'wp-admin/includes/ms.php';
}

const PRESSWRIGHT_TEST_PLUGIN = 'presswright/presswright.php';

/**
 * The ids of every site (1 on a single site).
 *
 * @return int[]
 */
function presswright_test_sites() {
	return is_multisite() ? array_map( 'intval', get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) ) : array( 1 );
}

/**
 * Each site's log table, or null where it has none.
 *
 * @return array
 */
function presswright_test_tables() {
	global $wpdb;
	$found = array();
	foreach ( presswright_test_sites() as $id ) {
		$found[ $id ] = $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->get_blog_prefix( $id ) . 'presswright_logs' ) );
	}
	return $found;
}

/**
 * Each site's options whose name holds "presswright".
 *
 * @return array
 */
function presswright_test_options() {
	global $wpdb;
	$found = array();
	foreach ( presswright_test_sites() as $id ) {
		$table        = $wpdb->get_blog_prefix( $id ) . 'options';
		$found[ $id ] = $wpdb->get_col( "SELECT option_name FROM {$table} WHERE option_name LIKE '%presswright%'" ); // phpcs:ignore WordPress.DB.PreparedSQL
	}
	return $found;
}

/**
 * Ends the step with a message on stderr.
 *
 * @param mixed $problem A WP_Error or anything else that is not success.
 */
function presswright_test_fail( $problem ) {
	fwrite( STDERR, is_wp_error( $problem ) ? $problem->get_error_message() : wp_json_encode( $problem ) );
	exit( 1 );
}

switch ( $presswright_step ) {
	case 'install':
		wp_install( 'Presswright lifecycle', 'admin', 'admin@example.com', true, '', wp_generate_password( 20 ) );
		$presswright_out = true;
		break;
	case 'install-zip':
		$presswright_done = ( new Plugin_Upgrader( new Automatic_Upgrader_Skin() ) )->install( $presswright_arg );
		if ( true !== $presswright_done ) {
			presswright_test_fail( $presswright_done );
		}
		$presswright_out = array_keys( get_plugins() );
		break;
	case 'activate':
		$presswright_done = activate_plugin( PRESSWRIGHT_TEST_PLUGIN, '', is_multisite() );
		if ( is_wp_error( $presswright_done ) ) {
			presswright_test_fail( $presswright_done );
		}
		$presswright_out = array(
			'active'   => is_plugin_active( PRESSWRIGHT_TEST_PLUGIN ),
			'network'  => is_multisite() && is_plugin_active_for_network( PRESSWRIGHT_TEST_PLUGIN ),
			'tables'   => presswright_test_tables(),
			'versions' => array_map(
				function ( $id ) {
					return is_multisite() ? get_blog_option( $id, 'presswright_db_version' ) : get_option( 'presswright_db_version' );
				},
				array_combine( presswright_test_sites(), presswright_test_sites() )
			),
		);
		break;
	case 'deactivate':
		deactivate_plugins( PRESSWRIGHT_TEST_PLUGIN, false, is_multisite() );
		$presswright_out = array(
			'active'  => is_plugin_active( PRESSWRIGHT_TEST_PLUGIN ),
			'tables'  => presswright_test_tables(),
			'options' => presswright_test_options(),
		);
		break;
	case 'uninstall':
		$presswright_done = delete_plugins( array( PRESSWRIGHT_TEST_PLUGIN ) );
		if ( true !== $presswright_done ) {
			presswright_test_fail( $presswright_done );
		}
		$presswright_out = array(
			'plugins' => array_keys( get_plugins() ),
			'tables'  => presswright_test_tables(),
			'options' => presswright_test_options(),
		);
		break;
	case 'network':
		// What Tools, Network Setup does before wp-config.php gets the MULTISITE constants.
		require_once ABSPATH . 'wp-admin/includes/network.php';
		foreach ( $wpdb->tables( 'ms_global' ) as $presswright_table => $presswright_prefixed ) {
			$wpdb->$presswright_table = $presswright_prefixed;
		}
		install_network();
		$presswright_done = populate_network( 1, $_SERVER['HTTP_HOST'], 'admin@example.com', 'Presswright network', '/', false );
		if ( is_wp_error( $presswright_done ) ) {
			presswright_test_fail( $presswright_done );
		}
		$presswright_out = true;
		break;
	case 'new-site':
		$presswright_done = wp_insert_site(
			array(
				'domain'  => $_SERVER['HTTP_HOST'],
				'path'    => $presswright_arg,
				'title'   => $presswright_arg,
				'user_id' => 1,
			)
		);
		if ( is_wp_error( $presswright_done ) ) {
			presswright_test_fail( $presswright_done );
		}
		$presswright_out = array(
			'id'     => $presswright_done,
			'tables' => presswright_test_tables(),
		);
		break;
	case 'delete-site':
		$presswright_done = wp_delete_site( (int) $presswright_arg );
		if ( is_wp_error( $presswright_done ) ) {
			presswright_test_fail( $presswright_done );
		}
		$presswright_out = $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->get_blog_prefix( (int) $presswright_arg ) . 'presswright_logs' ) );
		break;
	default:
		presswright_test_fail( "unknown step {$presswright_step}" );
}
echo wp_json_encode( $presswright_out ) . "\n"; // phpcs:ignore WordPress.Security.EscapeOutput
