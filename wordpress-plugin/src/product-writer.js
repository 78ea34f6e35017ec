/**
 * Presswright, Product Writer: the panel on a WooCommerce product's edit screen. Generates
 * copy from the product's facts -> progress -> preview -> "Save to product".
 */
import apiFetch from '@wordpress/api-fetch';
import { Button, Notice, Spinner } from '@wordpress/components';
import { createRoot, RawHTML, render, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

const POLL_MS = 1500;
const ENDED = [ 'completed', 'failed', 'stopped', 'cancelled', 'error' ];
const sleep = ( ms ) => new Promise( ( resolve ) => setTimeout( resolve, ms ) );

function Preview( { copy } ) {
	return (
		<div className="presswright-product-preview">
			<p>
				<strong>{ __( 'Short description', 'presswright' ) }:</strong>
			</p>
			{ /* Filtered by wp_kses_post on the server before it gets here. */ }
			<RawHTML>{ copy.short_description }</RawHTML>
			<p>
				<strong>{ __( 'Description', 'presswright' ) }:</strong>
			</p>
			<RawHTML>{ copy.description }</RawHTML>
			<p>
				<strong>{ __( 'Tags', 'presswright' ) }:</strong>{ ' ' }
				{ copy.tags.join( ', ' ) }
			</p>
			<p>
				<strong>{ __( 'Image alt text', 'presswright' ) }:</strong>{ ' ' }
				{ copy.image_alt_text }
			</p>
		</div>
	);
}

function ProductWriter( { productId } ) {
	const [ phase, setPhase ] = useState( 'idle' );
	const [ progress, setProgress ] = useState( 0 );
	const [ copy, setCopy ] = useState( null );
	const [ error, setError ] = useState( null );
	const [ saved, setSaved ] = useState( null );

	const generate = async () => {
		setPhase( 'running' );
		setError( null );
		setSaved( null );
		setProgress( 0 );
		try {
			const started = await apiFetch( {
				path: `/presswright/v1/products/${ productId }/copy`,
				method: 'POST',
			} );
			let run = started;
			while ( ! ENDED.includes( run.status ) ) {
				await sleep( POLL_MS );
				run = await apiFetch( {
					path: `/presswright/v1/executions/${ encodeURIComponent(
						started.execution_id
					) }`,
				} );
				setProgress( run.progress );
			}
			if ( run.status !== 'completed' ) {
				throw new Error( run.error || run.status );
			}
			setCopy(
				await apiFetch( {
					path: `/presswright/v1/products/copy/${ started.document_id }`,
				} )
			);
			setPhase( 'preview' );
		} catch ( failed ) {
			setError( failed.message );
			setPhase( copy ? 'preview' : 'idle' );
		}
	};
	const save = async () => {
		setPhase( 'saving' );
		setError( null );
		try {
			setSaved(
				await apiFetch( {
					path: `/presswright/v1/products/${ productId }/save`,
					method: 'POST',
					data: { document_id: copy.document_id },
				} )
			);
			setPhase( 'idle' );
			setCopy( null );
		} catch ( failed ) {
			setError( failed.message );
			setPhase( 'preview' );
		}
	};
	return (
		<div>
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error }
				</Notice>
			) }
			{ saved && (
				<Notice status="success" isDismissible={ false }>
					{ __(
						'Saved to the product. Reload before you update it: the form below still holds the old description, short description and tags.',
						'presswright'
					) }{ ' ' }
					<Button
						variant="link"
						onClick={ () => window.location.reload() }
					>
						{ __( 'Reload', 'presswright' ) }
					</Button>
				</Notice>
			) }
			{ phase === 'running' && (
				<p>
					<Spinner />
					{ sprintf(
						/* translators: %s: how much is done, such as 40%. */
						__( 'Writing the copy: %s done', 'presswright' ),
						`${ progress }%`
					) }
				</p>
			) }
			{ ( phase === 'preview' || phase === 'saving' ) && copy && (
				<>
					<Preview copy={ copy } />
					<Button
						variant="primary"
						onClick={ save }
						disabled={ phase === 'saving' }
					>
						{ __( 'Save to product', 'presswright' ) }
					</Button>{ ' ' }
				</>
			) }
			<Button
				variant="secondary"
				onClick={ generate }
				disabled={ phase === 'running' || phase === 'saving' }
			>
				{ copy
					? __( 'Write again', 'presswright' )
					: __( 'Write copy from the product facts', 'presswright' ) }
			</Button>
		</div>
	);
}

const root = document.getElementById( 'presswright-product-writer' );
if ( root ) {
	const productId = parseInt( root.dataset.productId, 10 );
	const panel = <ProductWriter productId={ productId } />;
	if ( createRoot ) {
		createRoot( root ).render( panel );
	} else {
		render( panel, root );
	}
}
