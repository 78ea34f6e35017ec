/**
 * Presswright, Bulk Generator: choose posts, products or a CSV -> a job on the server ->
 * progress and report -> retry the failed items, save what succeeded.
 */
import apiFetch from '@wordpress/api-fetch';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	CheckboxControl,
	FormFileUpload,
	Notice,
	RadioControl,
	SelectControl,
	Spinner,
} from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { createRoot, render, useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { STORE } from './bulk-store';

const query = new URLSearchParams( window.location.search );
const PRESET_SOURCE = [ 'posts', 'products', 'csv' ].includes(
	query.get( 'source' )
)
	? query.get( 'source' )
	: 'posts';
const PRESET_IDS = ( query.get( 'ids' ) || '' )
	.split( ',' )
	.map( ( id ) => parseInt( id, 10 ) )
	.filter( ( id ) => id > 0 );

function Choices( { source, chosen, setChosen } ) {
	const [ items, setItems ] = useState( null );
	const [ error, setError ] = useState( null );
	useEffect( () => {
		const type = source === 'products' ? 'product' : 'posts';
		setItems( null );
		setError( null );
		apiFetch( {
			path: `/wp/v2/${ type }?per_page=100&status=publish,draft,pending&context=edit&_fields=id,title`,
		} )
			.then( setItems )
			.catch( ( failed ) => setError( failed.message ) );
	}, [ source ] );
	if ( error ) {
		return (
			<Notice status="warning" isDismissible={ false }>
				{ error }
			</Notice>
		);
	}
	if ( ! items ) {
		return <Spinner />;
	}
	const toggle = ( id, checked ) =>
		setChosen(
			checked ? [ ...chosen, id ] : chosen.filter( ( c ) => c !== id )
		);
	return (
		<fieldset className="presswright-bulk-choices">
			<legend>
				{ source === 'products'
					? __( 'Products', 'presswright' )
					: __( 'Posts', 'presswright' ) }
			</legend>
			{ items.map( ( item ) => (
				<CheckboxControl
					key={ item.id }
					label={ item.title.raw || `#${ item.id }` }
					checked={ chosen.includes( item.id ) }
					onChange={ ( checked ) => toggle( item.id, checked ) }
				/>
			) ) }
		</fieldset>
	);
}

function ChooseForm( { onStart } ) {
	const [ source, setSource ] = useState( PRESET_SOURCE );
	const [ chosen, setChosen ] = useState( PRESET_IDS );
	const [ csv, setCsv ] = useState( null );
	const [ kind, setKind ] = useState( 'product' );
	const pick = ( value ) => {
		setSource( value );
		setChosen( [] );
	};
	const readFile = ( event ) => {
		const file = event.target.files[ 0 ];
		if ( file ) {
			file.text().then( ( text ) => setCsv( { name: file.name, text } ) );
		}
	};
	const ready = source === 'csv' ? !! csv : chosen.length > 0;
	const start = () =>
		onStart(
			source === 'csv'
				? { source, kind, csv: csv.text }
				: { source, ids: chosen }
		);
	return (
		<div>
			<RadioControl
				label={ __( 'Generate for', 'presswright' ) }
				selected={ source }
				onChange={ pick }
				options={ [
					{ value: 'posts', label: __( 'Posts', 'presswright' ) },
					{
						value: 'products',
						label: __( 'WooCommerce products', 'presswright' ),
					},
					{
						value: 'csv',
						label: __( 'An uploaded CSV', 'presswright' ),
					},
				] }
			/>
			{ source === 'csv' ? (
				<div>
					<SelectControl
						label={ __( 'Each row is', 'presswright' ) }
						value={ kind }
						onChange={ setKind }
						options={ [
							{
								value: 'product',
								label: __(
									'A product (name, category, …)',
									'presswright'
								),
							},
							{
								value: 'article',
								label: __(
									'An article (topic, keywords)',
									'presswright'
								),
							},
						] }
					/>
					<FormFileUpload
						accept=".csv,text/csv"
						onChange={ readFile }
					>
						{ __( 'Choose a CSV file', 'presswright' ) }
					</FormFileUpload>
					{ csv && <p>{ csv.name }</p> }
				</div>
			) : (
				<Choices
					source={ source }
					chosen={ chosen }
					setChosen={ setChosen }
				/>
			) }
			<Button variant="primary" disabled={ ! ready } onClick={ start }>
				{ __( 'Start the job', 'presswright' ) }
			</Button>
		</div>
	);
}

function Report( { job } ) {
	const done = job.succeeded + job.failed;
	return (
		<div>
			<p>
				{ sprintf(
					/* translators: 1: items finished, 2: all items, 3: failed items, 4: job status. */
					__(
						'%1$d of %2$d done, %3$d failed (%4$s)',
						'presswright'
					),
					done,
					job.total,
					job.failed,
					job.status
				) }
			</p>
			<progress
				max={ job.total || 1 }
				value={ done }
				aria-label={ __( 'Progress', 'presswright' ) }
			/>
			<table className="widefat striped presswright-bulk-report">
				<thead>
					<tr>
						<th>{ __( 'Row', 'presswright' ) }</th>
						<th>{ __( 'Item', 'presswright' ) }</th>
						<th>{ __( 'Status', 'presswright' ) }</th>
						<th>{ __( 'Title or reason', 'presswright' ) }</th>
						<th>{ __( 'Saved', 'presswright' ) }</th>
					</tr>
				</thead>
				<tbody>
					{ job.items.map( ( item ) => (
						<tr key={ item.row }>
							<td>{ item.row }</td>
							<td>{ item.label }</td>
							<td>{ item.status }</td>
							<td>{ item.error || item.title }</td>
							<td>{ item.saved ? `#${ item.saved }` : '' }</td>
						</tr>
					) ) }
				</tbody>
			</table>
		</div>
	);
}

const RESUME = /^[0-9a-f-]{36}$/i.test( query.get( 'job' ) || '' )
	? query.get( 'job' )
	: null;

function BulkGenerator() {
	const state = useSelect( ( select ) => select( STORE ).getState(), [] );
	const { start, retry, save, reset, resume } = useDispatch( STORE );
	useEffect( () => {
		if ( RESUME ) {
			resume( RESUME );
		}
	}, [ resume ] );
	const { job } = state;
	const ended = state.phase === 'report' && job;
	const saveLabel =
		job && job.kind === 'article'
			? __( 'Create drafts', 'presswright' )
			: __( 'Save copy to the products', 'presswright' );
	const canSave =
		job && ( job.kind === 'article' || job.source === 'products' );
	return (
		<Card>
			<CardHeader>
				{ __( 'Generate many items at once', 'presswright' ) }
			</CardHeader>
			<CardBody>
				{ state.error && (
					<Notice status="error" isDismissible={ false }>
						{ state.error }
					</Notice>
				) }
				{ state.saveErrors.map( ( problem ) => (
					<Notice
						key={ problem.row }
						status="warning"
						isDismissible={ false }
					>
						{ sprintf(
							/* translators: 1: a row of the job, 2: why it was not saved. */
							__( 'Row %1$d was not saved: %2$s', 'presswright' ),
							problem.row,
							problem.error
						) }
					</Notice>
				) ) }
				{ state.phase === 'choose' && <ChooseForm onStart={ start } /> }
				{ state.phase !== 'choose' && ! job && <Spinner /> }
				{ state.phase !== 'choose' && job && <Report job={ job } /> }
				{ ( state.phase === 'running' || state.phase === 'saving' ) && (
					<Spinner />
				) }
				{ ended && job.failed > 0 && (
					<Button
						variant="secondary"
						onClick={ () => retry( job.id ) }
					>
						{ __( 'Retry failed', 'presswright' ) }
					</Button>
				) }{ ' ' }
				{ ended && canSave && job.succeeded > 0 && (
					<Button variant="primary" onClick={ () => save( job.id ) }>
						{ saveLabel }
					</Button>
				) }{ ' ' }
				{ ended && (
					<Button variant="link" onClick={ reset }>
						{ __( 'Start another job', 'presswright' ) }
					</Button>
				) }
			</CardBody>
		</Card>
	);
}

const root = document.getElementById( 'presswright-bulk' );
if ( root ) {
	if ( createRoot ) {
		createRoot( root ).render( <BulkGenerator /> );
	} else {
		render( <BulkGenerator />, root );
	}
}
