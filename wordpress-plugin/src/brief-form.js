/**
 * The Content Studio's brief form (its fields kept in the store) and progress.
 */
import apiFetch from '@wordpress/api-fetch';
import {
	Button,
	SelectControl,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { STORE } from './studio-store';

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

export function BriefForm( { onSubmit, disabled } ) {
	// The brief lives in the store: it survives the form being hidden while a run is shown.
	const brief = useSelect( ( pick ) => pick( STORE ).getState().brief, [] );
	const { editBrief } = useDispatch( STORE );
	const field = ( name ) => ( value ) => editBrief( { [ name ]: value } );
	const { topic, keywords, tone, length, language, brand } = brief;
	const setTopic = field( 'topic' );
	const setKeywords = field( 'keywords' );
	const setTone = field( 'tone' );
	const setLength = field( 'length' );
	const setLanguage = field( 'language' );
	const setBrand = field( 'brand' );
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

export function Progress( { run } ) {
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
