<?php
// Reads block markup on stdin and prints WordPress's parse_blocks() tree as JSON.
//
// parse_blocks() in wp-includes/blocks.php is `new WP_Block_Parser()` then parse() (after a
// 'block_parser_class' filter nothing here registers), and the parser classes need nothing
// else from WordPress, so only they are loaded: no database, no wp-settings.php.
$includes = getenv('WP_INCLUDES') ?: '/usr/share/wordpress/wp-includes';
// WordPress 6.4+ keeps the block and frame classes in files of their own.
foreach (array('class-wp-block-parser-block.php', 'class-wp-block-parser-frame.php') as $file) {
	if (file_exists("$includes/$file")) {
		require_once "$includes/$file";
	}
}
require_once "$includes/class-wp-block-parser.php";

$parser = new WP_Block_Parser();
$blocks = $parser->parse(stream_get_contents(STDIN));
echo json_encode($blocks, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
