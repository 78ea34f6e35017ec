<?php
/**
 * Hostile model output and hostile form input never reach stored content or an admin screen
 * as code, also for a user with unfiltered_html (for whom WordPress itself filters nothing).
 *
 * The misbehaving model is played by a real HTTP server on loopback (fixtures/hostile-server.php
 * under `php -S`): the plugin reads it through the same calls as the real Presswright server.
 *
 * @package Presswright
 */

/**
 * The plugin's walls: sanitize_* on the brief, wp_kses_post on every saved article field.
 */
class HostileInputTest extends Presswright_TestCase {

	const NS       = '/presswright/v1';
	const DOCUMENT = '6f1c0d3e-0000-4000-8000-00000000b00b';

	/**
	 * The `php -S` process of the hostile server.
	 *
	 * @var resource|null
	 */
	private static $server;

	/**
	 * Where the hostile server writes the bodies it received.
	 *
	 * @var string
	 */
	private static $record;

	/**
	 * Starts the hostile server and points the plugin at it.
	 */
	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		$socket = stream_socket_server( 'tcp://127.0.0.1:0' );
		$listen = stream_socket_get_name( $socket, false );
		fclose( $socket );
		self::$record = (string) tempnam( sys_get_temp_dir(), 'presswright-hostile' );
		$env          = array(
			'PRESSWRIGHT_HOSTILE_RECORD' => self::$record,
			'PATH'                       => (string) getenv( 'PATH' ),
		);
		$null         = array( 'file', '/dev/null', 'w' );
		self::$server = proc_open( array( PHP_BINARY, '-S', $listen, __DIR__ . '/fixtures/hostile-server.php' ), array( 0 => array( 'pipe', 'r' ), 1 => $null, 2 => $null ), $pipes, __DIR__ . '/fixtures', $env );
		$deadline     = microtime( true ) + 20;
		while ( ! @fsockopen( '127.0.0.1', (int) substr( strrchr( $listen, ':' ), 1 ) ) ) { // phpcs:ignore Generic.PHP.NoSilencedErrors
			if ( microtime( true ) > $deadline ) {
				throw new RuntimeException( "the hostile server did not listen on {$listen}" );
			}
			usleep( 50000 );
		}
		self::connect_to( 'http://' . $listen, 'pw_hostile' );
	}

	/**
	 * Stops the hostile server.
	 */
	public static function tearDownAfterClass(): void {
		if ( self::$server ) {
			proc_terminate( self::$server );
			proc_close( self::$server );
		}
		wp_delete_file( self::$record );
		parent::tearDownAfterClass();
	}

	/**
	 * An administrator with unfiltered_html.
	 *
	 * @return int
	 */
	private function administrator() {
		$admin = self::make_user( 'administrator' );
		if ( is_multisite() ) {
			grant_super_admin( $admin ); // On a network only super admins have unfiltered_html.
		}
		wp_set_current_user( $admin );
		$this->assertTrue( current_user_can( 'unfiltered_html' ), 'the test needs a user with unfiltered_html' );
		return $admin;
	}

	/**
	 * The brief leaves WordPress without tags, and the failed run's hostile error is shown as text.
	 */
	public function test_a_hostile_brief_is_sent_as_text_and_a_hostile_run_is_shown_as_text() {
		$admin   = $this->administrator();
		$started = $this->rest(
			'POST',
			self::NS . '/articles',
			array(
				'topic'         => 'Bread <script>alert(1)</script><img src=x onerror=alert(2)>',
				'keywords'      => array( 'crust<script>alert(3)</script>', '<a href="javascript:alert(4)">x</a>' ),
				'tone'          => 'warm" onclick="alert(5)',
				'brand_profile' => '<b onmouseover=alert(6)>Bakery</b>',
			)
		);
		$this->assert_status( 202, $started, 'POST /articles' );
		$this->assertSame( 'runningscript', $started->get_data()['status'] );
		$sent = array_map( 'json_decode', file( self::$record ) );
		$sent = array_values( array_filter( $sent, fn( $call ) => '/api/v1/content/generate' === $call->path ) );
		$this->assertCount( 1, $sent );
		$brief = json_decode( $sent[0]->body, true );
		$this->assertSame( 'Bread', $brief['topic'] );
		$this->assertStringNotContainsString( '<', $sent[0]->body );
		$this->assertStringStartsWith( 'crust', $brief['keywords'][0] );

		$run = $this->rest( 'GET', self::NS . '/executions/run-1' );
		$this->assert_status( 200, $run, 'GET /executions' );
		$this->assertStringNotContainsString( '<', wp_json_encode( $run->get_data() ) );
		$this->assertStringStartsWith( 'The model failed', $run->get_data()['error'] );

		$usage = $this->rest( 'GET', self::NS . '/usage' );
		$this->assert_status( 200, $usage, 'GET /usage' );
		global $wpdb;
		$logged = $wpdb->get_col( $wpdb->prepare( "SELECT CONCAT(target, ' ', COALESCE(error, '')) FROM {$wpdb->prefix}presswright_logs WHERE user_id = %d", $admin ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->assertNotEmpty( $logged );
		foreach ( $logged as $row ) {
			$this->assertStringNotContainsString( '<', $row );
		}
	}

	/**
	 * The preview the studio shows and the draft it saves hold no code, for an administrator.
	 */
	public function test_hostile_model_output_never_reaches_the_preview_or_the_draft() {
		$this->administrator();
		$read = $this->rest( 'GET', self::NS . '/articles/' . self::DOCUMENT );
		$this->assert_status( 200, $read, 'GET /articles' );
		$article = $read->get_data();
		$this->assert_no_code( $article['blocks'], 'the blocks' );
		$this->assert_no_code( $article['preview_html'], 'the preview' );
		foreach ( array( 'title', 'excerpt', 'seo_title', 'meta_desc', 'slug', 'language' ) as $field ) {
			$this->assertStringNotContainsString( '<', $article[ $field ], $field );
		}
		$this->assertStringContainsString( 'Crust', $article['blocks'] );

		$drafted = $this->rest( 'POST', self::NS . '/drafts', array( 'document_id' => self::DOCUMENT ) );
		$this->assert_status( 201, $drafted, 'POST /drafts' );
		$post_id         = $drafted->get_data()['post_id'];
		static::$posts[] = $post_id;
		$post            = get_post( $post_id );
		$this->assert_no_code( $post->post_content, 'the stored content' );
		$this->assert_no_code( do_blocks( $post->post_content ), 'the rendered content' );
		$this->assert_no_code( apply_filters( 'the_content', $post->post_content ), 'the_content' );
		$this->assert_no_code( $post->post_title . $post->post_excerpt, 'the title and excerpt' );
		$this->assertSame( 'hostile-bread', $post->post_name );
		$this->assertStringContainsString( '<!-- wp:paragraph -->', $post->post_content );
		// Broken markup is closed inside its own block: nothing after it is swallowed.
		foreach ( parse_blocks( $post->post_content ) as $block ) {
			foreach ( array( 'div', 'b', 'p', 'h2' ) as $tag ) {
				$this->assertSame( substr_count( $block['innerHTML'], "<{$tag}>" ) + substr_count( $block['innerHTML'], "<{$tag} " ), substr_count( $block['innerHTML'], "</{$tag}>" ), "unbalanced <{$tag}> in " . $block['innerHTML'] );
			}
		}
		$this->assertSame( $article['blocks'], $post->post_content );
		$this->assertStringContainsString( 'Crust', $post->post_content );
		foreach ( wp_get_post_tags( $post_id, array( 'fields' => 'names' ) ) as $tag ) {
			$this->assertStringNotContainsString( '<', $tag );
		}
		foreach ( get_post_meta( $post_id ) as $key => $values ) {
			$this->assertStringNotContainsString( '<', implode( ' ', $values ), $key );
		}
		$this->assertSame( $post->post_title, $drafted->get_data()['title'] );
	}

	/**
	 * A failed connection test's admin notice shows the server's words as text.
	 */
	public function test_the_connection_notice_shows_a_hostile_answer_as_text() {
		$this->administrator();
		$tested = $this->rest( 'POST', self::NS . '/settings/test' );
		$this->assertGreaterThanOrEqual( 400, $tested->get_status() );
		$this->assertStringNotContainsString( '<', wp_json_encode( $tested->get_data() ) );
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		set_current_screen( 'dashboard' );
		ob_start();
		presswright_admin_notices();
		$notice = (string) ob_get_clean();
		$this->assertStringContainsString( 'notice-error', $notice );
		$this->assert_no_code( $notice, 'the admin notice' );
		$this->assertStringNotContainsString( '<script', $notice );
		unset( $GLOBALS['current_screen'] );
	}
}
