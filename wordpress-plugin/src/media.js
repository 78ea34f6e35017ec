/**
 * Presswright, Media Forge: generate pictures with the server's image provider, pick one, and
 * add it to the Media Library with its title, caption and alt text.
 */
import apiFetch from '@wordpress/api-fetch';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	SelectControl,
	Spinner,
	TextControl,
	TextareaControl,
} from '@wordpress/components';
import { createRoot, render, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { followRun } from './runs';

const SIZES = [
	'',
	'1024x1024',
	'1792x1024',
	'1024x1792',
	'16:9',
	'4:3',
	'1:1',
];

function AddToLibrary( { image, onAdded, onError } ) {
	const [ title, setTitle ] = useState( image.title );
	const [ caption, setCaption ] = useState( '' );
	const [ alt, setAlt ] = useState( image.alt_text );
	const [ saving, setSaving ] = useState( false );
	const add = async () => {
		setSaving( true );
		try {
			onAdded(
				await apiFetch( {
					path: '/presswright/v1/media',
					method: 'POST',
					data: { image_id: image.id, title, caption, alt },
				} )
			);
		} catch ( error ) {
			onError( error.message );
		}
		setSaving( false );
	};
	return (
		<div className="presswright-media-details">
			<TextControl
				label={ __( 'Title', 'presswright' ) }
				value={ title }
				onChange={ setTitle }
				maxLength={ 300 }
			/>
			<TextareaControl
				label={ __( 'Caption', 'presswright' ) }
				value={ caption }
				onChange={ setCaption }
				maxLength={ 2000 }
			/>
			<TextareaControl
				label={ __( 'Alt text', 'presswright' ) }
				help={ __(
					'What the picture shows, for people who cannot see it.',
					'presswright'
				) }
				value={ alt }
				onChange={ setAlt }
				maxLength={ 1000 }
			/>
			<Button
				variant="primary"
				onClick={ add }
				disabled={ saving || alt.trim() === '' }
			>
				{ __( 'Add to the Media Library', 'presswright' ) }
			</Button>
			{ saving && <Spinner /> }
		</div>
	);
}

function MediaForge() {
	const [ prompt, setPrompt ] = useState( '' );
	const [ size, setSize ] = useState( '' );
	const [ count, setCount ] = useState( '1' );
	const [ style, setStyle ] = useState( '' );
	const [ run, setRun ] = useState( null );
	const [ images, setImages ] = useState( [] );
	const [ chosen, setChosen ] = useState( null );
	const [ error, setError ] = useState( null );
	const [ added, setAdded ] = useState( null );

	const generate = async ( event ) => {
		event.preventDefault();
		setError( null );
		setAdded( null );
		setChosen( null );
		setImages( [] );
		try {
			const started = await apiFetch( {
				path: '/presswright/v1/images',
				method: 'POST',
				data: { prompt, size, count: Number( count ), style },
			} );
			setRun( started );
			await followRun( started, setRun );
			setImages(
				await apiFetch( {
					path: `/presswright/v1/images?execution_id=${ encodeURIComponent(
						started.execution_id
					) }`,
				} )
			);
		} catch ( failure ) {
			setError( failure.message );
		}
		setRun( null );
	};

	return (
		<Card>
			<CardHeader>
				{ __( 'Generate pictures with Presswright', 'presswright' ) }
			</CardHeader>
			<CardBody>
				{ error && (
					<Notice status="error" onRemove={ () => setError( null ) }>
						{ error }
					</Notice>
				) }
				{ added && (
					<Notice
						status="success"
						onRemove={ () => setAdded( null ) }
					>
						{ __( 'Added to the Media Library.', 'presswright' ) }{ ' ' }
						<a href={ added.edit_link }>
							{ __(
								'Edit it in the Media Library',
								'presswright'
							) }
						</a>
					</Notice>
				) }
				<form onSubmit={ generate }>
					<TextareaControl
						label={ __( 'Prompt', 'presswright' ) }
						value={ prompt }
						onChange={ setPrompt }
						maxLength={ 4000 }
					/>
					<SelectControl
						label={ __( 'Size', 'presswright' ) }
						value={ size }
						onChange={ setSize }
						options={ SIZES.map( ( value ) => ( {
							value,
							label:
								value ||
								__( "The model's default", 'presswright' ),
						} ) ) }
					/>
					<SelectControl
						label={ __( 'Pictures', 'presswright' ) }
						value={ count }
						onChange={ setCount }
						options={ [ '1', '2', '3', '4' ].map( ( value ) => ( {
							value,
							label: value,
						} ) ) }
					/>
					<TextControl
						label={ __( 'Style', 'presswright' ) }
						value={ style }
						onChange={ setStyle }
						maxLength={ 64 }
					/>
					<Button
						variant="primary"
						type="submit"
						disabled={ !! run || prompt.trim().length < 3 }
					>
						{ __( 'Generate pictures', 'presswright' ) }
					</Button>
				</form>
				{ run && (
					<p>
						<Spinner />
						{ sprintf(
							/* translators: %s: how much is done, such as 40%. */
							__( 'Making the pictures: %s done', 'presswright' ),
							`${ run.progress || 0 }%`
						) }
					</p>
				) }
				<div className="presswright-media-grid">
					{ images.map( ( image ) => (
						<figure key={ image.id }>
							{ image.preview && (
								<img
									src={ image.preview }
									alt={ image.alt_text }
									width={ 256 }
								/>
							) }
							<figcaption>
								<Button
									variant={
										chosen && chosen.id === image.id
											? 'primary'
											: 'secondary'
									}
									onClick={ () => setChosen( image ) }
								>
									{ __(
										'Choose this picture',
										'presswright'
									) }
								</Button>
							</figcaption>
						</figure>
					) ) }
				</div>
				{ chosen && (
					<AddToLibrary
						key={ chosen.id }
						image={ chosen }
						onAdded={ setAdded }
						onError={ setError }
					/>
				) }
			</CardBody>
		</Card>
	);
}

const root = document.getElementById( 'presswright-media' );
if ( root ) {
	if ( createRoot ) {
		createRoot( root ).render( <MediaForge /> );
	} else {
		render( <MediaForge />, root );
	}
}
