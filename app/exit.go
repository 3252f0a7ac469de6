package app

// ID is Tend's application id, the same as in FyneApp.toml. Fyne keys the
// preferences folder by it.
const ID = "app.tend.journal"

// PasswordFileEnv names the environment variable that points at a file
// holding the password, for scripts.
const PasswordFileEnv = "TEND_PASSWORD_FILE"

// Exit statuses of the command line.
const (
	ExitOK            = 0
	ExitError         = 1
	ExitUsage         = 2
	ExitWrongPassword = 3
	ExitInUse         = 4
	// ExitPartial means a backup or export was made, but some damaged
	// records could not be read and were left out of it; it names them.
	ExitPartial = 5
)
