<?php
/**
 * Generate -> draft through the plugin's routes against the real `presswright serve`.
 *
 * @package Presswright
 */

/**
 * The Content Studio's calls as an administrator (who has unfiltered_html) and as an author.
 */
class ArticleDraftTest extends Presswright_TestCase {

	const NS = '/presswright/v1';

	/**
	 * Starts an article and polls its run until it completes.
	 *
	 * @param array $brief The brief.
	 * @return string The document id.
	 */
	private function generate( array $brief ) {
		$started = $this->rest( 'POST', self::NS . '/articles', $brief );
		$this->assert_status( 202, $started, 'POST /articles' );
		$run = $started->get_data();
		$this->assertMatchesRegularExpression( '/^[0-9a-f-]{36}$/', $run['document_id'] );
		$deadline = microtime( true ) + 120;
		while ( 'completed' !== $run['status'] ) {
			$this->assertNotContains( $run['status'], array( 'failed', 'stopped', 'error' ), wp_json_encode( $run ) );
			$this->assertLessThan( $deadline, microtime( true ), 'the run did not complete in 120 s' );
			usleep( 300000 );
			$polled = $this->rest( 'GET', self::NS . '/executions/' . $started->get_data()['execution_id'] );
			$this->assert_status( 200, $polled, 'GET /executions' );
			$run = $polled->get_data();
		}
		$this->assertSame( 100, $run['progress'] );
		return $started->get_data()['document_id'];
	}

	/**
	 * An administrator's brief becomes a block draft holding exactly the server's blocks.
	 */
	public function test_an_article_is_generated_and_saved_as_a_block_draft() {
		self::connect_to( ...self::real_server() );
		$admin = self::make_user( 'administrator' );
		wp_set_current_user( $admin );
		$this->assertTrue( current_user_can( 'unfiltered_html' ) || is_multisite() );
		$category = wp_insert_term( 'PHPUnit loaves ' . wp_generate_password( 6, false ), 'category' );
		$this->assertIsArray( $category );

		$document = $this->generate(
			array(
				'topic'    => 'Baking sourdough bread at home',
				'keywords' => array( 'sourdough bread' ),
				'length'   => 'short',
			)
		);
		$read = $this->rest( 'GET', self::NS . '/articles/' . $document );
		$this->assert_status( 200, $read, 'GET /articles' );
		$article = $read->get_data();
		$this->assertNotEmpty( $article['title'] );
		$this->assertStringStartsWith( '<!-- wp:', ltrim( $article['blocks'] ) );
		$this->assertStringNotContainsString( '<!-- wp:', $article['preview_html'] );

		$drafted = $this->rest(
			'POST',
			self::NS . '/drafts',
			array(
				'document_id' => $document,
				'categories'  => array( $category['term_id'] ),
			)
		);
		$this->assert_status( 201, $drafted, 'POST /drafts' );
		$post_id        = $drafted->get_data()['post_id'];
		static::$posts[] = $post_id;
		$post           = get_post( $post_id );
		$this->assertSame( 'draft', $post->post_status );
		$this->assertSame( $admin, (int) $post->post_author );
		$this->assertSame( $article['blocks'], $post->post_content );
		$this->assertSame( $article['title'], $post->post_title );
		$this->assertSame( $article['slug'], $post->post_name );
		$this->assertSame( $document, get_post_meta( $post_id, '_presswright_document_id', true ) );
		$this->assertContains( (int) $category['term_id'], wp_get_post_categories( $post_id ) );
		$this->assertContains( 'sourdough bread', wp_get_post_tags( $post_id, array( 'fields' => 'names' ) ) );
		foreach ( parse_blocks( $post->post_content ) as $block ) {
			$this->assertTrue( null !== $block['blockName'] || '' === trim( $block['innerHTML'] ), 'freeform HTML between the blocks' );
		}

		global $wpdb;
		$rows = $wpdb->get_col( $wpdb->prepare( "SELECT CONCAT(type, ':', status) FROM {$wpdb->prefix}presswright_logs WHERE user_id = %d", $admin ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$this->assertContains( 'article:ok', $rows );
		$this->assertContains( 'draft:ok', $rows );
		wp_delete_term( $category['term_id'], 'category' );
	}

	/**
	 * What the server refuses or the site lacks comes back as a clear error, and no post is left.
	 */
	public function test_a_bad_category_or_an_unknown_document_saves_nothing() {
		self::connect_to( ...self::real_server() );
		wp_set_current_user( self::make_user( 'author' ) );
		$before = (int) wp_count_posts()->draft;

		$bad = $this->rest(
			'POST',
			self::NS . '/drafts',
			array(
				'document_id' => '6f1c0d3e-0000-4000-8000-0000000000ff',
				'categories'  => array( 987654 ),
			)
		);
		$this->assert_status( 400, $bad, 'unknown category' );
		$this->assertSame( 'presswright_bad_category', $bad->get_data()['code'] );

		$unknown = $this->rest( 'POST', self::NS . '/drafts', array( 'document_id' => '6f1c0d3e-0000-4000-8000-0000000000ff' ) );
		$this->assert_status( 404, $unknown, 'unknown document' );
		$this->assertStringContainsString( 'Presswright server answered 404', $unknown->get_data()['message'] );

		// Refused by WordPress's own check of the route's schema (its minLength), naming the field,
		// before anything is sent to the server.
		$short = $this->rest( 'POST', self::NS . '/articles', array( 'topic' => 'x' ) );
		$this->assert_status( 400, $short, 'one-character topic' );
		$this->assertSame( 'rest_invalid_param', $short->get_data()['code'] );
		$this->assertStringContainsString( 'topic', $short->get_data()['message'] );

		wp_cache_delete( _count_posts_cache_key( 'post' ), 'counts' );
		$this->assertSame( $before, (int) wp_count_posts()->draft );
	}

	/**
	 * A server that is down is a 502 that names the server, and the call is logged as an error.
	 */
	public function test_a_server_that_is_down_is_a_502_naming_it() {
		$socket = stream_socket_server( 'tcp://127.0.0.1:0' );
		$down   = 'http://' . stream_socket_get_name( $socket, false );
		fclose( $socket );
		self::connect_to( $down, 'pw_anything' );
		wp_set_current_user( self::make_user( 'author' ) );
		$answer = $this->rest( 'POST', self::NS . '/articles', array( 'topic' => 'Baking sourdough bread at home' ) );
		$this->assert_status( 502, $answer, 'server down' );
		$this->assertStringContainsString( "at {$down} did not answer", $answer->get_data()['message'] );
	}
}
