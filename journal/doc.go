// Package journal is Tend's model: what a person writes and how it is named.
// An Entry has an ID, the Date it belongs to, the moment it was Written
// (with the zone it was written in; zero when nobody knows), a star, a
// Kind, free text, tags and,
// for the structured kinds, Fields (a letter, a dialogue with the younger
// self, a check-in, a conversation plan and its debrief, words and actions,
// a breach of trust, therapy notes). Gist derives what a list shows of an
// entry: a headline (its title, its first line, or a line of its kind) and a
// short preview. Prefs are the preferences that belong to the journal
// itself. The package knows nothing of storage, keys or screens;
// it uses the standard library only.
package journal
