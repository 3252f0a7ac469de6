package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/internal/vaulttest"
	"tend/vault"
)

// TestRotateTakesBackOldKeysBinary is the scenario of a person who fears
// someone knows their password, run with the real binary. A password change
// and a new recovery key alone leave the old header working: put back over
// a copy of the journal, it opens with the old password and shows what was
// written since, and the old recovery key sets a new password. After tend
// rotate, neither the old passwords, nor the old recovery keys, nor any old
// header opens the journal or a copy of it; the new ones open everything.
func TestRotateTakesBackOldKeysBinary(t *testing.T) {
	sb := newSandbox(t)
	dir := filepath.Join(sb.data, "tend")
	v, rk0, err := vault.Create(dir, []byte("a quiet river at dawn, slowly"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	pw0 := sb.writeSecret(t, "password.txt", "a quiet river at dawn, slowly")
	pw1 := sb.writeSecret(t, "changed.txt", "lanterns over the harbour at night")
	pw2 := sb.writeSecret(t, "rotated.txt", "seven herons cross the grey estuary")
	rk0File := sb.writeSecret(t, "old-key.txt", rk0.String())
	tend := func(pw, stdin string, args ...string) result {
		return sb.run(t, stdin, append([]string{"--vault", dir, "--password-file", pw}, args...)...)
	}
	if r := tend(pw0, "written before anything changed", "add", "--title", "before"); r.code != 0 {
		t.Fatal(r)
	}
	header0 := vaulttest.ReadFile(t, filepath.Join(dir, "tend.vault"))

	// The plain change: it revokes nothing that a copy of the old header
	// does not bring back.
	if r := tend(pw0, "", "passwd", "--new-password-file", pw1); r.code != 0 {
		t.Fatal(r)
	}
	if r := tend(pw1, "written after the password change", "add", "--title", "after passwd"); r.code != 0 {
		t.Fatal(r)
	}
	withOldHeader := func(name string) string {
		cp := filepath.Join(sb.root, name)
		vaulttest.CopyTree(t, dir, cp)
		if err := os.WriteFile(filepath.Join(cp, "tend.vault"), header0, 0o600); err != nil {
			t.Fatal(err)
		}
		return cp
	}
	cp := withOldHeader("copy-before")
	if r := sb.run(t, "", "--vault", cp, "--password-file", pw0, "list"); r.code != 0 || !strings.Contains(r.stdout, "after passwd") {
		t.Fatalf("the premise: the old header on a copy opens it with the old password and shows what came after: %v", r)
	}

	rk2File := filepath.Join(sb.home, "new-key.txt")
	r := tend(pw1, "", "rotate", "--new-password-file", pw2, "--recovery-key-file", rk2File)
	if r.code != 0 || !strings.Contains(r.stdout, "no longer open") {
		t.Fatalf("tend rotate: %v", r)
	}
	if r := tend(pw2, "written after the rotation", "add", "--title", "after rotate"); r.code != 0 {
		t.Fatal(r)
	}

	for _, pw := range []string{pw0, pw1} {
		if r := tend(pw, "", "list"); r.code != 3 {
			t.Errorf("an old password on the live journal: %v", r)
		}
		cp := withOldHeader("copy-after-" + filepath.Base(pw))
		if r := sb.run(t, "", "--vault", cp, "--password-file", pw, "list"); r.code == 0 {
			t.Errorf("the old header on a copy of the rotated journal opens it with %s: %v", filepath.Base(pw), r)
		}
	}
	third := sb.writeSecret(t, "third.txt", "a lamp left on in the kitchen window")
	if r := sb.run(t, "", "--vault", dir, "recover", "--recovery-key-file", rk0File, "--new-password-file", third); r.code != 3 {
		t.Errorf("tend recover with the revoked recovery key: %v", r)
	}
	cp = withOldHeader("copy-after-recover")
	if r := sb.run(t, "", "--vault", cp, "recover", "--recovery-key-file", rk0File, "--new-password-file", third); r.code == 0 {
		t.Errorf("tend recover with the revoked key on a copy with the old header: %v", r)
	}

	r = tend(pw2, "", "list")
	for _, title := range []string{"before", "after passwd", "after rotate"} {
		if r.code != 0 || !strings.Contains(r.stdout, title) {
			t.Fatalf("the new password lists %q: %v", title, r)
		}
	}
	if r := sb.run(t, "", "--vault", dir, "recover", "--recovery-key-file", rk2File, "--new-password-file", third); r.code != 0 {
		t.Fatalf("tend recover with the new recovery key: %v", r)
	}
}

// TestRotateRefusesAWeakPasswordBinary checks that tend rotate asks for a
// password as strong as any other, and changes nothing when it is not.
func TestRotateRefusesAWeakPasswordBinary(t *testing.T) {
	sb := newSandbox(t)
	dir := filepath.Join(sb.data, "tend")
	v, _, err := vault.Create(dir, []byte("a quiet river at dawn, slowly"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	pw := sb.writeSecret(t, "password.txt", "a quiet river at dawn, slowly")
	weak := sb.writeSecret(t, "weak.txt", "Summer2024!")
	hdr := filepath.Join(dir, "tend.vault")
	before := vaulttest.HashTree(t, dir)
	r := sb.run(t, "", "--vault", dir, "--password-file", pw, "rotate", "--new-password-file", weak)
	if r.code == 0 || !strings.Contains(r.stderr, "easy to guess") {
		t.Fatalf("tend rotate to Summer2024!: %v", r)
	}
	after := vaulttest.HashTree(t, dir)
	if _, ok := before[hdr]; !ok || after[hdr] != before[hdr] {
		t.Fatal("the header changed although the new password was refused")
	}
	if r := sb.run(t, "", "--vault", dir, "--password-file", pw, "list"); r.code != 0 {
		t.Fatalf("the password no longer works: %v", r)
	}
}
