// Package search is Tend's search engine: the tokens of a text, the
// in-memory index of entries (postings, phrase filters, ranking), the query
// language a person types ("#tag", "kind:letter", "from:2024-03", quoted
// phrases, prefixes) and the snippets that show where a result matched.
//
// It knows entries (package journal) and nothing of where they are kept:
// the vault builds an Index after unlock, feeds it every change, and hands
// Search a function that reads an entry back when a phrase must be
// confirmed on its text. The index is never written anywhere.
package search
