<?php
/**
 * On a network: each site has its own settings and its own log table.
 *
 * Runs only on a multisite (tests/plugin/test_multisite.py runs the suite on a network's second
 * site; the single-site run excludes the group).
 *
 * @package Presswright
 */

/**
 * Per-site options and log tables of a network-active plugin.
 *
 * @group multisite
 */
class MultisiteTest extends Presswright_TestCase {

	const NS = '/presswright/v1';

	/**
	 * The suite runs on a site that is not the network's main one.
	 */
	public function test_the_suite_runs_on_a_sub_site_of_a_network() {
		$this->assertTrue( is_multisite() );
		$this->assertNotSame( 1, get_current_blog_id() );
		$this->assertTrue( is_plugin_active_for_network( 'presswright/presswright.php' ) );
	}

	/**
	 * A site administrator (no super admin) saves this site's settings; the main site keeps its own.
	 */
	public function test_settings_are_per_site_and_saved_by_the_site_administrator() {
		list( $url, $key ) = self::real_server();
		$site               = get_current_blog_id();
		switch_to_blog( 1 );
		$main_url = get_option( 'presswright_server_url', '' );
		restore_current_blog();

		self::set_option( 'presswright_server_url', '' );
		self::set_option( 'presswright_api_key', '' );
		$admin = self::make_user( 'administrator' );
		$this->assertFalse( is_super_admin( $admin ) );
		wp_set_current_user( $admin );
		$this->assertFalse( current_user_can( 'unfiltered_html' ) );
		$saved = $this->rest(
			'POST',
			self::NS . '/settings',
			array(
				'server_url' => $url,
				'api_key'    => $key,
			)
		);
		$this->assert_status( 200, $saved, 'POST /settings' );
		$this->assertTrue( $saved->get_data()['connection']['ok'] );
		$this->assertSame( untrailingslashit( $url ), get_option( 'presswright_server_url' ) );

		switch_to_blog( 1 );
		$this->assertSame( $main_url, get_option( 'presswright_server_url', '' ) );
		restore_current_blog();
		$this->assertSame( $site, get_current_blog_id() );
	}

	/**
	 * Calls made on this site are logged in this site's table, not the main site's.
	 */
	public function test_calls_are_logged_in_the_sites_own_table() {
		global $wpdb;
		self::connect_to( ...self::real_server() );
		$author = self::make_user( 'author' );
		wp_set_current_user( $author );
		$this->assert_status( 200, $this->rest( 'GET', self::NS . '/brand-profiles' ), 'GET /brand-profiles' );

		$own  = $wpdb->get_blog_prefix( get_current_blog_id() ) . 'presswright_logs';
		$main = $wpdb->get_blog_prefix( 1 ) . 'presswright_logs';
		$this->assertNotSame( $own, $main );
		$count = 'SELECT COUNT(*) FROM %i WHERE user_id = %d';
		$this->assertGreaterThanOrEqual( 1, (int) $wpdb->get_var( $wpdb->prepare( str_replace( '%i', $own, $count ), $author ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL
		$this->assertSame( 0, (int) $wpdb->get_var( $wpdb->prepare( str_replace( '%i', $main, $count ), $author ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL
	}
}
