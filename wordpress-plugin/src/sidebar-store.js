/**
 * The block-editor sidebar's state (@wordpress/data): its fields live here, not in the
 * sidebar's components, so what is typed survives re-renders, editor changes and the sidebar
 * being closed and opened again.
 */
import apiFetch from '@wordpress/api-fetch';
import { parse } from '@wordpress/blocks';
import { createReduxStore, register } from '@wordpress/data';
import { followRun } from './runs';

export const STORE = 'presswright/sidebar';

const initial = {
	fields: {
		topic: '',
		keywords: '',
		tone: 'informative',
		length: 'short',
		mode: 'append',
	},
	phase: 'idle',
	progress: 0,
	error: null,
	inserted: 0,
};

function reducer( state = initial, action ) {
	switch ( action.type ) {
		case 'EDIT_FIELDS':
			return { ...state, fields: { ...state.fields, ...action.values } };
		case 'SET':
			return { ...state, ...action.values };
		default:
			return state;
	}
}

const set = ( values ) => ( { type: 'SET', values } );

const actions = {
	editFields: ( values ) => ( { type: 'EDIT_FIELDS', values } ),
	generate:
		() =>
		async ( { select, dispatch, registry } ) => {
			const { topic, keywords, tone, length, mode } = select.getFields();
			dispatch(
				set( {
					phase: 'running',
					progress: 0,
					error: null,
					inserted: 0,
				} )
			);
			try {
				const started = await apiFetch( {
					path: '/presswright/v1/articles',
					method: 'POST',
					data: {
						topic,
						keywords: keywords
							.split( ',' )
							.map( ( k ) => k.trim() )
							.filter( Boolean ),
						tone,
						length,
					},
				} );
				await followRun( started, ( run ) =>
					dispatch( set( { progress: run.progress } ) )
				);
				const article = await apiFetch( {
					path: `/presswright/v1/articles/${ started.document_id }`,
				} );
				const blocks = parse( article.blocks );
				const editor = registry.dispatch( 'core/editor' );
				const title = registry
					.select( 'core/editor' )
					.getEditedPostAttribute( 'title' );
				if ( mode === 'replace' ) {
					registry
						.dispatch( 'core/block-editor' )
						.resetBlocks( blocks );
					editor.editPost( {
						title: article.title,
						excerpt: article.excerpt,
					} );
				} else {
					registry
						.dispatch( 'core/block-editor' )
						.insertBlocks( blocks );
					if ( ! title ) {
						editor.editPost( { title: article.title } );
					}
				}
				dispatch( set( { phase: 'done', inserted: blocks.length } ) );
			} catch ( error ) {
				dispatch( set( { phase: 'idle', error: error.message } ) );
			}
		},
};

const selectors = {
	getFields: ( state ) => state.fields,
	getStatus: ( state ) => state,
};

register( createReduxStore( STORE, { reducer, actions, selectors } ) );
