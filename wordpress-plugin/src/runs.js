/**
 * Following a Presswright run through the plugin's routes until it ends.
 */
import apiFetch from '@wordpress/api-fetch';

const POLL_MS = 1000;
const ENDED = [ 'completed', 'failed', 'stopped', 'cancelled', 'error' ];
const sleep = ( ms ) => new Promise( ( resolve ) => setTimeout( resolve, ms ) );

/**
 * Polls /executions/{id} until the run ends; `onProgress` sees every answer.
 *
 * @param {Object}   started    The 202 answer: execution_id and status.
 * @param {Function} onProgress Called with each polled run.
 * @return {Promise<Object>} The completed run; rejects with the run's error otherwise.
 */
export async function followRun( started, onProgress = () => {} ) {
	let run = started;
	while ( ! ENDED.includes( run.status ) ) {
		await sleep( POLL_MS );
		run = await apiFetch( {
			path: `/presswright/v1/executions/${ encodeURIComponent(
				started.execution_id
			) }`,
		} );
		onProgress( run );
	}
	if ( run.status !== 'completed' ) {
		throw new Error( run.error || run.status );
	}
	return run;
}
