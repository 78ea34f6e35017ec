<?php
/**
 * The Bulk Generator and the Patterns routes against the real `presswright serve`, as an
 * administrator (unfiltered_html): a CSV job to drafts, a generated pattern to a user pattern.
 *
 * @package Presswright
 */

/**
 * Bulk -> drafts and pattern -> wp_block, each saved without code.
 */
class BulkPatternsTest extends Presswright_TestCase {

	const NS = '/presswright/v1';

	/**
	 * Logs in an administrator (a super admin on a network) connected to the real server.
	 */
	protected function setUp(): void {
		parent::setUp();
		self::connect_to( ...self::real_server() );
		$admin = self::make_user( 'administrator' );
		if ( is_multisite() ) {
			grant_super_admin( $admin );
		}
		wp_set_current_user( $admin );
		$this->assertTrue( current_user_can( 'unfiltered_html' ) );
	}

	/**
	 * A CSV of two articles (one with hostile cells) runs to its report; its drafts hold no code.
	 */
	public function test_a_csv_bulk_job_ends_in_drafts_without_code() {
		$csv     = "topic,keywords,language\n"
			. "\"Baking sourdough bread at home\",sourdough bread,en\n"
			. "\"<script>alert(1)</script>Baking sourdough bread at home for beginners\",\"<img src=x onerror=alert(2)>sourdough bread\",en\n";
		$started = $this->rest(
			'POST',
			self::NS . '/bulk',
			array(
				'source' => 'csv',
				'kind'   => 'article',
				'csv'    => $csv,
			)
		);
		$this->assert_status( 202, $started, 'POST /bulk' );
		$id       = $started->get_data()['id'];
		$deadline = microtime( true ) + 180;
		do {
			usleep( 500000 );
			$job = $this->rest( 'GET', self::NS . '/bulk/' . $id );
			$this->assert_status( 200, $job, 'GET /bulk/{id}' );
			$this->assertLessThan( $deadline, microtime( true ), 'the job did not end in 180 s' );
		} while ( ! in_array( $job->get_data()['status'], array( 'completed', 'failed', 'cancelled' ), true ) );
		$report = $job->get_data();
		$this->assertSame( 'completed', $report['status'], wp_json_encode( $report ) );
		$this->assertSame( 2, $report['succeeded'] );
		$this->assertStringNotContainsString( '<', wp_json_encode( $report['items'] ) );

		$saved = $this->rest( 'POST', self::NS . '/bulk/' . $id . '/save' );
		$this->assert_status( 200, $saved, 'POST /bulk/{id}/save' );
		$this->assertCount( 2, $saved->get_data()['saved'] );
		foreach ( $saved->get_data()['saved'] as $draft ) {
			static::$posts[] = (int) $draft['post_id'];
			$post            = get_post( (int) $draft['post_id'] );
			$this->assertSame( 'draft', $post->post_status );
			$this->assertStringStartsWith( '<!-- wp:', ltrim( $post->post_content ) );
			$this->assert_no_code( $post->post_content . $post->post_title . $post->post_excerpt, 'a bulk draft' );
		}
	}

	/**
	 * A generated pattern is registered as an unsynced user pattern holding the server's blocks.
	 */
	public function test_a_generated_pattern_becomes_an_unsynced_user_pattern() {
		$started = $this->rest( 'POST', self::NS . '/patterns', array( 'description' => 'Hero with a call to action for a small bakery<script>alert(1)</script>' ) );
		$this->assert_status( 202, $started, 'POST /patterns' );
		$run      = $started->get_data();
		$deadline = microtime( true ) + 120;
		while ( 'completed' !== $run['status'] ) {
			$this->assertNotContains( $run['status'], array( 'failed', 'stopped', 'error' ), wp_json_encode( $run ) );
			$this->assertLessThan( $deadline, microtime( true ), 'the pattern run did not complete' );
			usleep( 300000 );
			$run = $this->rest( 'GET', self::NS . '/executions/' . $started->get_data()['execution_id'] )->get_data();
		}
		$document = $started->get_data()['document_id'];
		$read     = $this->rest( 'GET', self::NS . '/patterns/' . $document );
		$this->assert_status( 200, $read, 'GET /patterns/{id}' );
		$pattern = $read->get_data();
		$this->assertStringStartsWith( '<!-- wp:', ltrim( $pattern['markup'] ) );
		$this->assert_no_code( $pattern['preview_html'], 'the pattern preview' );

		$made = $this->rest(
			'POST',
			self::NS . '/patterns/register',
			array(
				'source' => 'document',
				'id'     => $document,
				'title'  => 'PHPUnit hero <img src=x onerror=alert(3)>',
			)
		);
		$this->assert_status( 201, $made, 'POST /patterns/register' );
		$block           = get_post( (int) $made->get_data()['id'] );
		static::$posts[] = $block->ID;
		$this->assertSame( 'wp_block', $block->post_type );
		$this->assertSame( 'unsynced', get_post_meta( $block->ID, 'wp_pattern_sync_status', true ) );
		$this->assertSame( $pattern['markup'], $block->post_content );
		$this->assert_no_code( $block->post_content . $block->post_title, 'the user pattern' );
		$this->assertStringStartsWith( 'PHPUnit hero', $block->post_title );
	}

	/**
	 * Product write-back needs WooCommerce; without it (as here) none of its routes exists.
	 */
	public function test_without_woocommerce_no_product_route_exists() {
		$this->assertFalse( class_exists( 'WooCommerce' ) );
		$routes = array_keys( rest_get_server()->get_routes( 'presswright/v1' ) );
		$this->assertSame( array(), preg_grep( '#^/presswright/v1/products#', $routes ) );
		$refused = $this->rest( 'POST', self::NS . '/bulk', array( 'source' => 'products' ) );
		$this->assert_status( 409, $refused, 'POST /bulk products' );
	}
}
