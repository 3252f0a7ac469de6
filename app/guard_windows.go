package app

import (
	"os/exec"
	"unsafe"

	"golang.org/x/sys/windows"
)

// StartBound starts the guarded child so that it dies with this process: a
// command ended from outside (Task Manager, a crash) must stop where it is,
// not finish unwatched in the background. The child is put in a job that
// ends every process in it when its last handle closes, and this process
// holds that handle until release, or until it ends in any way. In the
// instant between the start and the joining, the child is not yet bound.
// Where the system refuses the job, the child runs unbound.
func StartBound(cmd *exec.Cmd) (release func(), err error) {
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return func() {}, nil
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{}
	info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		windows.CloseHandle(job)
		return func() {}, nil
	}
	p, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(cmd.Process.Pid))
	if err != nil {
		windows.CloseHandle(job)
		return func() {}, nil
	}
	defer windows.CloseHandle(p)
	if err := windows.AssignProcessToJobObject(job, p); err != nil {
		windows.CloseHandle(job)
		return func() {}, nil
	}
	return func() { windows.CloseHandle(job) }, nil
}

// WatchParent does nothing on Windows: the job StartBound put the guarded
// child in ends it when its guard ends.
func WatchParent() {}
