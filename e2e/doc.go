// Package e2e holds the end-to-end tests of the real tend binary: they
// build it once (see TestMain) and run it as a person or a script would, in
// a private home, on real journals. Among them: the command line's audit
// for network sockets and plain text on disk, the crash loop that kills it
// mid-save, mid-backup and mid-restore, the damage matrix, and the watched
// child that turns a crash into a sentence. The package has no code of its
// own.
package e2e
