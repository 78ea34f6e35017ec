/**
 * Settings, Presswright: the server URL and API key (write-only), saved and tested server-side.
 */
import apiFetch from '@wordpress/api-fetch';
import {
	Button,
	Card,
	CardBody,
	Notice,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { createRoot, render, useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

function SettingsScreen() {
	const [ loaded, setLoaded ] = useState( null );
	const [ url, setUrl ] = useState( '' );
	const [ key, setKey ] = useState( '' );
	const [ busy, setBusy ] = useState( false );
	const [ notice, setNotice ] = useState( null );

	useEffect( () => {
		apiFetch( { path: '/presswright/v1/settings' } )
			.then( ( settings ) => {
				setLoaded( settings );
				setUrl( settings.server_url );
			} )
			.catch( ( error ) =>
				setNotice( { status: 'error', text: error.message } )
			);
	}, [] );

	const save = () => {
		setBusy( true );
		setNotice( null );
		apiFetch( {
			path: '/presswright/v1/settings',
			method: 'POST',
			data: { server_url: url, api_key: key },
		} )
			.then( ( settings ) => {
				setLoaded( settings );
				setKey( '' );
				setNotice( {
					status: 'success',
					text: sprintf(
						/* translators: 1: workspace name, 2: user email. */
						__(
							'Saved and connected to workspace %1$s as %2$s.',
							'presswright'
						),
						settings.connection.workspace,
						settings.connection.user
					),
				} );
			} )
			.catch( ( error ) =>
				setNotice( { status: 'error', text: error.message } )
			)
			.finally( () => setBusy( false ) );
	};

	const test = () => {
		setBusy( true );
		setNotice( null );
		apiFetch( { path: '/presswright/v1/settings/test', method: 'POST' } )
			.then( ( found ) =>
				setNotice( {
					status: 'success',
					text: sprintf(
						/* translators: 1: workspace name, 2: user email, 3: role. */
						__(
							'Connected: workspace %1$s, %2$s (%3$s).',
							'presswright'
						),
						found.workspace,
						found.user,
						found.role
					),
				} )
			)
			.catch( ( error ) =>
				setNotice( { status: 'error', text: error.message } )
			)
			.finally( () => setBusy( false ) );
	};

	if ( ! loaded ) {
		return notice ? (
			<Notice status={ notice.status } isDismissible={ false }>
				{ notice.text }
			</Notice>
		) : (
			<Spinner />
		);
	}
	let keyHelp = __(
		'No API key is stored yet: create one in Presswright (Settings, API keys).',
		'presswright'
	);
	if ( loaded.api_key_set ) {
		keyHelp = loaded.api_key_readable
			? __(
					'A key is stored (encrypted). Leave this empty to keep it.',
					'presswright'
			  )
			: __(
					'The stored key cannot be read any more: enter it again.',
					'presswright'
			  );
	}
	return (
		<Card>
			<CardBody>
				{ notice && (
					<Notice
						status={ notice.status }
						onRemove={ () => setNotice( null ) }
					>
						{ notice.text }
					</Notice>
				) }
				<TextControl
					label={ __( 'Presswright server URL', 'presswright' ) }
					help={ __(
						'For example https://presswright.example.com',
						'presswright'
					) }
					type="url"
					value={ url }
					onChange={ setUrl }
				/>
				<TextControl
					label={ __( 'API key', 'presswright' ) }
					help={ keyHelp }
					type="password"
					autoComplete="new-password"
					value={ key }
					onChange={ setKey }
				/>
				<Button
					variant="primary"
					onClick={ save }
					disabled={ busy || ! url }
				>
					{ __( 'Save and connect', 'presswright' ) }
				</Button>{ ' ' }
				<Button
					variant="secondary"
					onClick={ test }
					disabled={ busy || ! loaded.api_key_set }
				>
					{ __( 'Test connection', 'presswright' ) }
				</Button>
				{ busy && <Spinner /> }
			</CardBody>
		</Card>
	);
}

const root = document.getElementById( 'presswright-settings' );
if ( root ) {
	// createRoot arrived with WordPress 6.2; 6.1 renders with render().
	if ( createRoot ) {
		createRoot( root ).render( <SettingsScreen /> );
	} else {
		render( <SettingsScreen />, root );
	}
}
