<?php
/**
 * Activation: the log table of every site (per site on a network), created with dbDelta.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

const PRESSWRIGHT_DB_VERSION        = '1';
const PRESSWRIGHT_DB_VERSION_OPTION = 'presswright_db_version';

/**
 * The log table's name on the current site.
 *
 * @return string
 */
function presswright_logs_table() {
	global $wpdb;
	return $wpdb->prefix . 'presswright_logs';
}

/**
 * Activation hook: installs on this site, or on every site when network-activated.
 *
 * @param bool $network_wide Whether the plugin is activated for the whole network.
 */
function presswright_activate( $network_wide = false ) {
	if ( is_multisite() && $network_wide ) {
		foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $site_id ) {
			switch_to_blog( (int) $site_id );
			presswright_install_site();
			restore_current_blog();
		}
		return;
	}
	presswright_install_site();
}

/**
 * A site created on a network where the plugin is network-active gets its table too.
 *
 * @param WP_Site $site The new site.
 */
function presswright_install_new_site( $site ) {
	if ( ! function_exists( 'is_plugin_active_for_network' ) ) {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
	}
	if ( ! is_plugin_active_for_network( plugin_basename( PRESSWRIGHT_FILE ) ) ) {
		return;
	}
	switch_to_blog( (int) $site->blog_id );
	presswright_install_site();
	restore_current_blog();
}

/**
 * Creates or upgrades the log table of the current site.
 */
function presswright_install_site() {
	global $wpdb;
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	$table   = presswright_logs_table();
	$charset = $wpdb->get_charset_collate();
	// dbDelta's format: two spaces before PRIMARY KEY, one column per line.
	$sql = "CREATE TABLE {$table} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  type varchar(40) NOT NULL DEFAULT '',
  target varchar(191) NOT NULL DEFAULT '',
  tokens int(10) unsigned NOT NULL DEFAULT 0,
  latency_ms int(10) unsigned NOT NULL DEFAULT 0,
  status varchar(20) NOT NULL DEFAULT '',
  error text NULL,
  created_at datetime NOT NULL DEFAULT '1970-01-01 00:00:00',
  PRIMARY KEY  (id),
  KEY user_type (user_id, type),
  KEY created_at (created_at)
) {$charset};";
	dbDelta( $sql );
	update_option( PRESSWRIGHT_DB_VERSION_OPTION, PRESSWRIGHT_DB_VERSION, false );
}

/**
 * A site deleted from a network takes its log table along: WordPress drops the tables named here.
 *
 * @param string[] $tables  The tables WordPress drops with the site.
 * @param int      $site_id The site being deleted.
 * @return string[]
 */
function presswright_drop_site_table( $tables, $site_id ) {
	global $wpdb;
	$tables[] = $wpdb->get_blog_prefix( (int) $site_id ) . 'presswright_logs';
	return $tables;
}

// Registered here with the table it names (hooks.php holds the request-time hooks).
add_filter( 'wpmu_drop_tables', 'presswright_drop_site_table', 10, 2 );
