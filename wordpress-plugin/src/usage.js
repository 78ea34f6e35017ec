/**
 * Presswright, Usage: calls, errors, tokens and latency per user and type, from the log table.
 */
import apiFetch from '@wordpress/api-fetch';
import {
	Card,
	CardBody,
	Notice,
	SelectControl,
	Spinner,
} from '@wordpress/components';
import { createRoot, render, useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

function Usage() {
	const [ days, setDays ] = useState( '30' );
	const [ rows, setRows ] = useState( null );
	const [ error, setError ] = useState( null );

	useEffect( () => {
		setRows( null );
		apiFetch( { path: `/presswright/v1/usage?days=${ days }` } )
			.then( setRows )
			.catch( ( failure ) => setError( failure.message ) );
	}, [ days ] );

	return (
		<Card>
			<CardBody>
				{ error && (
					<Notice status="error" isDismissible={ false }>
						{ error }
					</Notice>
				) }
				<SelectControl
					label={ __( 'Period', 'presswright' ) }
					value={ days }
					onChange={ setDays }
					options={ [
						{
							value: '7',
							label: __( 'Last 7 days', 'presswright' ),
						},
						{
							value: '30',
							label: __( 'Last 30 days', 'presswright' ),
						},
						{
							value: '365',
							label: __( 'Last year', 'presswright' ),
						},
					] }
				/>
				{ rows === null && ! error && <Spinner /> }
				{ rows && rows.length === 0 && (
					<p>{ __( 'No calls in this period.', 'presswright' ) }</p>
				) }
				{ rows && rows.length > 0 && (
					<table className="widefat striped presswright-usage">
						<thead>
							<tr>
								<th>{ __( 'User', 'presswright' ) }</th>
								<th>{ __( 'Type', 'presswright' ) }</th>
								<th>{ __( 'Calls', 'presswright' ) }</th>
								<th>{ __( 'Errors', 'presswright' ) }</th>
								<th>{ __( 'Tokens', 'presswright' ) }</th>
								<th>
									{ __( 'Mean latency (ms)', 'presswright' ) }
								</th>
							</tr>
						</thead>
						<tbody>
							{ rows.map( ( row ) => (
								<tr key={ `${ row.user_id }-${ row.type }` }>
									<td>{ row.user }</td>
									<td>{ row.type }</td>
									<td>{ row.calls }</td>
									<td>{ row.errors }</td>
									<td>{ row.tokens }</td>
									<td>{ row.latency_ms }</td>
								</tr>
							) ) }
						</tbody>
					</table>
				) }
			</CardBody>
		</Card>
	);
}

const root = document.getElementById( 'presswright-usage' );
if ( root ) {
	if ( createRoot ) {
		createRoot( root ).render( <Usage /> );
	} else {
		render( <Usage />, root );
	}
}
