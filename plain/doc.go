// Package plain reads and writes journals as plain files, outside Tend's
// encryption: imports from Day One (its JSON export, zipped or not), jrnl
// (its JSON export), folders or .zip archives of Markdown files with front
// matter, and Tend's own JSON export; and exports as Markdown (one file per
// entry, its fields in front matter) or as that JSON document.
//
// Every reader bounds the sizes it reads and checks every entry before
// anything is written, so an import applies whole or not at all (the vault
// writes the Plan). The parsers are fuzzed. Nothing here is encrypted: a
// person is told so before an export is written.
package plain
