package vault

import "errors"

// Sentinel errors. Each carries a plain sentence, because some callers (the
// command line) show err.Error() to a person as it is.
var (
	// ErrWrongPassword means the password or recovery key did not open the
	// vault. Nothing on disk was changed.
	ErrWrongPassword = errors.New("that password does not open this journal")

	// ErrVaultInUse means another Tend window or command has the vault open.
	ErrVaultInUse = errors.New("this journal is already open in another Tend window or command")

	// ErrNoVault means the folder holds no vault yet.
	ErrNoVault = errors.New("there is no journal in this folder yet")

	// ErrVaultExists means Create was asked to make a vault where one already is.
	ErrVaultExists = errors.New("a journal already exists in this folder")

	// ErrCorrupt means stored bytes failed their integrity check or could not
	// be parsed. It is wrapped with what was damaged.
	ErrCorrupt = errors.New("part of this journal is damaged")

	// ErrClosed means the vault was locked (closed) before the call.
	ErrClosed = errors.New("the journal is locked")

	// ErrUnsupported means the vault was written by a newer Tend.
	ErrUnsupported = errors.New("this journal was made by a newer version of Tend")
)
