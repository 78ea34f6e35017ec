<?php
/**
 * The API key at rest: sealed with libsodium's secretbox under a key derived from the site's salts.
 *
 * A database dump alone does not reveal the key; wp-config.php (the salts) is needed too.
 * Changing the salts makes the stored key unreadable: the settings screen then asks for it again.
 *
 * @package Presswright
 */

defined( 'ABSPATH' ) || exit;

/**
 * The secretbox key of this site, derived from its auth salt.
 *
 * @return string 32 raw bytes.
 */
function presswright_secret_key() {
	return sodium_crypto_generichash( 'presswright-api-key|' . wp_salt( 'auth' ), '', SODIUM_CRYPTO_SECRETBOX_KEYBYTES );
}

/**
 * Seals a secret for storage.
 *
 * @param string $plain The secret.
 * @return string Base64 of nonce and ciphertext.
 */
function presswright_seal( $plain ) {
	$nonce = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
	return base64_encode( $nonce . sodium_crypto_secretbox( $plain, $nonce, presswright_secret_key() ) );
}

/**
 * Opens a sealed secret.
 *
 * @param string $sealed What presswright_seal() returned.
 * @return string|null The secret, or null when it cannot be opened (other salts, damaged).
 */
function presswright_unseal( $sealed ) {
	$raw = base64_decode( (string) $sealed, true );
	if ( false === $raw || strlen( $raw ) <= SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ) {
		return null;
	}
	$nonce  = substr( $raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
	$cipher = substr( $raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
	$plain  = sodium_crypto_secretbox_open( $cipher, $nonce, presswright_secret_key() );
	return false === $plain ? null : $plain;
}
