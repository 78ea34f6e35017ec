<?php
/**
 * Every arg of every route is checked against its own schema before the route's callback runs.
 *
 * @package Presswright
 */

/**
 * WordPress applies an arg's schema (minLength, maxLength, enum, minimum, pattern) only through
 * a validate_callback when the arg has a sanitize_callback: each arg of the plugin must have one.
 * The values just past each limit, route by route, are sent in tests/plugin/test_route_args.py.
 */
class RouteArgsTest extends Presswright_TestCase {

	const NS = '/presswright/v1';

	/**
	 * No arg of any handler under presswright/v1 is left without its schema check.
	 */
	public function test_every_arg_of_every_route_has_its_schema_validated() {
		$checked   = 0;
		$unchecked = array();
		foreach ( rest_get_server()->get_routes( 'presswright/v1' ) as $route => $handlers ) {
			foreach ( $handlers as $handler ) {
				foreach ( (array) ( $handler['args'] ?? array() ) as $name => $arg ) {
					if ( self::NS === $route ) {
						continue; // WordPress's own index of the namespace.
					}
					if ( 'rest_validate_request_arg' === ( $arg['validate_callback'] ?? null ) ) {
						++$checked;
					} else {
						$unchecked[] = $route . ' ' . $name;
					}
				}
			}
		}
		$this->assertSame( array(), $unchecked, 'args without their schema check' );
		$this->assertGreaterThanOrEqual( 25, $checked );
	}

	/**
	 * A topic of one character is WordPress's 400 naming the field, before the server is asked.
	 */
	public function test_a_one_character_topic_is_refused_by_wordpress() {
		wp_set_current_user( self::make_user( 'editor' ) );
		global $wpdb;
		$logs  = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}presswright_logs" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$short = $this->rest( 'POST', self::NS . '/articles', array( 'topic' => 'x' ) );
		$this->assertSame( 400, $short->get_status(), wp_json_encode( $short->get_data() ) );
		$this->assertSame( 'rest_invalid_param', $short->get_data()['code'] );
		$this->assertArrayHasKey( 'topic', $short->get_data()['data']['params'] );
		$this->assertSame( $logs, (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}presswright_logs" ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	}
}
