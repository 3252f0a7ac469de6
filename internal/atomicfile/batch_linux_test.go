package atomicfile

import "testing"

func TestKernelAtLeast(t *testing.T) {
	for release, want := range map[string]bool{
		"5.8.0": true, "5.10.0-28-amd64": true, "6.1.0-18-amd64": true, "5.7.19": false,
		"4.18.0-553.el8_10.x86_64": false, "5.8-rc1": true, "10.0": true, "": false, "linux": false,
	} {
		if got := kernelAtLeast(release, 5, 8); got != want {
			t.Errorf("kernelAtLeast(%q, 5, 8) = %v, want %v", release, got, want)
		}
	}
}
