<?php
/**
 * The base of the plugin's integration tests: users of their own, REST calls with
 * rest_do_request, and the plugin's settings pointed at the real Presswright server.
 *
 * @package Presswright
 */

use PHPUnit\Framework\TestCase;

/**
 * Users made by a test class are deleted after it; options it changes are put back.
 */
abstract class Presswright_TestCase extends TestCase {

	/**
	 * Ids of the users this class made.
	 *
	 * @var int[]
	 */
	protected static $users = array();

	/**
	 * Option values before the class changed them (null: the option did not exist).
	 *
	 * @var array
	 */
	protected static $saved_options = array();

	/**
	 * Ids of the posts this class made.
	 *
	 * @var int[]
	 */
	protected static $posts = array();

	/**
	 * Puts back the options, deletes the users and posts, logs out.
	 */
	public static function tearDownAfterClass(): void {
		foreach ( static::$posts as $post_id ) {
			wp_delete_post( $post_id, true );
		}
		foreach ( static::$saved_options as $name => $value ) {
			if ( null === $value ) {
				delete_option( $name );
			} else {
				update_option( $name, $value );
			}
		}
		foreach ( static::$users as $user_id ) {
			if ( is_multisite() ) {
				revoke_super_admin( $user_id );
				wpmu_delete_user( $user_id );
			} else {
				wp_delete_user( $user_id );
			}
		}
		static::$posts         = array();
		static::$saved_options = array();
		static::$users         = array();
		wp_set_current_user( 0 );
		parent::tearDownAfterClass();
	}

	/**
	 * Every test starts logged out, with no nonce or cookie state from the one before.
	 */
	protected function setUp(): void {
		parent::setUp();
		wp_set_current_user( 0 );
		unset( $_SERVER['HTTP_X_WP_NONCE'], $_REQUEST['_wpnonce'] );
		$GLOBALS['wp_rest_auth_cookie'] = null;
	}

	/**
	 * A new user with a role, deleted after the class.
	 *
	 * @param string $role A WordPress role.
	 * @return int The user's id.
	 */
	protected static function make_user( $role ) {
		$login   = 'pwunit_' . $role . '_' . wp_generate_password( 8, false );
		$user_id = wp_insert_user(
			array(
				'user_login' => strtolower( $login ),
				'user_pass'  => wp_generate_password( 24 ),
				'user_email' => strtolower( $login ) . '@example.com',
				'role'       => $role,
			)
		);
		if ( is_wp_error( $user_id ) ) {
			throw new RuntimeException( $user_id->get_error_message() );
		}
		static::$users[] = (int) $user_id;
		return (int) $user_id;
	}

	/**
	 * Sets an option for the class; its old value comes back after.
	 *
	 * @param string $name  Option name.
	 * @param mixed  $value New value.
	 */
	protected static function set_option( $name, $value ) {
		if ( ! array_key_exists( $name, static::$saved_options ) ) {
			$old                            = get_option( $name, null );
			static::$saved_options[ $name ] = $old;
		}
		update_option( $name, $value );
	}

	/**
	 * Points the plugin at a Presswright server with an API key (sealed as the settings screen does).
	 *
	 * @param string $url The server's base URL.
	 * @param string $key The API key.
	 */
	protected static function connect_to( $url, $key ) {
		static::set_option( 'presswright_server_url', untrailingslashit( $url ) );
		static::set_option( 'presswright_api_key', presswright_seal( $key ) );
	}

	/**
	 * The real `presswright serve` of the test run: its URL and the API key of its first user.
	 *
	 * @return array{0: string, 1: string}
	 */
	protected static function real_server() {
		$url = (string) getenv( 'PRESSWRIGHT_TEST_SERVER_URL' );
		$key = (string) getenv( 'PRESSWRIGHT_TEST_API_KEY' );
		if ( '' === $url || '' === $key ) {
			throw new RuntimeException( 'PRESSWRIGHT_TEST_SERVER_URL and PRESSWRIGHT_TEST_API_KEY must name the test run\'s presswright serve.' );
		}
		return array( $url, $key );
	}

	/**
	 * Calls a REST route in-process as the current user, as WordPress serves it.
	 *
	 * @param string     $method HTTP method.
	 * @param string     $route  Route with the namespace, e.g. /presswright/v1/settings.
	 * @param array|null $body   JSON body (query parameters for GET).
	 * @return WP_REST_Response
	 */
	protected function rest( $method, $route, $body = null ) {
		$request = new WP_REST_Request( $method, $route );
		if ( null !== $body && 'GET' === $method ) {
			$request->set_query_params( $body );
		} elseif ( null !== $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( wp_json_encode( $body ) );
		}
		return rest_do_request( $request );
	}

	/**
	 * Code in HTML: script and embedding tags, event handlers, javascript: URLs.
	 *
	 * @param string $html  What must hold no code.
	 * @param string $where Where it was found.
	 */
	protected function assert_no_code( $html, $where ) {
		// Block delimiters are HTML comments, not markup: their JSON is checked by rendering.
		$markup = preg_replace( '/<!--.*?-->/s', '', (string) $html );
		// An empty <object> may stay: WordPress allows objects for PDF files only, so its data goes.
		foreach ( array( '<script', '<iframe', '<embed', '<svg', '<style', 'javascript:', 'x.swf' ) as $code ) {
			$this->assertStringNotContainsStringIgnoringCase( $code, $markup, "{$where} holds {$code}" );
		}
		$this->assertDoesNotMatchRegularExpression( '/<[^>]*[\s\/"\']on[a-z]+\s*=/i', $markup, "{$where} holds an event handler" );
	}

	/**
	 * Asserts a response's status, with its body in the failure message.
	 *
	 * @param int              $status   The expected status.
	 * @param WP_REST_Response $response The response.
	 * @param string           $what     What was called.
	 */
	protected function assert_status( $status, WP_REST_Response $response, $what = '' ) {
		$this->assertSame( $status, $response->get_status(), $what . ': ' . wp_json_encode( $response->get_data() ) );
	}
}
