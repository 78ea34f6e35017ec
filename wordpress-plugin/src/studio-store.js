/**
 * The Content Studio's state (@wordpress/data): the brief, the run being followed and the article
 * it made.
 */
import apiFetch from '@wordpress/api-fetch';
import { createReduxStore, register } from '@wordpress/data';

export const STORE = 'presswright/studio';
const POLL_MS = 1500;

const BRIEF = {
	topic: '',
	keywords: '',
	tone: 'informative',
	length: 'medium',
	language: 'en',
	brand: '',
};
const initial = {
	phase: 'brief',
	brief: BRIEF,
	run: null,
	article: null,
	draft: null,
	error: null,
};

function reducer( state = initial, action ) {
	switch ( action.type ) {
		case 'SET':
			return { ...state, ...action.values };
		case 'EDIT_BRIEF':
			return { ...state, brief: { ...state.brief, ...action.values } };
		case 'RESET':
			return initial;
		default:
			return state;
	}
}

const set = ( values ) => ( { type: 'SET', values } );
const sleep = ( ms ) => new Promise( ( resolve ) => setTimeout( resolve, ms ) );

const actions = {
	reset: () => ( { type: 'RESET' } ),
	editBrief: ( values ) => ( { type: 'EDIT_BRIEF', values } ),
	generate:
		( brief ) =>
		async ( { dispatch } ) => {
			dispatch(
				set( {
					phase: 'running',
					error: null,
					article: null,
					draft: null,
					run: null,
				} )
			);
			try {
				const started = await apiFetch( {
					path: '/presswright/v1/articles',
					method: 'POST',
					data: brief,
				} );
				dispatch( set( { run: started } ) );
				let run = started;
				while (
					! [
						'completed',
						'failed',
						'stopped',
						'cancelled',
						'error',
					].includes( run.status )
				) {
					await sleep( POLL_MS );
					run = await apiFetch( {
						path: `/presswright/v1/executions/${ encodeURIComponent(
							started.execution_id
						) }`,
					} );
					dispatch(
						set( {
							run: { ...run, document_id: started.document_id },
						} )
					);
				}
				if ( run.status !== 'completed' ) {
					throw new Error( run.error || run.status );
				}
				const article = await apiFetch( {
					path: `/presswright/v1/articles/${ started.document_id }`,
				} );
				dispatch( set( { phase: 'preview', article } ) );
			} catch ( error ) {
				dispatch( set( { phase: 'brief', error: error.message } ) );
			}
		},
	createDraft:
		( documentId, categories ) =>
		async ( { dispatch } ) => {
			dispatch( set( { phase: 'saving', error: null } ) );
			try {
				const draft = await apiFetch( {
					path: '/presswright/v1/drafts',
					method: 'POST',
					data: { document_id: documentId, categories },
				} );
				dispatch( set( { phase: 'done', draft } ) );
			} catch ( error ) {
				dispatch( set( { phase: 'preview', error: error.message } ) );
			}
		},
};

const selectors = {
	getState: ( state ) => state,
};

register( createReduxStore( STORE, { reducer, actions, selectors } ) );
