/**
 * Presswright, Patterns: generate a block pattern or pick one of the template library, and add
 * it to the site's patterns (synced or not) so it is in the block inserter.
 */
import apiFetch from '@wordpress/api-fetch';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	RadioControl,
	Spinner,
	TextControl,
	TextareaControl,
} from '@wordpress/components';
import {
	createRoot,
	RawHTML,
	render,
	useEffect,
	useState,
} from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { followRun } from './runs';

const config = window.presswrightConfig || {};

function SaveForm( { source, id, defaultTitle, onSaved, onError } ) {
	const [ title, setTitle ] = useState( defaultTitle );
	const [ sync, setSync ] = useState( 'unsynced' );
	const [ saving, setSaving ] = useState( false );
	const save = async () => {
		setSaving( true );
		try {
			const saved = await apiFetch( {
				path: '/presswright/v1/patterns/register',
				method: 'POST',
				data: { source, id, title, synced: sync === 'synced' },
			} );
			onSaved( saved );
		} catch ( error ) {
			onError( error.message );
		}
		setSaving( false );
	};
	return (
		<div className="presswright-pattern-save">
			<TextControl
				label={ __( 'Pattern title', 'presswright' ) }
				value={ title }
				onChange={ setTitle }
				maxLength={ 200 }
			/>
			<RadioControl
				label={ __( 'Sync', 'presswright' ) }
				selected={ sync }
				onChange={ setSync }
				options={ [
					{
						value: 'unsynced',
						label: __(
							'Not synced: each use is a copy to edit',
							'presswright'
						),
					},
					{
						value: 'synced',
						label: __(
							'Synced: one copy, the same everywhere',
							'presswright'
						),
					},
				] }
			/>
			<Button variant="primary" onClick={ save } disabled={ saving }>
				{ __( 'Add to my patterns', 'presswright' ) }
			</Button>
			{ saving && <Spinner /> }
		</div>
	);
}

function Generator( { onSaved, onError } ) {
	const [ description, setDescription ] = useState( '' );
	const [ category, setCategory ] = useState( '' );
	const [ run, setRun ] = useState( null );
	const [ pattern, setPattern ] = useState( null );
	const generate = async ( event ) => {
		event.preventDefault();
		setPattern( null );
		onError( null );
		try {
			const started = await apiFetch( {
				path: '/presswright/v1/patterns',
				method: 'POST',
				data: { description, category },
			} );
			setRun( started );
			await followRun( started, setRun );
			setPattern( {
				...( await apiFetch( {
					path: `/presswright/v1/patterns/${ started.document_id }`,
				} ) ),
				document_id: started.document_id,
			} );
		} catch ( error ) {
			onError( error.message );
		}
		setRun( null );
	};
	return (
		<Card>
			<CardHeader>
				{ __( 'Generate a pattern', 'presswright' ) }
			</CardHeader>
			<CardBody>
				<form onSubmit={ generate }>
					<TextareaControl
						label={ __( 'What the pattern shows', 'presswright' ) }
						help={ __(
							'For example: a hero with a call to action for a small bakery.',
							'presswright'
						) }
						value={ description }
						onChange={ setDescription }
						maxLength={ 500 }
					/>
					<TextControl
						label={ __( 'Category', 'presswright' ) }
						value={ category }
						onChange={ setCategory }
						maxLength={ 100 }
					/>
					<Button
						variant="primary"
						type="submit"
						disabled={ !! run || description.trim().length < 5 }
					>
						{ __( 'Generate pattern', 'presswright' ) }
					</Button>
				</form>
				{ run && (
					<p>
						<Spinner />
						{ sprintf(
							/* translators: %s: how much is done, such as 40%. */
							__(
								'Designing the pattern: %s done',
								'presswright'
							),
							`${ run.progress || 0 }%`
						) }
					</p>
				) }
				{ pattern && (
					<div>
						<h2>{ pattern.title }</h2>
						{ /* Filtered by wp_kses_post on the server before it gets here. */ }
						<RawHTML className="presswright-pattern-preview">
							{ pattern.preview_html }
						</RawHTML>
						<SaveForm
							source="document"
							id={ pattern.document_id }
							defaultTitle={ pattern.title }
							onSaved={ onSaved }
							onError={ onError }
						/>
					</div>
				) }
			</CardBody>
		</Card>
	);
}

function Library( { onSaved, onError } ) {
	const [ page, setPage ] = useState( null );
	const [ chosen, setChosen ] = useState( null );
	useEffect( () => {
		apiFetch( { path: '/presswright/v1/templates' } )
			.then( setPage )
			.catch( ( error ) => onError( error.message ) );
	}, [ onError ] );
	return (
		<Card>
			<CardHeader>{ __( 'Template library', 'presswright' ) }</CardHeader>
			<CardBody>
				{ ! page && <Spinner /> }
				{ page && page.items.length === 0 && (
					<p>
						{ __(
							'The Presswright library has no templates yet.',
							'presswright'
						) }
					</p>
				) }
				{ page &&
					page.items.map( ( template ) => (
						<div
							key={ template.id }
							className="presswright-template"
						>
							<h3>
								{ template.name }{ ' ' }
								<small>{ template.category }</small>
							</h3>
							<RawHTML className="presswright-pattern-preview">
								{ template.preview_html }
							</RawHTML>
							{ template.usable && chosen !== template.id && (
								<Button
									variant="secondary"
									onClick={ () => setChosen( template.id ) }
								>
									{ __( 'Use this template', 'presswright' ) }
								</Button>
							) }
							{ chosen === template.id && (
								<SaveForm
									source="template"
									id={ template.id }
									defaultTitle={ template.name }
									onSaved={ onSaved }
									onError={ onError }
								/>
							) }
						</div>
					) ) }
			</CardBody>
		</Card>
	);
}

function Patterns() {
	const [ error, setError ] = useState( null );
	const [ saved, setSaved ] = useState( null );
	const onSaved = ( pattern ) => {
		setError( null );
		setSaved( pattern );
	};
	return (
		<>
			{ error && (
				<Notice status="error" onRemove={ () => setError( null ) }>
					{ error }
					{ config.canManage && (
						<>
							{ ' ' }
							<a href={ config.settingsUrl }>
								{ __(
									'Check the connection settings.',
									'presswright'
								) }
							</a>
						</>
					) }
				</Notice>
			) }
			{ saved && (
				<Notice status="success" onRemove={ () => setSaved( null ) }>
					{ sprintf(
						/* translators: %s: the pattern's title. */
						__(
							'Pattern "%s" saved: it is in the block inserter under Patterns.',
							'presswright'
						),
						saved.title
					) }
				</Notice>
			) }
			<Generator onSaved={ onSaved } onError={ setError } />
			<Library onSaved={ onSaved } onError={ setError } />
		</>
	);
}

const root = document.getElementById( 'presswright-patterns' );
if ( root ) {
	if ( createRoot ) {
		createRoot( root ).render( <Patterns /> );
	} else {
		render( <Patterns />, root );
	}
}
