/**
 * Presswright in the block editor: a sidebar that writes a post into the editor, or rewrites
 * the post being edited from its title (improve), through the plugin's article routes.
 *
 * Every field is bound to the sidebar's store (./sidebar-store) and every component is defined
 * once at module level: nothing typed is lost when the editor re-renders the sidebar.
 */
import {
	Button,
	Notice,
	PanelBody,
	RadioControl,
	SelectControl,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { PluginSidebar, PluginSidebarMoreMenuItem } from '@wordpress/edit-post';
import { __, sprintf } from '@wordpress/i18n';
import { registerPlugin } from '@wordpress/plugins';
import { STORE } from './sidebar-store';

const NAME = 'presswright-sidebar';

function Field( { name, ...props } ) {
	const value = useSelect(
		( pick ) => pick( STORE ).getFields()[ name ],
		[ name ]
	);
	const { editFields } = useDispatch( STORE );
	return (
		<TextControl
			{ ...props }
			value={ value }
			onChange={ ( next ) => editFields( { [ name ]: next } ) }
		/>
	);
}

function Choice( { name, Control, ...props } ) {
	const value = useSelect(
		( pick ) => pick( STORE ).getFields()[ name ],
		[ name ]
	);
	const { editFields } = useDispatch( STORE );
	const bound = {
		[ Control === RadioControl ? 'selected' : 'value' ]: value,
	};
	return (
		<Control
			{ ...props }
			{ ...bound }
			onChange={ ( next ) => editFields( { [ name ]: next } ) }
		/>
	);
}

function Writer() {
	const status = useSelect( ( pick ) => pick( STORE ).getStatus(), [] );
	const postTitle = useSelect(
		( pick ) => pick( 'core/editor' ).getEditedPostAttribute( 'title' ),
		[]
	);
	const { editFields, generate } = useDispatch( STORE );
	const running = status.phase === 'running';
	return (
		<PanelBody title={ __( 'Write with Presswright', 'presswright' ) }>
			{ status.error && (
				<Notice status="error" isDismissible={ false }>
					{ status.error }
				</Notice>
			) }
			{ status.phase === 'done' && (
				<Notice status="success" isDismissible={ false }>
					{ sprintf(
						/* translators: %d: how many blocks were added. */
						__( '%d blocks added to the post.', 'presswright' ),
						status.inserted
					) }
				</Notice>
			) }
			<Field
				name="topic"
				label={ __( 'Topic', 'presswright' ) }
				maxLength={ 200 }
			/>
			<Button
				variant="link"
				disabled={ ! postTitle }
				onClick={ () => editFields( { topic: postTitle } ) }
			>
				{ __( "Use the post's title", 'presswright' ) }
			</Button>
			<Field
				name="keywords"
				label={ __( 'Keywords', 'presswright' ) }
				help={ __(
					'Separated by commas; the first is the focus keyword.',
					'presswright'
				) }
			/>
			<Field
				name="tone"
				label={ __( 'Tone', 'presswright' ) }
				maxLength={ 100 }
			/>
			<Choice
				name="length"
				Control={ SelectControl }
				label={ __( 'Length', 'presswright' ) }
				options={ [
					{ value: 'short', label: __( 'Short', 'presswright' ) },
					{ value: 'medium', label: __( 'Medium', 'presswright' ) },
					{ value: 'long', label: __( 'Long', 'presswright' ) },
				] }
			/>
			<Choice
				name="mode"
				Control={ RadioControl }
				label={ __( 'Where', 'presswright' ) }
				options={ [
					{
						value: 'append',
						label: __( 'Add after the content', 'presswright' ),
					},
					{
						value: 'replace',
						label: __(
							'Replace the content (improve this post)',
							'presswright'
						),
					},
				] }
			/>
			<Button
				variant="primary"
				onClick={ generate }
				disabled={ running || status.fields.topic.trim().length < 5 }
			>
				{ __( 'Generate into the editor', 'presswright' ) }
			</Button>
			{ running && (
				<p>
					<Spinner />
					{ sprintf(
						/* translators: %s: how much is done, such as 40%. */
						__( 'Writing: %s done', 'presswright' ),
						`${ status.progress || 0 }%`
					) }
				</p>
			) }
		</PanelBody>
	);
}

function PresswrightSidebar() {
	return (
		<>
			<PluginSidebarMoreMenuItem target={ NAME }>
				{ __( 'Presswright', 'presswright' ) }
			</PluginSidebarMoreMenuItem>
			<PluginSidebar
				name={ NAME }
				title={ __( 'Presswright', 'presswright' ) }
				icon="edit-page"
			>
				<Writer />
			</PluginSidebar>
		</>
	);
}

registerPlugin( NAME, { render: PresswrightSidebar } );
