/**
 * The Bulk Generator's state (@wordpress/data): the job being followed, its report, and what
 * was saved from it.
 */
import apiFetch from '@wordpress/api-fetch';
import { createReduxStore, register } from '@wordpress/data';

export const STORE = 'presswright/bulk';
const POLL_MS = 1500;
const ENDED = [ 'completed', 'failed', 'cancelled' ];

const initial = {
	phase: 'choose',
	job: null,
	saved: [],
	saveErrors: [],
	error: null,
};

function reducer( state = initial, action ) {
	switch ( action.type ) {
		case 'SET':
			return { ...state, ...action.values };
		case 'SAVED':
			return {
				...state,
				saved: [ ...state.saved, ...action.saved ],
				saveErrors: action.errors,
			};
		case 'RESET':
			return initial;
		default:
			return state;
	}
}

const set = ( values ) => ( { type: 'SET', values } );
const sleep = ( ms ) => new Promise( ( resolve ) => setTimeout( resolve, ms ) );

// The job followed is kept in the address (job=...), so a reload shows it again.
function remember( id ) {
	const url = new URL( window.location.href );
	if ( id ) {
		url.searchParams.set( 'job', id );
	} else {
		url.searchParams.delete( 'job' );
	}
	window.history.replaceState( null, '', url.toString() );
}

async function follow( id, dispatch ) {
	remember( id );
	let job = await apiFetch( { path: `/presswright/v1/bulk/${ id }` } );
	dispatch( set( { job } ) );
	while ( ! ENDED.includes( job.status ) ) {
		await sleep( POLL_MS );
		job = await apiFetch( { path: `/presswright/v1/bulk/${ id }` } );
		dispatch( set( { job } ) );
	}
	dispatch( set( { phase: 'report' } ) );
}

const actions = {
	reset: () => {
		remember( null );
		return { type: 'RESET' };
	},
	resume:
		( id ) =>
		async ( { dispatch } ) => {
			dispatch( set( { phase: 'running', error: null } ) );
			try {
				await follow( id, dispatch );
			} catch ( error ) {
				remember( null );
				dispatch( set( { phase: 'choose', error: error.message } ) );
			}
		},
	start:
		( body ) =>
		async ( { dispatch } ) => {
			dispatch(
				set( { phase: 'running', error: null, job: null, saved: [] } )
			);
			try {
				const started = await apiFetch( {
					path: '/presswright/v1/bulk',
					method: 'POST',
					data: body,
				} );
				await follow( started.id, dispatch );
			} catch ( error ) {
				dispatch( set( { phase: 'choose', error: error.message } ) );
			}
		},
	retry:
		( id ) =>
		async ( { dispatch } ) => {
			dispatch( set( { phase: 'running', error: null } ) );
			try {
				await apiFetch( {
					path: `/presswright/v1/bulk/${ id }/retry`,
					method: 'POST',
				} );
				await follow( id, dispatch );
			} catch ( error ) {
				dispatch( set( { phase: 'report', error: error.message } ) );
			}
		},
	save:
		( id ) =>
		async ( { dispatch } ) => {
			dispatch( set( { phase: 'saving', error: null } ) );
			try {
				let answer;
				do {
					answer = await apiFetch( {
						path: `/presswright/v1/bulk/${ id }/save`,
						method: 'POST',
					} );
					dispatch( {
						type: 'SAVED',
						saved: answer.saved,
						errors: answer.errors,
					} );
				} while ( answer.left > 0 && answer.saved.length > 0 );
				const job = await apiFetch( {
					path: `/presswright/v1/bulk/${ id }`,
				} );
				dispatch( set( { phase: 'report', job } ) );
			} catch ( error ) {
				dispatch( set( { phase: 'report', error: error.message } ) );
			}
		},
};

const selectors = {
	getState: ( state ) => state,
};

register( createReduxStore( STORE, { reducer, actions, selectors } ) );
