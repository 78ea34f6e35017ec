<?php
/**
 * Every route of the plugin refuses users without its capability, and WordPress's cookie
 * nonce stands in front of all of them.
 *
 * @package Presswright
 */

/**
 * Permission and nonce refusals, for every route registered under presswright/v1.
 */
class PermissionsTest extends Presswright_TestCase {

	const NS = '/presswright/v1';

	/**
	 * Routes the plugin has without WooCommerce; any other is found by walking the server.
	 */
	const KNOWN = array( '/settings', '/settings/test', '/brand-profiles', '/usage', '/articles', '/drafts', '/bulk', '/patterns', '/patterns/register', '/templates', '/images', '/media' );

	/**
	 * Every endpoint of the plugin: route, concrete path, method, handler.
	 *
	 * @return array[]
	 */
	private function endpoints() {
		$found = array();
		foreach ( rest_get_server()->get_routes( 'presswright/v1' ) as $route => $handlers ) {
			if ( self::NS === $route ) {
				continue; // WordPress's own index of the namespace.
			}
			$path = $this->concrete_path( $route );
			foreach ( $handlers as $handler ) {
				foreach ( array_keys( $handler['methods'] ) as $method ) {
					$found[] = array( $route, $path, $method, $handler );
				}
			}
		}
		return $found;
	}

	/**
	 * A path that the route's pattern matches: each named group gets a value its pattern takes.
	 *
	 * @param string $route A route pattern.
	 * @return string
	 */
	private function concrete_path( $route ) {
		$path = preg_replace_callback(
			'/\(\?P<\w+>((?:[^()]|\([^()]*\))*)\)/',
			function ( $group ) use ( $route ) {
				foreach ( array( '6f1c0d3e-0000-4000-8000-000000000000', '1', 'abc', 'abc-1' ) as $value ) {
					if ( preg_match( '#^(?:' . $group[1] . ')$#', $value ) ) {
						return $value;
					}
				}
				$this->fail( "No sample value for {$group[0]} in {$route}" );
			},
			$route
		);
		$this->assertMatchesRegularExpression( '@^' . $route . '$@i', $path );
		return $path;
	}

	/**
	 * A body that passes the endpoint's argument schema, so the permission check is what answers.
	 *
	 * @param array $args The endpoint's args.
	 * @return array
	 */
	private function valid_body( array $args ) {
		$body = array();
		foreach ( $args as $name => $schema ) {
			if ( empty( $schema['required'] ) ) {
				continue;
			}
			$body[ $name ] = $this->sample( $schema );
			$valid         = rest_validate_value_from_schema( $body[ $name ], $schema, $name );
			$this->assertTrue( true === $valid, "no valid sample for {$name}: " . ( is_wp_error( $valid ) ? $valid->get_error_message() : '' ) );
		}
		return $body;
	}

	/**
	 * A value of a schema's type within its limits.
	 *
	 * @param array $schema A JSON schema of an argument.
	 * @return mixed
	 */
	private function sample( array $schema ) {
		if ( ! empty( $schema['enum'] ) ) {
			return $schema['enum'][0];
		}
		$type = is_array( $schema['type'] ?? 'string' ) ? $schema['type'][0] : ( $schema['type'] ?? 'string' );
		switch ( $type ) {
			case 'integer':
			case 'number':
				return max( 1, (int) ( $schema['minimum'] ?? 1 ) );
			case 'boolean':
				return true;
			case 'array':
				$item = isset( $schema['items'] ) ? $this->sample( $schema['items'] ) : 'a';
				return array_fill( 0, max( 1, (int) ( $schema['minItems'] ?? 1 ) ), $item );
			case 'object':
				$object = array();
				foreach ( (array) ( $schema['properties'] ?? array() ) as $key => $property ) {
					if ( ! empty( $property['required'] ) || in_array( $key, (array) ( $schema['required'] ?? array() ), true ) ) {
						$object[ $key ] = $this->sample( $property );
					}
				}
				return $object;
		}
		if ( isset( $schema['format'] ) && 'uuid' === $schema['format'] ) {
			return '6f1c0d3e-0000-4000-8000-000000000000';
		}
		if ( isset( $schema['format'] ) && in_array( $schema['format'], array( 'uri', 'url' ), true ) ) {
			return 'https://example.com';
		}
		foreach ( array( '6f1c0d3e-0000-4000-8000-000000000000', 'sample text', 'post' ) as $value ) {
			if ( ! isset( $schema['pattern'] ) || preg_match( '#' . str_replace( '#', '\#', $schema['pattern'] ) . '#', $value ) ) {
				return str_pad( $value, (int) ( $schema['minLength'] ?? 0 ), 'a' );
			}
		}
		return str_repeat( 'a', max( 5, (int) ( $schema['minLength'] ?? 0 ) ) );
	}

	/**
	 * Every route has a permission callback of its own (none is open) and it refuses a subscriber.
	 */
	public function test_every_route_has_a_permission_callback_that_refuses_a_subscriber() {
		$endpoints = $this->endpoints();
		$routes    = array_unique( array_column( $endpoints, 0 ) );
		foreach ( self::KNOWN as $known ) {
			$this->assertContains( self::NS . $known, $routes );
		}
		wp_set_current_user( self::make_user( 'subscriber' ) );
		foreach ( $endpoints as list( $route, $path, $method, $handler ) ) {
			$callback = $handler['permission_callback'] ?? null;
			$this->assertIsCallable( $callback, "{$method} {$route} has no permission_callback" );
			$this->assertNotSame( '__return_true', $callback, "{$method} {$route} is open to everyone" );
			$request = new WP_REST_Request( $method, $path );
			$allowed = call_user_func( $callback, $request );
			$this->assertTrue( false === $allowed || is_wp_error( $allowed ), "{$method} {$route} lets a subscriber in" );
		}
	}

	/**
	 * A subscriber's real request to every route, with a body that passes its schema, is a 403.
	 */
	public function test_a_subscriber_gets_403_from_every_route() {
		wp_set_current_user( self::make_user( 'subscriber' ) );
		$seen = 0;
		foreach ( $this->endpoints() as list( $route, $path, $method, $handler ) ) {
			$response = $this->rest( $method, $path, $this->valid_body( (array) ( $handler['args'] ?? array() ) ) );
			$this->assert_status( 403, $response, "{$method} {$route}" );
			$this->assertSame( 'rest_forbidden', $response->get_data()['code'], "{$method} {$route}" );
			++$seen;
		}
		$this->assertGreaterThanOrEqual( count( self::KNOWN ), $seen );
	}

	/**
	 * Nobody logged in: 401 everywhere.
	 */
	public function test_an_anonymous_request_gets_401_from_every_route() {
		foreach ( $this->endpoints() as list( $route, $path, $method, $handler ) ) {
			$response = $this->rest( $method, $path, $this->valid_body( (array) ( $handler['args'] ?? array() ) ) );
			$this->assert_status( 401, $response, "{$method} {$route}" );
		}
	}

	/**
	 * An author writes (edit_posts) but does not manage the site: the settings refuse them.
	 */
	public function test_an_author_is_refused_the_settings_but_may_list_brand_profiles() {
		self::connect_to( ...self::real_server() );
		wp_set_current_user( self::make_user( 'author' ) );
		foreach ( array( array( 'GET', '/settings' ), array( 'POST', '/settings/test' ), array( 'GET', '/usage' ) ) as list( $method, $route ) ) {
			$this->assert_status( 403, $this->rest( $method, self::NS . $route ), $route );
		}
		$saved = $this->rest( 'POST', self::NS . '/settings', array( 'server_url' => 'http://attacker.example' ) );
		$this->assert_status( 403, $saved, 'POST /settings' );
		$this->assertNotSame( 'http://attacker.example', get_option( 'presswright_server_url' ) );
		$this->assert_status( 200, $this->rest( 'GET', self::NS . '/brand-profiles' ), 'GET /brand-profiles' );
	}

	/**
	 * WordPress's cookie check in front of the routes: no nonce logs the cookie user out (401),
	 * a forged nonce is refused (403), the user's own wp_rest nonce lets the request through.
	 */
	public function test_a_cookie_request_needs_the_wp_rest_nonce() {
		self::connect_to( ...self::real_server() );
		$admin  = self::make_user( 'administrator' );
		$server = rest_get_server();

		wp_set_current_user( $admin );
		$GLOBALS['wp_rest_auth_cookie'] = true; // What a valid logged-in cookie sets.
		$this->assertTrue( $server->check_authentication() );
		$this->assertSame( 0, get_current_user_id() );
		$this->assert_status( 401, $this->rest( 'GET', self::NS . '/settings' ), 'no nonce' );

		wp_set_current_user( $admin );
		$_SERVER['HTTP_X_WP_NONCE'] = 'a0b1c2d3e4';
		$forged                     = $server->check_authentication();
		$this->assertInstanceOf( WP_Error::class, $forged );
		$this->assertSame( 'rest_cookie_invalid_nonce', $forged->get_error_code() );
		$this->assertSame( 403, $forged->get_error_data()['status'] );

		$_SERVER['HTTP_X_WP_NONCE'] = wp_create_nonce( 'wp_rest' );
		$this->assertTrue( $server->check_authentication() );
		$this->assertSame( $admin, get_current_user_id() );
		$this->assert_status( 200, $this->rest( 'GET', self::NS . '/settings' ), 'with the nonce' );

		// Another user's nonce is no nonce of this one.
		wp_set_current_user( self::make_user( 'editor' ) );
		$_SERVER['HTTP_X_WP_NONCE'] = wp_create_nonce( 'wp_rest' );
		wp_set_current_user( $admin );
		$this->assertInstanceOf( WP_Error::class, $server->check_authentication() );
	}
}
