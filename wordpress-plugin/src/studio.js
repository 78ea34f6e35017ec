/**
 * Presswright, Content Studio: brief -> progress -> preview -> "Create draft".
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	CheckboxControl,
	Notice,
	Spinner,
} from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { createRoot, RawHTML, render, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { BriefForm, Progress } from './brief-form';
import { STORE } from './studio-store';

const config = window.presswrightConfig || { categories: [] };

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
