package app

import (
	"errors"
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// makePrivate gives the folder dir an access list of its own that lets in
// only this user, the system and the computer's administrators, the people
// a user's own folder is open to, and passes it to every file inside.
// Windows keeps no meaningful permission bits: a folder made outside the
// user's own folder (with --vault) would otherwise take the access list of
// its parent, which may let every user of the computer read it. A folder
// already closed to others is left as it is.
func makePrivate(dir string, _ os.FileInfo) error {
	if !OpenToOthers(dir) {
		return nil
	}
	u, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return fmt.Errorf("making %s private: %w", dir, err)
	}
	sd, err := windows.SecurityDescriptorFromString("D:P(A;OICI;FA;;;" + u.User.Sid.String() + ")(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)")
	if err != nil {
		return fmt.Errorf("making %s private: %w", dir, err)
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return fmt.Errorf("making %s private: %w", dir, err)
	}
	if err := windows.SetNamedSecurityInfo(dir, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil); err != nil {
		return fmt.Errorf("making %s private: %w", dir, err)
	}
	return nil
}

// OpenToOthers reports whether the file or folder at path lets anyone read
// it beyond this user, its owner, the system and the computer's
// administrators. An object without an access list is open to everyone.
// An access list that cannot be read is not held against it: opening the
// file will tell.
func OpenToOthers(path string) bool {
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.OWNER_SECURITY_INFORMATION)
	if err != nil {
		return false
	}
	dacl, _, err := sd.DACL()
	if errors.Is(err, windows.ERROR_OBJECT_NOT_FOUND) {
		return true
	}
	if err != nil {
		return false
	}
	if dacl == nil {
		return true
	}
	owner, _, _ := sd.Owner()
	for i := range uint32(dacl.AceCount) {
		var ace *windows.ACCESS_ALLOWED_ACE
		if windows.GetAce(dacl, i, &ace) != nil {
			return true
		}
		if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE || ace.Header.AceFlags&windows.INHERIT_ONLY_ACE != 0 {
			continue
		}
		if ace.Mask&(windows.FILE_READ_DATA|windows.GENERIC_READ|windows.GENERIC_ALL) == 0 {
			continue
		}
		if !trustedReader((*windows.SID)(unsafe.Pointer(&ace.SidStart)), owner) {
			return true
		}
	}
	return false
}

// trustedReader reports whether sid is one that a user's own folder is
// open to anyway: the user, the object's owner, the system, the
// administrators.
func trustedReader(sid, owner *windows.SID) bool {
	if sid.IsWellKnown(windows.WinLocalSystemSid) || sid.IsWellKnown(windows.WinBuiltinAdministratorsSid) {
		return true
	}
	if owner != nil && sid.Equals(owner) {
		return true
	}
	u, err := windows.GetCurrentProcessToken().GetTokenUser()
	return err == nil && sid.Equals(u.User.Sid)
}
