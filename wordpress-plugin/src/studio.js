/**
 * Presswright, Content Studio: brief -> progress -> preview -> "Create draft".
 */
import apiFetch from '@wordpress/api-fetch';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	CheckboxControl,
	Notice,
	SelectControl,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import {
	createRoot,
	RawHTML,
	render,
	useEffect,
	useState,
} from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { STORE } from './studio-store';

const config = window.presswrightConfig || { categories: [] };
const LANGUAGES = [
	'en',
	'de',
	'es',
	'fr',
	'it',
	'ar',
	'fa',
	'ja',
	'ko',
	'zh',
];

function BriefForm( { onSubmit, disabled } ) {
	const [ topic, setTopic ] = useState( '' );
	const [ keywords, setKeywords ] = useState( '' );
	const [ tone, setTone ] = useState( 'informative' );
	const [ length, setLength ] = useState( 'medium' );
	const [ language, setLanguage ] = useState( 'en' );
	const [ brand, setBrand ] = useState( '' );
	const [ brands, setBrands ] = useState( [] );

	useEffect( () => {
		apiFetch( { path: '/presswright/v1/brand-profiles' } )
			.then( setBrands )
			.catch( () => setBrands( [] ) );
	}, [] );

	const submit = ( event ) => {
		event.preventDefault();
		onSubmit( {
			topic,
			keywords: keywords
				.split( ',' )
				.map( ( k ) => k.trim() )
				.filter( Boolean ),
			tone,
			length,
			language,
			brand_profile: brand,
		} );
	};
	return (
		<form onSubmit={ submit }>
			<TextControl
				label={ __( 'Topic', 'presswright' ) }
				value={ topic }
				onChange={ setTopic }
				required
				minLength={ 5 }
				maxLength={ 200 }
			/>
			<TextControl
				label={ __( 'Keywords', 'presswright' ) }
				help={ __(
					'Separated by commas; the first is the focus keyword.',
					'presswright'
				) }
				value={ keywords }
				onChange={ setKeywords }
			/>
			<TextControl
				label={ __( 'Tone', 'presswright' ) }
				value={ tone }
				onChange={ setTone }
				maxLength={ 100 }
			/>
			<SelectControl
				label={ __( 'Length', 'presswright' ) }
				value={ length }
				onChange={ setLength }
				options={ [
					{ value: 'short', label: __( 'Short', 'presswright' ) },
					{ value: 'medium', label: __( 'Medium', 'presswright' ) },
					{ value: 'long', label: __( 'Long', 'presswright' ) },
				] }
			/>
			<SelectControl
				label={ __( 'Language', 'presswright' ) }
				value={ language }
				onChange={ setLanguage }
				options={ LANGUAGES.map( ( code ) => ( {
					value: code,
					label: code,
				} ) ) }
			/>
			<SelectControl
				label={ __( 'Brand profile', 'presswright' ) }
				value={ brand }
				onChange={ setBrand }
				options={ [
					{ value: '', label: __( 'None', 'presswright' ) },
					...brands.map( ( b ) => ( {
						value: b.name,
						label: b.name,
					} ) ),
				] }
			/>
			<Button
				variant="primary"
				type="submit"
				disabled={ disabled || topic.trim().length < 5 }
			>
				{ __( 'Generate article', 'presswright' ) }
			</Button>
		</form>
	);
}

function Progress( { run } ) {
	const progress = run ? run.progress : 0;
	return (
		<div className="presswright-progress">
			<p>
				<Spinner />
				{ sprintf(
					/* translators: %s: how much is done, such as 40%. */
					__( 'Writing the article: %s done', 'presswright' ),
					`${ progress }%`
				) }
			</p>
			<progress
				max="100"
				value={ progress }
				aria-label={ __( 'Progress', 'presswright' ) }
			/>
			{ run && run.nodes && (
				<ul>
					{ run.nodes.map( ( node ) => (
						<li key={ node.name }>
							{ node.name }: { node.status }
						</li>
					) ) }
				</ul>
			) }
		</div>
	);
}

function Preview( { article, onDraft, saving } ) {
	const [ categories, setCategories ] = useState( [] );
	const toggle = ( id, checked ) =>
		setCategories(
			checked
				? [ ...categories, id ]
				: categories.filter( ( c ) => c !== id )
		);
	return (
		<div>
			<h2>{ article.title }</h2>
			<p>
				<strong>{ __( 'Slug', 'presswright' ) }:</strong>{ ' ' }
				{ article.slug }
			</p>
			<p>
				<strong>{ __( 'SEO title', 'presswright' ) }:</strong>{ ' ' }
				{ article.seo_title }
			</p>
			<p>
				<strong>{ __( 'Meta description', 'presswright' ) }:</strong>{ ' ' }
				{ article.meta_desc }
			</p>
			<p>
				<strong>{ __( 'Excerpt', 'presswright' ) }:</strong>{ ' ' }
				{ article.excerpt }
			</p>
			<p>
				<strong>{ __( 'Tags', 'presswright' ) }:</strong>{ ' ' }
				{ article.keywords.join( ', ' ) }
			</p>
			<fieldset>
				<legend>{ __( 'Categories', 'presswright' ) }</legend>
				{ config.categories.map( ( category ) => (
					<CheckboxControl
						key={ category.id }
						label={ category.name }
						checked={ categories.includes( category.id ) }
						onChange={ ( checked ) =>
							toggle( category.id, checked )
						}
					/>
				) ) }
			</fieldset>
			<Button
				variant="primary"
				onClick={ () => onDraft( categories ) }
				disabled={ saving }
			>
				{ __( 'Create draft', 'presswright' ) }
			</Button>
			{ saving && <Spinner /> }
			<hr />
			{ /* Filtered by wp_kses_post on the server before it gets here. */ }
			<RawHTML className="presswright-preview">
				{ article.preview_html }
			</RawHTML>
		</div>
	);
}

function Studio() {
	const state = useSelect( ( select ) => select( STORE ).getState(), [] );
	const { generate, createDraft, reset } = useDispatch( STORE );
	return (
		<Card>
			<CardHeader>
				{ __( 'Write an article with Presswright', 'presswright' ) }
			</CardHeader>
			<CardBody>
				{ state.error && (
					<Notice status="error" isDismissible={ false }>
						{ state.error }
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
				{ state.phase === 'brief' && (
					<BriefForm onSubmit={ generate } disabled={ false } />
				) }
				{ state.phase === 'running' && <Progress run={ state.run } /> }
				{ ( state.phase === 'preview' || state.phase === 'saving' ) &&
					state.article && (
						<Preview
							article={ state.article }
							saving={ state.phase === 'saving' }
							onDraft={ ( categories ) =>
								createDraft(
									state.article.document_id,
									categories
								)
							}
						/>
					) }
				{ state.phase === 'done' && state.draft && (
					<Notice status="success" isDismissible={ false }>
						{ __( 'Draft created.', 'presswright' ) }{ ' ' }
						<a href={ state.draft.edit_link }>
							{ __( 'Edit the draft', 'presswright' ) }
						</a>{ ' ' }
						<Button variant="link" onClick={ reset }>
							{ __( 'Write another', 'presswright' ) }
						</Button>
					</Notice>
				) }
			</CardBody>
		</Card>
	);
}

const root = document.getElementById( 'presswright-studio' );
if ( root ) {
	if ( createRoot ) {
		createRoot( root ).render( <Studio /> );
	} else {
		render( <Studio />, root );
	}
}
